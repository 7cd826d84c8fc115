import { beforeEach, describe, expect, test } from 'vitest'
import { deleteCookies } from './delete-cookies.js'
import { clearCookies, setCookie, storedCookies } from './test-support/cookie-jar.js'

const names = async () => (await storedCookies()).map((c) => c.name).sort()

/**
 * A withdrawal deletes the purpose's cookies from the visitor's browser (DESIGN.md rule 3), and
 * only those: checked in Chromium's cookie store, on http://localhost and on
 * https://www.example.org, where a cookie may have been set for the parent domain.
 */
describe('deleteCookies', () => {
  beforeEach(clearCookies)

  // kills: delete-cookies.ts:18 name == p → true / false / !=, split('=') → split('')
  test('an exact name deletes that cookie and no cookie it is a prefix of', async () => {
    setCookie('_ga', 'GA1')
    setCookie('_gat', '1')
    setCookie('site_session', 's')
    deleteCookies(['_ga'])
    expect(await names()).toEqual(['_gat', 'site_session'])
  })

  // kills: delete-cookies.ts:18 endsWith('*') → startsWith, slice(0, -1) → slice(0, +1) / removed,
  // startsWith → endsWith, the conditional → true / false
  test('a trailing * deletes every cookie with that prefix, and nothing else', async () => {
    setCookie('_ga', 'GA1')
    setCookie('_ga_ABC', '1')
    setCookie('_ga_XYZ', '2')
    setCookie('x_ga_', 'not a prefix match')
    setCookie('site_session', 's')
    deleteCookies(['_ga_*'])
    expect(await names()).toEqual(['_ga', 'site_session', 'x_ga_'])
  })

  // kills: delete-cookies.ts:18 some → every
  test('every pattern of the purpose is applied', async () => {
    setCookie('_ga', 'GA1')
    setCookie('_ga_ABC', '1')
    setCookie('site_session', 's')
    deleteCookies(['_ga', '_ga_*'])
    expect(await names()).toEqual(['site_session'])
  })

  // kills: delete-cookies.ts:21 writeCookie(name, '', 0) removed / the block removed
  test('a host-only cookie is deleted', async () => {
    setCookie('_pk_id', '1')
    deleteCookies(['_pk_id'])
    expect(await names()).toEqual([])
  })

  test('with no cookie at all, nothing is written', async () => {
    deleteCookies(['_ga', '_ga_*'])
    expect(await storedCookies()).toEqual([])
  })
})
