import { describe, expect, it } from 'vitest'
import { HSTS_MAX_AGE_SECONDS, strictTransportHeaders, withHeaders } from './strict-transport.js'

/** HSTS only when the operator says the server is HTTPS-only, added to any answer as it is. */
describe('strictTransportHeaders', () => {
  it('pins HTTPS for a year, on this host only, when the cookie is secure', () => {
    expect(HSTS_MAX_AGE_SECONDS).toBe(365 * 24 * 3600)
    expect(strictTransportHeaders({ secureCookie: true })).toEqual({
      'Strict-Transport-Security': 'max-age=31536000',
    })
  })

  it('sends nothing otherwise (a host also served over HTTP must not be pinned)', () => {
    expect(strictTransportHeaders({ secureCookie: false })).toEqual({})
  })
})

describe('withHeaders', () => {
  // kills: strict-transport.ts:32 ObjectLiteral (status and status text lost) and :31 the
  // loop's body removed (nothing added)
  it('adds the headers and keeps the status, its text, the other headers and the body', async () => {
    const original = new Response('gone', {
      status: 404,
      statusText: 'Not Found',
      headers: { 'content-type': 'text/plain', 'strict-transport-security': 'max-age=1' },
    })
    const res = withHeaders(original, { 'Strict-Transport-Security': 'max-age=31536000' })
    expect(res.status).toBe(404)
    expect(res.statusText).toBe('Not Found')
    expect(res.headers.get('content-type')).toBe('text/plain')
    // Set, not appended: one value, ours.
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000')
    expect(await res.text()).toBe('gone')
  })

  // Hono's static and redirect answers may have immutable headers: a copy is made to add any.
  it('works on an answer whose headers cannot be changed', () => {
    const redirect = Response.redirect('http://127.0.0.1/dashboard', 303)
    expect(() => redirect.headers.set('x', 'y')).toThrow()
    const res = withHeaders(redirect, { 'Strict-Transport-Security': 'max-age=31536000' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('http://127.0.0.1/dashboard')
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000')
  })

  it('with no header to add, gives the answer back as it is', () => {
    const res = new Response('ok')
    expect(withHeaders(res, {})).toBe(res)
  })
})
