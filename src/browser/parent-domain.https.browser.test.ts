import { beforeEach, describe, expect, test } from 'vitest'
import { deleteCookies } from './delete-cookies.js'
import { writeCookie } from './write-cookie.js'
import {
  clearCookies,
  nearNow,
  setCookie,
  storedCookie,
  storedCookies,
} from './test-support/cookie-jar.js'

/**
 * Cookies shared with the parent domain, as on a deployed site: only the https project
 * (https://www.example.org, vitest.browser-project.ts) runs this file, since a page on localhost
 * has no parent domain. A test that skipped on http would prove nothing there.
 */
describe('writeCookie on a site with a parent domain', () => {
  beforeEach(clearCookies)

  // kills: write-cookie.ts:13 domain ? … : '' → true (";domain=undefined": the browser refuses it)
  test('without a domain the cookie is host-only', async () => {
    writeCookie('temoin_id', 'v1', nearNow() + 86_400_000)
    expect((await storedCookie('temoin_id')).domain).toBe(location.hostname)
  })

  // kills: write-cookie.ts:13 domain ? … : '' → false, ';domain=' → "", '' → "Stryker was here!"
  test('with a domain the cookie is shared with the parent domain', async () => {
    writeCookie('_ga', 'GA1', nearNow() + 86_400_000, 'example.org')
    const stored = await storedCookie('_ga')
    expect(stored.domain).toBe('.example.org')
    expect(stored.secure).toBe(true)
  })
})

describe('deleteCookies on a site with a parent domain', () => {
  beforeEach(clearCookies)

  // kills: delete-cookies.ts:22 i < labels.length - 1 → i >= …/false, the loop's body removed,
  // split('.') mutated, labels.slice(i) mutated
  test('a cookie set for the host or the parent domain is deleted too, whatever its domain', async () => {
    setCookie('_ga', 'parent', ';domain=example.org')
    setCookie('_gid', 'host', ';domain=www.example.org')
    setCookie('_gcl_au', 'host-only')
    setCookie('site_session', 'kept', ';domain=example.org')
    deleteCookies(['_ga', '_gid', '_gcl_au'])
    expect(await storedCookies()).toEqual([
      expect.objectContaining({ name: 'site_session', domain: '.example.org' }),
    ])
  })
})
