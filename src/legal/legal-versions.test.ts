import { describe, expect, it } from 'vitest'
import { AppError } from '../lib/app-error.js'
import {
  formatLegalVersions,
  parseLegalVersions,
  recordVersion,
  sourceHash,
} from './legal-versions.js'

const page = (front: string, body: string) => `---\n${front}\n---\n${body}`

describe('the versions of a legal page', () => {
  it('hashes the text and its title, not the layout, the permalink or line endings', () => {
    const base = sourceHash(page('title: CGU\nlayout: a.njk', '# CGU\n\nTexte.\n'), '1')
    expect(base.title).toBe('CGU')
    expect(base.hash).toMatch(/^sha256-[0-9a-f]{64}$/)
    const same = [
      page('title: CGU\nlayout: b.njk\npermalink: cgu/', '# CGU\n\nTexte.\n'),
      page('title: CGU', '# CGU  \r\n\r\nTexte.\r\n\n'),
      page('title: CGU', '# CGU\n\nTexte.'),
    ]
    for (const s of same) expect(sourceHash(s, '2').hash, s).toBe(base.hash)
    const different = [
      page('title: Conditions', '# CGU\n\nTexte.\n'),
      page('title: CGU', '# CGU\n\nTexte changé.\n'),
    ]
    for (const s of different) expect(sourceHash(s, '1').hash, s).not.toBe(base.hash)
  })

  it('keeps the hash of a text from release to release: a new formula would make every page a new version', () => {
    // kills legal-versions.ts: the suffix of a text without policy values ('' → another string),
    // and the trailing-space pattern without its `$` (which removed every space).
    expect(sourceHash(page('title: CGU', '# CGU\n\nTexte.\n'), '1').hash).toBe(
      'sha256-561f5e0e6c2df808b676cbd91dc557b667e59d0f9cf17fcfbf572165e465b39d',
    )
    const tagged = page('title: P', 'Durée : {% temoinValue "cookies.lifetime" %}.')
    expect(sourceHash(tagged, '2026-11').hash).toBe(
      'sha256-1a87cad2e27af767b6633c0bd1e4338dee1ee2ba95b7519e939b863ec4c31c03',
    )
  })

  it('reads old Mac line endings (a lone CR) as line breaks, front matter included', () => {
    // kills legal-versions.ts: /\r\n?/g → /\r\n/g (the CR-only file lost its title)
    const lf = sourceHash(page('title: CGU', '# CGU\n\nTexte.\n'), '1')
    const cr = sourceHash('---\rtitle: CGU\r---\r# CGU\r\rTexte.\r', '1')
    expect(cr).toEqual(lf)
  })

  it('counts the spaces inside a line, only those at its end are left out', () => {
    // kills legal-versions.ts: /[ \t]+$/gm → /[ \t]+/gm
    const spaced = sourceHash(page('title: CGU', 'Texte un.'), '1').hash
    expect(sourceHash(page('title: CGU', 'Texteun.'), '1').hash).not.toBe(spaced)
    expect(sourceHash(page('title: CGU', 'Texte un. \t'), '1').hash).toBe(spaced)
  })

  it('gives a page without a title (or with a title that is not text) an empty title', () => {
    // kills legal-versions.ts: the title's typeof check → true, and its '' default → another string
    expect(sourceHash('Texte.', '1')).toEqual(sourceHash(page('title: ""', 'Texte.'), '1'))
    expect(sourceHash('Texte.', '1').title).toBe('')
    expect(sourceHash(page('title: [a, b]', 'Texte.'), '1').title).toBe('')
  })

  it('counts the policy’s version only for a text that writes the policy’s values', () => {
    const tagged = page('title: P', 'Durée : {% temoinValue "cookies.lifetime" %}.')
    expect(sourceHash(tagged, '2026-11').hash).not.toBe(sourceHash(tagged, '2027-01').hash)
    const output = page('title: P', 'Éditeur : {{ temoin.policy.controller.name }}.')
    expect(sourceHash(output, '2026-11').hash).not.toBe(sourceHash(output, '2027-01').hash)
  })

  it('adds a version of the day when the text changes, one per day', () => {
    const v1 = recordVersion([], 'sha256-a', 'CGU', '2026-11-26')
    expect(v1).toEqual([{ date: '2026-11-26', hash: 'sha256-a', title: 'CGU', html: '' }])
    const kept = [{ ...v1[0]!, html: '<p>a</p>' }]
    expect(recordVersion(kept, 'sha256-a', 'CGU', '2027-01-10')).toEqual(kept)
    const v2 = recordVersion(kept, 'sha256-b', 'CGU', '2027-01-10')
    expect(v2.map((v) => [v.date, v.hash])).toEqual([
      ['2026-11-26', 'sha256-a'],
      ['2027-01-10', 'sha256-b'],
    ])
    // Changed again the same day, or on a clock behind the last version: that version again.
    expect(recordVersion(v2, 'sha256-c', 'CGU', '2027-01-10').map((v) => v.hash)).toEqual([
      'sha256-a',
      'sha256-c',
    ])
    expect(recordVersion(v2, 'sha256-c', 'CGU', '2026-12-01').map((v) => v.date)).toEqual([
      '2026-11-26',
      '2027-01-10',
    ])
  })

  it('replaces the only version when the text changes again the same day', () => {
    // kills legal-versions.ts: slice(0, -1) → slice(0, +1), and `last.date >= today` → `>`
    const first = recordVersion([], 'sha256-a', 'CGU', '2026-11-26')
    expect(recordVersion(first, 'sha256-b', 'CGU v2', '2026-11-26')).toEqual([
      { date: '2026-11-26', hash: 'sha256-b', title: 'CGU v2', html: '' },
    ])
    // Three versions: the last one is compared and replaced, the others kept.
    const three = [
      ...recordVersion(first, 'sha256-b', 'CGU', '2026-12-01'),
      { date: '2027-01-10', hash: 'sha256-c', title: 'CGU', html: '<p>c</p>' },
    ]
    expect(recordVersion(three, 'sha256-c', 'CGU', '2027-02-01')).toEqual(three)
    expect(recordVersion(three, 'sha256-d', 'CGU', '2027-01-10').map((v) => v.hash)).toEqual([
      'sha256-a',
      'sha256-b',
      'sha256-d',
    ])
  })

  it('writes the file in a stable order: pages by source, two-space indent, a final newline', () => {
    // kills legal-versions.ts: the sort of the pages removed
    const v = { date: '2026-11-26', hash: `sha256-${'a'.repeat(64)}`, title: 'T', html: '' }
    expect(formatLegalVersions({ 'mentions.md': [v], 'cgu.md': [] })).toBe(
      `{\n  "cgu.md": [],\n  "mentions.md": [\n    {\n      "date": "2026-11-26",\n      "hash": "${v.hash}",\n      "title": "T",\n      "html": ""\n    }\n  ]\n}\n`,
    )
  })

  it('says what is wrong in a refused file: the JSON error, the field and zod’s reason, the dates', () => {
    const fail = (text: string) => () => parseLegalVersions(text, 'legal-versions.json')
    const prefix =
      'temoin/eleventy: legal-versions.json is not the history of legal pages the build writes ('
    // kills legal-versions.ts: the JSON.parse catch emptied (the reason was then the schema's)
    expect(fail('{"cgu.md": [')).toThrow(/the build writes \(.*\bJSON\b.*\)\.$/)
    // kills legal-versions.ts: the field's path or zod's message replaced, the reason emptied
    const v = { date: '2026-11-26', hash: `sha256-${'a'.repeat(64)}`, title: 'CGU', html: '' }
    expect(fail(JSON.stringify({ 'cgu.md': [v, { ...v, hash: 'md5-x' }] }))).toThrow(
      `${prefix}["cgu.md"][1].hash: Invalid string: must match pattern /^sha256-[0-9a-f]{64}$/).`,
    )
    // kills legal-versions.ts: a wrong top level was said to be at an empty field (": Invalid …")
    expect(fail('[]')).toThrow(
      `${prefix}the file: Invalid input: expected record, received array).`,
    )
    // kills legal-versions.ts: the message of dates that do not grow emptied
    expect(fail(JSON.stringify({ 'cgu.md': [v, { ...v, date: '2026-11-01' }] }))).toThrow(
      `${prefix}["cgu.md"][1]: dates must grow, 2026-11-01 after 2026-11-26).`,
    )
  })

  it('reads back what it writes, and refuses anything else', () => {
    const versions = {
      'cgu.md': [
        { date: '2026-11-26', hash: `sha256-${'a'.repeat(64)}`, title: 'CGU', html: '<p>x</p>' },
      ],
    }
    expect(parseLegalVersions(formatLegalVersions(versions), 'f')).toEqual(versions)
    expect(parseLegalVersions(undefined, 'f')).toEqual({})
    const v = versions['cgu.md'][0]
    for (const bad of [
      '[]',
      '{"cgu.md": {}}',
      JSON.stringify({ 'cgu.md': [{ ...v, hash: 'md5-x' }] }),
      JSON.stringify({ 'cgu.md': [{ ...v, extra: 1 }] }),
      JSON.stringify({ 'cgu.md': [v, v] }), // dates that do not grow
    ]) {
      const e = (() => {
        try {
          parseLegalVersions(bad, 'legal-versions.json')
        } catch (x) {
          return x
        }
      })()
      expect(e, bad).toBeInstanceOf(AppError)
      expect((e as AppError).code).toBe('LEGAL_VERSIONS_INVALID')
    }
  })
})
