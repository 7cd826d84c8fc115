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
