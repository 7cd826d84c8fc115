import { beforeEach, describe, expect, test } from 'vitest'
import type { BrowserChange, BrowserConfig } from '../protocol/browser-config.js'
import {
  CONSENT_COOKIE,
  formatConsentCookie,
  type ConsentCookie,
} from '../protocol/consent-cookie.js'
import { addMonths } from '../protocol/months.js'
import { readChoice } from './read-choice.js'
import { clearCookies, setCookie } from './test-support/cookie-jar.js'

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d)
const purpose = (id: string, exempt = false) => ({
  id,
  exempt,
  title: { en: id },
  description: { en: id },
  recipients: [],
  cookies: [],
})
/** A policy of two purposes: choices live 13 months, a refusal is remembered 6. */
const config = (version = '2027-01', changes: BrowserChange[] = []): BrowserConfig => ({
  version,
  endpoint: '',
  languages: ['en'],
  purposes: [purpose('statistics', true), purpose('ads')],
  consentMonths: 13,
  refusalMonths: 6,
  lifetimeMonths: 13,
  queryKeys: [],
  privacyUrl: { en: '/privacy' },
  gpc: false,
  consentMode: null,
  changes,
})
const change = (
  version: string,
  published: number,
  effective: number,
  reconsent: string[],
): BrowserChange => ({ version, published, effective, summary: { en: 'changed' }, reconsent })

const DEPOSIT = day(2026, 1, 31) + 36_000_000 // 31 January 2026, 10:00 UTC
/** The choice cookie as temoin.js left it in the visitor's browser. */
const choose = (c: Partial<ConsentCookie> = {}) =>
  setCookie(
    CONSENT_COOKIE,
    formatConsentCookie({
      deposit: DEPOSIT,
      decided: DEPOSIT,
      version: '2027-01',
      granted: ['statistics', 'ads'],
      refused: [],
      ...c,
    }),
  )
const BOTH = ['statistics', 'ads']

/**
 * What temoin.js decides from the choice cookie in a real browser, at the boundaries of its
 * lifetimes: the cookie's (consentMonths from the first deposit), a refusal's (refusalMonths from
 * the decision), and a policy change's notice and reconsent. `now` is the script's clock.
 */
describe('readChoice', () => {
  beforeEach(clearCookies)

  // kills: read-choice.ts:57 valid?. → valid. (no choice: a TypeError), read-choice.ts:49 [] → ["Stryker was here"]
  test('a first visit gets the whole banner, and no notice', () => {
    expect(readChoice(config(), DEPOSIT)).toEqual({
      live: null,
      valid: null,
      ask: BOTH,
      notice: undefined,
    })
  })

  // kills: read-choice.ts:46 ?? → &&, read-choice.ts:57 && → ||, ask filter conditions
  test('a choice that answers every purpose shows no banner', () => {
    choose({ granted: ['statistics'], refused: ['ads'] })
    const read = readChoice(config(), DEPOSIT + 1000)
    expect(read.ask).toEqual([])
    expect(read.valid).toMatchObject({
      granted: ['statistics'],
      refused: ['ads'],
      deposit: DEPOSIT,
    })
    expect(read.live).toMatchObject({ deposit: DEPOSIT })
    expect(read.notice).toBeUndefined()
  })

  // kills: read-choice.ts:47 now < addMonths(deposit) → now <= / true; a later decision never extends it
  test('the cookie lives 13 months from its first deposit, however late the last decision', () => {
    const end = addMonths(DEPOSIT, 13) // 28 February 2027, 10:00 UTC: clamped, never later
    expect(end).toBe(day(2027, 2, 28) + 36_000_000)
    choose({ decided: addMonths(DEPOSIT, 11) })
    expect(readChoice(config(), end - 1).ask).toEqual([])
    const expired = readChoice(config(), end)
    expect(expired).toEqual({ live: null, valid: null, ask: BOTH, notice: undefined })
  })

  // kills: read-choice.ts:54 now < addMonths(decided, refusalMonths) → <= / true / false
  test('a refusal of everything is remembered 6 months from the decision, then asked again', () => {
    const decided = addMonths(DEPOSIT, 2)
    choose({ decided, granted: [], refused: BOTH })
    const before = readChoice(config(), addMonths(decided, 6) - 1)
    expect(before.ask).toEqual([])
    expect(before.valid?.refused).toEqual(BOTH)
    const after = readChoice(config(), addMonths(decided, 6))
    expect(after.valid).toBeNull()
    expect(after.ask).toEqual(BOTH)
    // the cookie itself still lives: its deposit is kept for the next decision
    expect(after.live).toMatchObject({ deposit: DEPOSIT, decided })
  })

  // kills: read-choice.ts:54 granted.length || … → &&, granted.length → true/false
  test('a choice that grants something stands past the refusal period, until the cookie ends', () => {
    choose({ granted: ['statistics'], refused: ['ads'] })
    const read = readChoice(config(), addMonths(DEPOSIT, 13) - 1)
    expect(read.ask).toEqual([])
    expect(read.valid?.granted).toEqual(['statistics'])
  })

  // kills: read-choice.ts:60 ask.length < ids.length → <= / true
  test('a choice that answers none of the policy purposes is the whole banner', () => {
    choose({ granted: ['newsletter'], refused: [] })
    const read = readChoice(config(), DEPOSIT + 1000)
    expect(read.valid).toBeNull()
    expect(read.ask).toEqual(BOTH)
    expect(read.live).not.toBeNull()
  })

  // kills: read-choice.ts:60 ask.length < ids.length → false
  test('a choice that answers some purposes asks only the others', () => {
    choose({ granted: ['statistics'], refused: [] })
    const read = readChoice(config(), DEPOSIT + 1000)
    expect(read.ask).toEqual(['ads'])
    expect(read.valid?.granted).toEqual(['statistics'])
  })

  describe('after a policy change', () => {
    const decided = addMonths(DEPOSIT, 1)
    const published = day(2026, 5, 1)
    const effective = day(2026, 6, 1)
    const major = change('2027-01', published, effective, ['ads'])
    const policy = config('2027-01', [
      change('2026-01', day(2025, 12, 1), day(2026, 1, 1), []),
      major,
    ])
    beforeEach(() => choose({ version: '2026-01', decided }))

    // kills: read-choice.ts:49 c.published <= now → < / true
    test('nothing is announced before the change is published, and it is from its publication', () => {
      expect(readChoice(policy, published - 1).notice).toBeUndefined()
      const read = readChoice(policy, published)
      expect(read.notice).toEqual(major)
      // during the notice, the old choice stands entirely
      expect(read.ask).toEqual([])
      expect(read.valid?.granted).toEqual(BOTH)
    })

    // kills: read-choice.ts:51 c.effective <= now → < / true / false, read-choice.ts:52 !includes → includes
    test('from its effective date, its reconsent purposes alone are asked again', () => {
      expect(readChoice(policy, effective - 1).ask).toEqual([])
      const read = readChoice(policy, effective)
      expect(read.ask).toEqual(['ads'])
      expect(read.valid?.granted).toEqual(['statistics'])
      expect(read.notice).toEqual(major)
      expect(read.live?.granted).toEqual(BOTH)
    })

    test('a refused reconsent purpose is asked again too', () => {
      choose({ version: '2026-01', decided, granted: ['statistics'], refused: ['ads'] })
      const read = readChoice(policy, effective)
      expect(read.ask).toEqual(['ads'])
      expect(read.valid).toMatchObject({ granted: ['statistics'], refused: [] })
    })

    // kills: read-choice.ts:62 published > seen → >= / true, the filter removed
    test('a notice closed after the publication is not shown again; closed before, it is', () => {
      choose({ version: '2026-01', decided, seen: published })
      expect(readChoice(policy, effective).notice).toBeUndefined()
      choose({ version: '2026-01', decided, seen: published - 1000 })
      expect(readChoice(policy, effective).notice).toEqual(major)
    })

    // kills: read-choice.ts:49 c.effective > cookie.decided → >= / true
    test('a change already in effect when the choice was made is neither announced nor re-asked', () => {
      choose({ version: '2026-01', decided: effective })
      const read = readChoice(policy, effective + 1000)
      expect(read.notice).toBeUndefined()
      expect(read.ask).toEqual([])
    })

    // kills: read-choice.ts:48 version != → == / true, read-choice.ts:49 old ? … : [] → true
    test('a choice made under the current version is not re-asked by its own change', () => {
      choose({ version: '2027-01', decided: published + 1000 })
      const read = readChoice(policy, effective)
      expect(read.notice).toBeUndefined()
      expect(read.ask).toEqual([])
    })

    test('a minor change (no reconsent) is announced and re-asks nothing', () => {
      const minor = change('2027-01', published, effective, [])
      const read = readChoice(config('2027-01', [minor]), effective)
      expect(read.notice).toEqual(minor)
      expect(read.ask).toEqual([])
      expect(read.valid?.granted).toEqual(BOTH)
    })

    test('of several changes since the choice, the latest published is announced', () => {
      const first = change('2026-06', day(2026, 3, 1), day(2026, 4, 1), [])
      const read = readChoice(config('2027-01', [first, major]), effective)
      expect(read.notice).toEqual(major)
      expect(read.ask).toEqual(['ads'])
    })
  })
})
