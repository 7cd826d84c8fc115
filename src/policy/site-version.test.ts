import { describe, expect, it } from 'vitest'
import { policySchema } from './policy-schema.js'
import type { Policy } from './policy-schema.js'
import { concernsSite, siteVersion } from './site-version.js'

const summary = { fr: 'Résumé.', en: 'Summary.' }

/** Three sites; `history` as given, the current version being the last entry's. */
function policy(history: Policy['history'], version = history.at(-1)!.version): Policy {
  return policySchema.parse({
    version,
    effective: history.find((e) => e.version === version)?.effective ?? '2026-12-01',
    controller: { name: 'Démo', contact: 'dpo@example.org' },
    sites: [{ domain: 'a.org' }, { domain: 'b.org' }, { domain: 'c.org' }],
    purposes: {
      statistics: { basis: 'exempt', title: summary, description: summary },
    },
    history,
  })
}

const entry = (version: string, effective: string, sites?: string[]) => ({
  version,
  published: effective,
  effective,
  summary,
  ...(sites ? { sites } : {}),
})

describe('siteVersion', () => {
  it('is the latest version that concerned the site, so that a change to another site leaves it as it was', () => {
    const p = policy([
      entry('v1', '2026-01-01'),
      entry('v2', '2026-03-01', ['a.org']),
      entry('v3', '2026-06-01', ['b.org']),
      entry('v4', '2026-09-01', ['b.org', 'c.org']),
    ])
    expect(['a.org', 'b.org', 'c.org'].map((d) => siteVersion(p, d))).toEqual(['v2', 'v4', 'v4'])
  })

  it('reads the history by effective date, not by its order in the file', () => {
    const p = policy(
      [
        entry('v4', '2026-09-01', ['b.org']),
        entry('v2', '2026-03-01', ['a.org']),
        entry('v1', '2026-01-01'),
      ],
      'v4',
    )
    expect(siteVersion(p, 'a.org')).toBe('v2')
    expect(siteVersion(p, 'c.org')).toBe('v1')
  })

  it('is the policy version when the current version concerns every site, or has no entry', () => {
    const p = policy([entry('v1', '2026-01-01', ['a.org']), entry('v2', '2026-03-01')])
    expect(siteVersion(p, 'b.org')).toBe('v2')
    const unlisted = policy([entry('v1', '2026-01-01', ['a.org'])], 'v9')
    expect(siteVersion(unlisted, 'b.org')).toBe('v9')
  })

  it('ignores entries that take effect after the current version', () => {
    const p = policy(
      [entry('v1', '2026-01-01'), entry('v2', '2026-03-01', ['a.org']), entry('v3', '2027-01-01')],
      'v2',
    )
    expect(siteVersion(p, 'b.org')).toBe('v1')
  })

  it('falls back on the policy version for a site no version ever concerned', () => {
    const p = policy([entry('v1', '2026-01-01', ['a.org']), entry('v2', '2026-03-01', ['b.org'])])
    expect(siteVersion(p, 'c.org')).toBe('v2')
  })
})

describe('concernsSite', () => {
  it('is true for an entry naming no site or naming this one', () => {
    expect(concernsSite({}, 'a.org')).toBe(true)
    expect(concernsSite({ sites: ['a.org'] }, 'a.org')).toBe(true)
    expect(concernsSite({ sites: ['b.org'] }, 'a.org')).toBe(false)
  })
})
