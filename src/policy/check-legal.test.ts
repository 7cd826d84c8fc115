import { describe, expect, it } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import { checkLegal } from './check-legal.js'
import type { Policy } from './policy-schema.js'

type Page = Policy['legal'][number]
const page = (kind: Page['kind'], source: string, language: string): Page => ({
  kind,
  source,
  language,
  changes: [],
})
/** The example policy with these pages, past the schema (the rule is what is tested). */
const withLegal = (legal: Page[]): Policy => ({ ...examplePolicy(), legal })

describe('checkLegal: the site’s own legal pages', () => {
  it('accepts one page per kind and language, each file once', () => {
    expect(examplePolicy().legal).toHaveLength(3)
    expect(checkLegal(examplePolicy())).toEqual([])
    const both = [page('privacy', 'confidentialite.md', 'fr'), page('privacy', 'privacy.md', 'en')]
    expect(checkLegal(withLegal(both))).toEqual([])
  })

  it('refuses a page in a language the policy does not list', () => {
    const p = withLegal([page('terms', 'agb.md', 'de')])
    expect(checkLegal(p)).toEqual([
      expect.objectContaining({
        severity: 'error',
        key: 'legal[0].language',
        rule: 'legal-language',
        message: 'is "de", which is not a language of the policy (fr, en).',
      }),
    ])
  })

  it('refuses a second page of a kind in one language, and one file for two kinds', () => {
    const twice = [page('terms', 'cgu.md', 'fr'), page('terms', 'cgu-2.md', 'fr')]
    expect(checkLegal(withLegal(twice))).toEqual([
      expect.objectContaining({
        key: 'legal[1]',
        rule: 'legal-duplicate',
        message: 'repeats legal[0]: a second terms in fr.',
      }),
    ])
    const shared = [page('terms', 'legal.md', 'fr'), page('legal-notice', 'legal.md', 'fr')]
    expect(checkLegal(withLegal(shared))).toEqual([
      expect.objectContaining({
        key: 'legal[1]',
        message: 'repeats legal[0]: the same source legal.md.',
      }),
    ])
  })

  it('refuses a source outside the site’s input folder (schema)', () => {
    for (const source of ['../secret.md', '/etc/passwd.md', 'a/../../b.md', 'noextension'])
      expect(() => examplePolicy({ legal: [page('terms', source, 'fr')] }), source).toThrow(
        /legal\[0\]\.source/,
      )
  })
})

describe('checkLegal: a substantial change of a legal page', () => {
  const change = (published: string, effective: string): Policy => {
    const p = examplePolicy()
    const terms = { ...page('terms', 'cgu.md', 'fr'), changes: [{ published, effective }] }
    return { ...p, legal: [terms] }
  }

  it('is announced notice.days ahead, as a change that lowers confidentiality', () => {
    expect(examplePolicy().notice.days).toBe(30)
    expect(checkLegal(change('2026-12-01', '2026-12-31'))).toEqual([])
    expect(checkLegal(change('2026-12-01', '2026-12-30'))).toEqual([
      {
        severity: 'error',
        key: 'legal[0].changes[0].effective',
        rule: 'legal-change-notice',
        message:
          'is 2026-12-30, 29 days after the change is published (2026-12-01); visitors are promised 30 days of notice.',
        fix: 'set 2026-12-31 or later.',
      },
    ])
  })
})
