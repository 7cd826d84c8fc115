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

describe('verifyReceiptsExport: each way an export can be broken, named with its line', () => {
  const json = formatReceiptsExport(receipts, scope, 'json')
  const csv = formatReceiptsExport(receipts, scope, 'csv')
  const COLUMNS = csv.text.split('\n')[0]!
  const endLine = (text: string) => text.split('\n')[6]!

  // kills: receipts-export.ts, the cut end's line (`lines + 1` → `lines - 1`) and its message
  it.each([
    ['json', json.text],
    ['csv', csv.text],
  ])('a %s export without its end line: cut short, after its last line', (_, text) => {
    expect(verifyReceiptsExport(dropLine(text, 7))).toEqual({
      ok: false,
      line: 7,
      problem:
        'the export has no end line: it was cut short (receipts after this point may be missing).',
    })
  })

  // kills: the end line's check (`||` → `&&`, → false) and its message
  it('an end line whose count was changed, its digest kept', () => {
    const told = editLine(json.text, 7, (l) => l.replace('"count":5', '"count":6'))
    expect(told).not.toBe(json.text)
    expect(verifyReceiptsExport(told)).toEqual({
      ok: false,
      line: 7,
      problem: `the end line announces 6 receipts and the digest ${json.digest}; the export holds 5, digest ${json.digest}: receipts were taken out or put in at the end.`,
    })
  })

  // kills: the first line's check (→ true) and its message
  it('a first line that is not this format’s, and one that is', () => {
    expect(verifyReceiptsExport('{"format":"temoin-receipts/2"}\n')).toEqual({
      ok: false,
      line: 1,
      problem: 'the first line does not say "format": "temoin-receipts/1".',
    })
    expect(verifyReceiptsExport(csv.text.replace('id,time', 'id,when'))).toEqual({
      ok: false,
      line: 1,
      problem: `the first line is not the header ${COLUMNS}.`,
    })
  })

  // kills: the messages of a line that is no JSON object, an early end, an end without its figures
  it('a JSON line that is no object, an end line before the end, an end line without its figures', () => {
    // kills: parseObject's test (→ true, either `&&` → `||`): a list, null, a number, a text
    for (const value of ['[1,2]', 'null', '5', '"text"'])
      expect(verifyReceiptsExport(editLine(json.text, 3, () => value)), value).toEqual({
        ok: false,
        line: 3,
        problem: 'not a JSON object.',
      })
    const early = editLine(json.text, 3, () => endLine(json.text))
    expect(verifyReceiptsExport(early)).toEqual({
      ok: false,
      line: 3,
      problem: 'an end line before the end.',
    })
    for (const broken of ['"count":"5"', '"count":5,"digest":7'])
      expect(
        verifyReceiptsExport(editLine(json.text, 7, () => `{"end":"temoin-receipts/1",${broken}}`)),
      ).toEqual({ ok: false, line: 7, problem: 'the end line lacks its count or digest.' })
  })

  // kills: the receipt's shape check: the dates list emptied, `some` → `every`, → false, the message
  it.each([
    ['a date as a number', (l: string) => l.replace(/"time":"[^"]*"/, '"time":1773133260000')],
    ['an expiry as a number', (l: string) => l.replace(/"expires":"[^"]*"/, '"expires":0')],
    ['no chain', (l: string) => l.replace(/,"chain":"[0-9a-f]*"/, '')],
    ['granted not a list', (l: string) => l.replace(/"granted":\[[^\]]*\]/, '"granted":"x"')],
  ])('a JSON receipt with %s is no receipt of this format', (_, edit) => {
    const broken = editLine(json.text, 4, edit)
    expect(broken).not.toBe(json.text)
    expect(verifyReceiptsExport(broken)).toEqual({
      ok: false,
      line: 4,
      problem: 'not a receipt of this format.',
    })
  })

  // kills: readCsv's messages: not CSV, a row of the wrong width, an end row before the end
  it('CSV that does not parse, a row of the wrong width, an end row before the end', () => {
    const unclosed = editLine(csv.text, 3, (l) => `"${l}`)
    const notCsv = verifyReceiptsExport(unclosed)
    expect(notCsv).toMatchObject({ ok: false })
    expect(notCsv.ok === false && notCsv.problem).toMatch(/^not CSV: ./)
    expect(
      verifyReceiptsExport(editLine(csv.text, 4, (l) => l.split(',').slice(1).join(','))),
    ).toEqual({
      ok: false,
      line: 4,
      problem: `not ${COLUMNS.split(',').length} fields.`,
    })
    const early = editLine(csv.text, 3, () => endLine(csv.text))
    expect(verifyReceiptsExport(early)).toEqual({
      ok: false,
      line: 3,
      problem: 'an end row before the end.',
    })
  })

  // kills: the end row's empty fields (receipts-export.ts, `end`), each written and checked
  it('an end row whose empty fields hold text', () => {
    const fields = endLine(csv.text).split(',')
    expect(fields.slice(5, 10)).toEqual(['', '', '', '', ''])
    for (let at = 5; at < 10; at++) {
      const filled = editLine(csv.text, 7, (l) =>
        l
          .split(',')
          .map((f, i) => (i === at ? 'x' : f))
          .join(','),
      )
      expect(verifyReceiptsExport(filled), `field ${at}`).toEqual({
        ok: false,
        line: 7,
        problem: 'an end row with text where this format writes none.',
      })
    }
  })
})
