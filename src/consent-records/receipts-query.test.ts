import { describe, expect, it } from 'vitest'
import { isAppError } from '../lib/app-error.js'
import { parseReceiptsQuery } from './receipts-query.js'

const policy = {
  sites: [{ domain: 'example.org' }, { domain: 'news.example' }],
  purposes: { statistics: {}, personalisation: {} },
} as unknown as Parameters<typeof parseReceiptsQuery>[1]
const NOW = Date.parse('2026-11-30T15:00:00Z')
const parse = (query: string) => parseReceiptsQuery(new URLSearchParams(query), policy, NOW)
const refusal = (query: string) => {
  const result = parse(query)
  if (result.ok) throw new Error(`${query} was accepted`)
  expect(isAppError(result.error) && result.error.code).toBe('RECEIPTS_QUERY_INVALID')
  return result.error.message
}
const ID = 'a'.repeat(32)
const VISITOR = `1767225600.${'b'.repeat(32)}`

/**
 * parseReceiptsQuery on its own: each refusal's whole message (the receipts API tests check
 * where it points), the defaults, and exactly the fields a query has. Each case kills mutants
 * of receipts-query.ts that the API tests let through (the messages, the default period).
 */
describe('parseReceiptsQuery', () => {
  it.each([
    [
      'site=example.org&page=1',
      'page: not a parameter; they are site, from, to, id, visitor, purpose, decision, format.',
    ],
    // An unknown name is repeated only when short and plain: 32 characters, not 33 nor "<x>".
    [`site=example.org&${'k'.repeat(32)}=1`, `${'k'.repeat(32)}: not a parameter;`],
    [`site=example.org&${'k'.repeat(33)}=1`, '(an unknown parameter): not a parameter;'],
    ['site=example.org&%3Cx%3Epage=1', '(an unknown parameter): not a parameter;'],
    ['site=example.org&page%3Cx%3E=1', '(an unknown parameter): not a parameter;'],
    ['site=elsewhere.example', "site: name one of the policy's sites: example.org, news.example."],
    ['site=example.org&to=2026-02-30', 'to: not a date; write YYYY-MM-DD (UTC).'],
    ['site=example.org&from=2026-13-01&to=2026-12-31', 'from: not a date; write YYYY-MM-DD (UTC).'],
    [
      'site=example.org&from=2026-03-02&to=2026-03-01',
      'from: after `to`; the period is from `from` to `to`, both included.',
    ],
    ['site=example.org&id=xyz', 'id: not a receipt id (32 hexadecimal digits).'],
    [
      'site=example.org&visitor=1',
      'visitor: not a visitor id (10 digits, ".", 32 hexadecimal digits).',
    ],
    [
      'site=example.org&purpose=marketing',
      'purpose: not a purpose of the policy: statistics, personalisation.',
    ],
    ['site=example.org&purpose=statistics&decision=maybe', 'decision: granted or refused.'],
    [
      'site=example.org&decision=refused',
      'decision: a decision about which purpose? Add purpose=.',
    ],
    ['site=example.org&format=xml', 'format: json or csv.'],
  ])('%s: %s', (query, message) => {
    expect(refusal(query)).toContain(message)
  })

  it('reads the last year up to today by default, json, and no other field', () => {
    expect(parse('site=EXAMPLE.org')).toStrictEqual({
      ok: true,
      value: { site: 'example.org', from: '2025-12-01', to: '2026-11-30', format: 'json' },
    })
    // The default `from` is 364 days before the `to` given.
    expect(parse('site=example.org&to=2026-03-01')).toStrictEqual({
      ok: true,
      value: { site: 'example.org', from: '2025-03-02', to: '2026-03-01', format: 'json' },
    })
  })

  it('reads decision=granted as given (receipts-query.ts:70, `!== granted` → true, survived)', () => {
    expect(parse('site=example.org&purpose=statistics&decision=granted')).toMatchObject({
      ok: true,
      value: { purpose: 'statistics', decision: 'granted' },
    })
  })

  it('keeps each filter given, and the decision granted by default', () => {
    expect(
      parse(
        `site=example.org&from=2026-03-01&to=2026-03-31&id=${ID}&visitor=${VISITOR}&purpose=statistics&format=csv`,
      ),
    ).toStrictEqual({
      ok: true,
      value: {
        site: 'example.org',
        from: '2026-03-01',
        to: '2026-03-31',
        format: 'csv',
        id: ID,
        visitor: VISITOR,
        purpose: 'statistics',
        decision: 'granted',
      },
    })
  })
})
