import { describe, expect, it } from 'vitest'
import {
  CONSENT_COOKIE,
  formatConsentCookie,
  parseConsentCookie,
  VISITOR_COOKIE,
  type ConsentCookie,
} from './consent-cookie.js'

/**
 * The choice cookie is the visitor's consent record in their own browser: what it says decides
 * whether the banner shows and what the tracker may send. These tests were written against the
 * mutants of consent-cookie.ts that Stryker found alive (npm run mutate -- protocol); each names
 * the mutant it kills.
 */
const DEPOSIT = Date.UTC(2026, 10, 2, 9, 0, 0)
const choice: ConsentCookie = {
  deposit: DEPOSIT,
  decided: DEPOSIT + 60_000,
  version: '2026-11',
  granted: ['statistics', 'video'],
  refused: ['ads', 'maps'],
  receipt: 'r1',
  seen: DEPOSIT + 120_000,
}

// kills: :25 StringLiteral "" — the name is a contract: a site's own server code reads the
// choice under it (docs/browser.md), and temoin.js deletes no cookie of that name.
it('names the choice cookie temoin_consent and the visitor cookie temoin_id', () => {
  expect([CONSENT_COOKIE, VISITOR_COOKIE]).toEqual(['temoin_consent', 'temoin_id'])
})

describe('formatConsentCookie', () => {
  // kills: :29 ArithmeticOperator ms * 1000; :33 ObjectLiteral {}; :37/:38 StringLiteral ""
  // (two refused purposes: :38 join('') would run them together)
  it('writes every field under its short name, dates in whole unix seconds', () => {
    const p = new URLSearchParams(formatConsentCookie(choice))
    expect(Object.fromEntries(p)).toEqual({
      d: String(DEPOSIT / 1000),
      t: String((DEPOSIT + 60_000) / 1000),
      v: '2026-11',
      g: 'statistics,video',
      r: 'ads,maps',
      id: 'r1',
      s: String((DEPOSIT + 120_000) / 1000),
    })
  })

  it('rounds a date down to the second: a cookie never claims a later deposit', () => {
    const p = new URLSearchParams(formatConsentCookie({ ...choice, deposit: DEPOSIT + 999 }))
    expect(p.get('d')).toBe(String(DEPOSIT / 1000))
  })

  // kills: :40 ConditionalExpression true, EqualityOperator >= 0 (DESIGN.md rule 4: a refusal
  // keeps no receipt id in the cookie)
  it('keeps the receipt id only when something is granted', () => {
    const refused = formatConsentCookie({ ...choice, granted: [], refused: ['statistics'] })
    expect(new URLSearchParams(refused).has('id')).toBe(false)
  })

  // kills: :40 EqualityOperator <= 0, StringLiteral ""
  it('keeps the receipt id under `id` when one purpose is granted', () => {
    const one = formatConsentCookie({ ...choice, granted: ['statistics'] })
    expect(new URLSearchParams(one).get('id')).toBe('r1')
  })

  // kills: :41 StringLiteral ""
  it('writes no notice date until a notice was closed', () => {
    const p = new URLSearchParams(formatConsentCookie({ ...choice, seen: undefined }))
    expect(p.has('s')).toBe(false)
    expect(p.has('')).toBe(false)
  })

  it('reads back what it wrote', () => {
    expect(parseConsentCookie(formatConsentCookie(choice))).toEqual(choice)
  })
})

describe('parseConsentCookie', () => {
  const read = (fields: Record<string, string>) =>
    parseConsentCookie(new URLSearchParams(fields).toString())
  const valid = { d: '1795687200', t: '1795687260', v: '2026-11', g: 'statistics', r: 'ads' }

  // kills: :48–:50 StringLiteral "" (each field is read under its own name)
  it('reads the deposit, the decision and the version from d, t and v', () => {
    expect(read(valid)).toMatchObject({
      deposit: 1795687200_000,
      decided: 1795687260_000,
      version: '2026-11',
    })
  })

  // kills: :55/:56 ArithmeticOperator d / 1000, t / 1000
  it('turns seconds back into epoch milliseconds', () => {
    const c = read(valid)!
    expect(new Date(c.deposit).toISOString()).toBe('2026-11-26T10:00:00.000Z')
    expect(c.decided - c.deposit).toBe(60_000)
  })

  // kills: :51 ConditionalExpression false, LogicalOperator &&, EqualityOperator d >= 0
  it('refuses a cookie without a deposit date, or with a zero or negative one', () => {
    expect(read({ ...valid, d: '' })).toBeNull()
    expect(read({ ...valid, d: '0', t: '0' })).toBeNull()
    expect(read({ ...valid, d: '-5', t: '1' })).toBeNull()
    expect(read({ ...valid, d: 'x' })).toBeNull()
  })

  // kills: :51 EqualityOperator d <= 0, BooleanLiteral d > 0
  it('accepts the smallest deposit there is (one second after the epoch)', () => {
    expect(read({ ...valid, d: '1', t: '1' })?.deposit).toBe(1000)
  })

  // kills: :51 EqualityOperator t > d, t < d, BooleanLiteral t >= d, ConditionalExpression
  it('refuses a decision dated before the first deposit, accepts one at the same second', () => {
    expect(read({ ...valid, t: '1795687199' })).toBeNull()
    expect(read({ ...valid, t: '1795687200' })?.decided).toBe(1795687200_000)
  })

  it('refuses a cookie without a policy version', () => {
    expect(read({ ...valid, v: '' })).toBeNull()
    expect(parseConsentCookie('d=1795687200&t=1795687260&g=&r=')).toBeNull()
  })

  // kills: :52 MethodExpression (no filter), StringLiteral "Stryker was here!", ""
  it('reads comma lists, dropping empty items, and an absent list as empty', () => {
    expect(read({ ...valid, g: 'statistics,,video,', r: '' })).toMatchObject({
      granted: ['statistics', 'video'],
      refused: [],
    })
    expect(parseConsentCookie('d=1795687200&t=1795687260&v=1&r=ads')?.granted).toEqual([])
  })

  // kills: :58 StringLiteral "" (g), :59 StringLiteral "" (r)
  it('reads granted from g and refused from r', () => {
    const c = read({ ...valid, g: 'video', r: 'ads,statistics' })!
    expect(c.granted).toEqual(['video'])
    expect(c.refused).toEqual(['ads', 'statistics'])
  })

  // kills: :60 StringLiteral "" (id)
  it('reads the receipt id from id, and none when absent or empty', () => {
    expect(read({ ...valid, id: 'abc' })?.receipt).toBe('abc')
    expect(read({ ...valid, id: '' })?.receipt).toBeUndefined()
    expect(read(valid)?.receipt).toBeUndefined()
  })

  // kills: :61 ArithmeticOperator / 1000, StringLiteral "" (s)
  it('reads when a notice was closed, in epoch ms, and 0 when never', () => {
    expect(read({ ...valid, s: '1795687300' })?.seen).toBe(1795687300_000)
    expect(read(valid)?.seen).toBe(0)
  })
})
