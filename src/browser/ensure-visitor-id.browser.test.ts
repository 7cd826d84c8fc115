import { beforeEach, describe, expect, test } from 'vitest'
import { VISITOR_COOKIE } from '../protocol/consent-cookie.js'
import { addMonths } from '../protocol/months.js'
import { parseVisitorId } from '../protocol/visitor-id.js'
import { ensureVisitorId } from './ensure-visitor-id.js'
import { clearCookies, nearNow, setCookie, storedCookie } from './test-support/cookie-jar.js'

const LIFETIME = 13
const HEX = '8f14e45fceea167a5a36dedd4bea2543'
/** An id deposited at `ms` (whole seconds), as a visitor's browser would hold it. */
const idAt = (ms: number) => `${Math.floor(ms / 1000)}.${HEX}`
/** The expiry the browser keeps for temoin_id, epoch ms. */
const expiry = async () => (await storedCookie(VISITOR_COOKIE)).expires * 1000

/**
 * The visitor id under a consent, as the browser keeps it: kept while it was made under this
 * choice and is younger than its lifetime, else replaced; its cookie never outlives the id's own
 * lifetime nor the choice, and a later write never moves its expiry. `now` is the script's clock,
 * near the browser's own so that the browser keeps the cookies it is given.
 */
describe('ensureVisitorId', () => {
  beforeEach(clearCookies)

  test('a first consent makes an id deposited now, in a cookie that ends with it', async () => {
    const second = nearNow()
    const now = second + 600
    const id = ensureVisitorId(now - 5_000, now, LIFETIME, addMonths(now, 24))
    expect(parseVisitorId(id)?.deposit).toBe(second)
    const stored = await storedCookie(VISITOR_COOKIE)
    expect(stored.value).toBe(id)
    // kills: ensure-visitor-id.ts:28 now - (now % 1000) → now + (now % 1000) / now - now * 1000,
    // ensure-visitor-id.ts:30 Math.min → Math.max (the choice ends later here: the id's end wins)
    expect(stored.expires * 1000).toBe(addMonths(second, LIFETIME))
  })

  // kills: ensure-visitor-id.ts:30 Math.min → Math.max
  test('the cookie ends with the choice when the choice ends first', async () => {
    const now = nearNow()
    const choiceExpires = addMonths(now, 2)
    ensureVisitorId(now, now, LIFETIME, choiceExpires)
    expect(await expiry()).toBe(choiceExpires)
  })

  // kills: ensure-visitor-id.ts:24 conditional → false, && → ||
  test('a later page view keeps the id, and its expiry does not move', async () => {
    const deposit = nearNow() - 3_600_000
    const first = ensureVisitorId(deposit, deposit, LIFETIME, addMonths(deposit, 24))
    const end = await expiry()
    const later = ensureVisitorId(deposit, deposit + 3_000_000, LIFETIME, addMonths(deposit, 24))
    expect(later).toBe(first)
    expect(await expiry()).toBe(end)
  })

  // kills: ensure-visitor-id.ts:24 old.deposit >= deposit → > deposit
  test('an id deposited at the very second of the consent is kept', () => {
    const deposit = nearNow() - 60_000
    setCookie(VISITOR_COOKIE, idAt(deposit))
    expect(ensureVisitorId(deposit, deposit + 60_000, LIFETIME, addMonths(deposit, 13))).toBe(
      idAt(deposit),
    )
  })

  // kills: ensure-visitor-id.ts:24 old.deposit >= deposit → true / <, conditional → true
  test('an id older than the consent is replaced: it cannot outlive a consent given after it', async () => {
    const deposit = nearNow() - 60_000
    setCookie(VISITOR_COOKIE, idAt(deposit - 1_000))
    const id = ensureVisitorId(deposit, deposit + 60_000, LIFETIME, addMonths(deposit, 13))
    expect(id).not.toBe(idAt(deposit - 1_000))
    expect(parseVisitorId(id)?.deposit).toBe(deposit + 60_000)
    expect((await storedCookie(VISITOR_COOKIE)).value).toBe(id)
  })

  // kills: ensure-visitor-id.ts:24 now < addMonths(…) → now <= / true
  test('an id is kept until the last millisecond of its lifetime, and replaced at its end', () => {
    const deposit = Date.UTC(2026, 0, 31, 10, 0, 0)
    const end = addMonths(deposit, LIFETIME) // 2027-02-28T10:00Z: clamped at the month's end
    setCookie(VISITOR_COOKIE, idAt(deposit))
    expect(ensureVisitorId(deposit, end - 1, LIFETIME, end)).toBe(idAt(deposit))
    setCookie(VISITOR_COOKIE, idAt(deposit))
    const renewed = ensureVisitorId(deposit, end, LIFETIME, addMonths(deposit, 24))
    expect(renewed).not.toBe(idAt(deposit))
    expect(parseVisitorId(renewed)?.deposit).toBe(end)
  })

  test('a cookie that is not an id is replaced', () => {
    setCookie(VISITOR_COOKIE, 'not-an-id')
    const now = nearNow()
    const id = ensureVisitorId(now, now, LIFETIME, addMonths(now, 13))
    expect(parseVisitorId(id)?.deposit).toBe(now)
  })
})
