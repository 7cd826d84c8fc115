import { describe, expect, it } from 'vitest'
import type { ConsentReceipt } from '../protocol/consent-payload.js'
import { formatReceiptsExport, verifyReceiptsExport } from './receipts-export.js'

const T = Date.parse('2026-03-10T09:00:00.000Z')
const receipt = (i: number, over: Partial<ConsentReceipt> = {}): ConsentReceipt => ({
  id: i.toString(16).padStart(32, '0'),
  time: T + i * 60_000,
  site: 'example.org',
  policyVersion: '2026-03',
  granted: i % 2 ? ['statistics', 'personalisation'] : [],
  refused: i % 2 ? [] : ['statistics', 'personalisation'],
  deposit: T + i * 60_000,
  expires: T + i * 60_000 + 86_400_000,
  visitor: i % 2 ? `1767225600.${'a'.repeat(31)}${i}` : null,
  gpc: i === 4,
  ...over,
})
const receipts = [1, 2, 3, 4, 5].map((i) => receipt(i))
const scope = { site: 'example.org', from: '2026-03-01', to: '2026-03-31' }

/** The text with line `n` (1-based) changed by `edit`. */
const editLine = (text: string, n: number, edit: (line: string) => string) =>
  text
    .split('\n')
    .map((l, i) => (i === n - 1 ? edit(l) : l))
    .join('\n')
const dropLine = (text: string, n: number) =>
  text
    .split('\n')
    .filter((_, i) => i !== n - 1)
    .join('\n')

describe.each(['json', 'csv'] as const)('a %s export of receipts', (format) => {
  const { text, digest } = formatReceiptsExport(receipts, scope, format)
  // Line 1 is the header; receipts are lines 2 to 6; the end line is 7.

  it('verifies, with its count and digest, and with the digest it printed', () => {
    expect(verifyReceiptsExport(text)).toEqual({ ok: true, count: 5, digest })
    expect(verifyReceiptsExport(text, digest.toUpperCase())).toMatchObject({ ok: true })
    expect(digest).toMatch(/^[0-9a-f]{64}$/)
  })

  it('gives the same digest in both formats: it is the receipts’, not the file’s', () => {
    const other = formatReceiptsExport(receipts, scope, format === 'json' ? 'csv' : 'json')
    expect(other.digest).toBe(digest)
  })

  it('names the line of a flipped byte: a granted purpose, a visitor, a date', () => {
    // A refusal turned into a consent (line 3: receipt 2, refused everything).
    const forged = editLine(text, 3, (l) =>
      l
        .replace('"granted":[]', '"granted":["statistics"]')
        .replace(/,,statistics personalisation,/, ',statistics,statistics personalisation,'),
    )
    expect(forged).not.toBe(text)
    expect(verifyReceiptsExport(forged)).toMatchObject({ ok: false, line: 3 })
    // One character of a date.
    const moved = editLine(text, 5, (l) => l.replace('2026-03-10T09:04', '2026-03-10T09:05'))
    expect(moved).not.toBe(text)
    expect(verifyReceiptsExport(moved)).toEqual({
      ok: false,
      line: 5,
      problem: `receipt ${receipts[3]!.id} does not match its chain: this line was changed, or a receipt before it was taken out or put in.`,
    })
  })

  it('names the line after a removed receipt, and a cut or shortened end', () => {
    expect(verifyReceiptsExport(dropLine(text, 3))).toMatchObject({ ok: false, line: 3 })
    // The end line gone: cut short.
    const cut = dropLine(text, 7)
    expect(verifyReceiptsExport(cut)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('cut short') as unknown,
    })
    // The last receipt gone, the end line kept: its count and digest say so.
    expect(verifyReceiptsExport(dropLine(text, 6))).toMatchObject({ ok: false, line: 6 })
  })

  it('refuses a whole rewrite against the digest the export printed', () => {
    const rewritten = formatReceiptsExport(receipts.slice(0, 4), scope, format).text
    expect(verifyReceiptsExport(rewritten)).toMatchObject({ ok: true, count: 4 })
    expect(verifyReceiptsExport(rewritten, digest)).toMatchObject({
      ok: false,
      problem: expect.stringContaining(`not ${digest}`) as unknown,
    })
  })

  it('an empty export verifies, with the chain’s seed as digest', () => {
    const empty = formatReceiptsExport([], scope, format)
    expect(verifyReceiptsExport(empty.text)).toEqual({ ok: true, count: 0, digest: empty.digest })
  })
})

describe('verifyReceiptsExport on what is no export', () => {
  it.each([
    ['an empty file', ''],
    ['another JSON', '{"hello":1}\n'],
    ['another CSV', 'a,b,c\n1,2,3\n'],
  ])('refuses %s on its first line', (_, text) => {
    expect(verifyReceiptsExport(text)).toMatchObject({ ok: false, line: 1 })
  })
})
