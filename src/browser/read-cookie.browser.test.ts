import { beforeEach, describe, expect, test } from 'vitest'
import { readCookie } from './read-cookie.js'
import { clearCookies, setCookie } from './test-support/cookie-jar.js'

/** The cookies temoin.js reads back, from the page's real cookie jar (Chromium). */
describe('readCookie', () => {
  beforeEach(clearCookies)

  // kills: read-cookie.ts:12 return null → ''? (any value returned for a missing cookie)
  test('a cookie the page does not have reads as null', () => {
    setCookie('other', '1')
    expect(readCookie('temoin_consent')).toBeNull()
  })

  // kills: read-cookie.ts:8 split('; ') → split(''), read-cookie.ts:10 == → != / true / false
  test('each cookie is found by its exact name among several, not by a longer or shorter one', () => {
    setCookie('temoin', 'short')
    setCookie('temoin_id', 'the-id')
    setCookie('temoin_idx', 'longer')
    expect(readCookie('temoin_id')).toBe('the-id')
    expect(readCookie('temoin')).toBe('short')
    expect(readCookie('temoin_idx')).toBe('longer')
    expect(readCookie('temoin_i')).toBeNull()
  })

  // kills: read-cookie.ts:10 slice(i + 1) → slice(i - 1), indexOf('=') mutations
  test('a value holding "=" and "&" (the choice cookie) reads back whole', () => {
    setCookie('temoin_consent', 'd=1795687200&t=1795687200&v=2026-11&g=statistics&r=')
    expect(readCookie('temoin_consent')).toBe('d=1795687200&t=1795687200&v=2026-11&g=statistics&r=')
  })
})
