import { describe, expect, it } from 'vitest'
import { clearSessionCookie, formatSessionCookie, readSessionCookie } from './session-cookie.js'

/**
 * The session cookie as the browser receives it (test/auth.test.ts checks a login's cookie
 * through the server; these check the edges it does not reach: fractional and negative
 * lifetimes, the logout's cookie over HTTPS, and which cookie a request is read from).
 */
const attributes = (cookie: string) => cookie.split(/;\s*/).slice(1)
const withCookie = (cookie?: string) =>
  new Request(
    'http://127.0.0.1:8080/dashboard',
    cookie === undefined ? {} : { headers: { cookie } },
  )

describe('formatSessionCookie', () => {
  // A cookie must not outlive its session: a fraction of a second is dropped, never rounded up.
  // kills: session-cookie.ts:25 MethodExpression (Math.ceil / no Math.floor)
  it('Max-Age is the whole seconds left, rounded down', () => {
    const cookie = formatSessionCookie('abc', { secure: false, maxAgeSeconds: 43_199.9 })
    expect(attributes(cookie)).toContain('Max-Age=43199')
  })

  // kills: session-cookie.ts:25 Math.max removed / MethodExpression (Math.min)
  it('a lifetime already over gives Max-Age=0 (the browser drops the cookie), never a negative one', () => {
    const cookie = formatSessionCookie('abc', { secure: false, maxAgeSeconds: -5 })
    expect(attributes(cookie)).toContain('Max-Age=0')
  })

  it('over HTTPS: the __Host- name, Secure, HttpOnly, SameSite=Strict, Path=/', () => {
    const cookie = formatSessionCookie('abc', { secure: true, maxAgeSeconds: 7200 })
    expect(cookie).toMatch(/^__Host-temoin_session=abc;/)
    expect(attributes(cookie)).toEqual(
      expect.arrayContaining(['Max-Age=7200', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']),
    )
  })
})

describe('clearSessionCookie', () => {
  // The logout must name the very cookie the login set, or the browser keeps it.
  it('over HTTPS, empties the __Host- cookie at once, with the attributes it was set with', () => {
    const cookie = clearSessionCookie({ secure: true })
    expect(cookie).toMatch(/^__Host-temoin_session=;/)
    expect(attributes(cookie)).toEqual(
      expect.arrayContaining(['Max-Age=0', 'Path=/', 'HttpOnly', 'Secure', 'SameSite=Strict']),
    )
  })

  it('over HTTP, empties the plain cookie, not Secure', () => {
    const cookie = clearSessionCookie({ secure: false })
    expect(cookie).toMatch(/^temoin_session=;/)
    expect(attributes(cookie)).toContain('Max-Age=0')
    expect(attributes(cookie)).not.toContain('Secure')
  })
})

describe('readSessionCookie', () => {
  // kills: session-cookie.ts:47 the __Host- name not read (BooleanLiteral, LogicalOperator)
  it('reads the __Host- cookie of an HTTPS session', () => {
    expect(readSessionCookie(withCookie('theme=dark; __Host-temoin_session=k3J'))).toBe('k3J')
  })

  it('reads the plain cookie of an HTTP session', () => {
    expect(readSessionCookie(withCookie('temoin_session=k3J; theme=dark'))).toBe('k3J')
  })

  // Another host of the domain can set a plain cookie on this one (cookie tossing), never a
  // __Host- one: when both come, the __Host- one is the session.
  it('prefers the __Host- cookie when both are sent', () => {
    expect(readSessionCookie(withCookie('temoin_session=tossed; __Host-temoin_session=mine'))).toBe(
      'mine',
    )
  })

  it('is undefined without a cookie header, an empty one, or other cookies only', () => {
    expect(readSessionCookie(withCookie())).toBeUndefined()
    expect(readSessionCookie(withCookie(''))).toBeUndefined()
    expect(readSessionCookie(withCookie('theme=dark'))).toBeUndefined()
  })
})
