import { beforeEach, describe, expect, test } from 'vitest'
import { writeCookie } from './write-cookie.js'
import {
  clearCookies,
  nearNow,
  onHttpsSite,
  storedCookie,
  storedCookies,
} from './test-support/cookie-jar.js'

/**
 * What the browser keeps of a cookie temoin.js writes: run on http://localhost and on
 * https://www.example.org (vitest.browser-project.ts), read from Chromium's cookie store.
 */
describe('writeCookie', () => {
  beforeEach(clearCookies)

  // kills: write-cookie.ts:11 the cookie string → `` (nothing written), path/expires/SameSite text
  test('the browser keeps the value until the given expiry, to the second, for the whole site', async () => {
    const expires = nearNow() + 86_400_000 + 750
    writeCookie('temoin_id', 'v1', expires)
    const stored = await storedCookie('temoin_id')
    expect(stored.value).toBe('v1')
    expect(stored.expires).toBe(Math.floor(expires / 1000))
    expect(stored.sameSite).toBe('Lax')
    expect(document.cookie).toContain('temoin_id=v1')
  })

  // kills: write-cookie.ts:12 == 'https:' → true / false / != / "", ';Secure' → "",
  // and '' → "Stryker was here!" (on http, `SameSite=LaxStryker was here!`: SameSite left unsaid,
  // which Firefox and Safari read as None, sending the cookie on cross-site requests)
  test('the cookie is Secure exactly when the page is https, and keeps SameSite=Lax', async () => {
    writeCookie('temoin_consent', 'x', nearNow() + 86_400_000)
    const stored = await storedCookie('temoin_consent')
    expect(stored.secure).toBe(onHttpsSite)
    expect(stored.sameSite).toBe('Lax')
  })

  test('an expiry in the past deletes the cookie', async () => {
    writeCookie('temoin_id', 'v1', nearNow() + 86_400_000)
    writeCookie('temoin_id', '', 0)
    expect(await storedCookies()).toEqual([])
  })
})
