import { describe, expect, it } from 'vitest'
import { checkSameOrigin } from './check-same-origin.js'

/**
 * The cross-site check of a state-changing request, header by header (test/auth.test.ts sends a
 * few forged logins through the server; these cover each path of the check and what the
 * refusal tells the operator).
 */
const DASHBOARD = 'http://dash.example:8080/dashboard/logout'
const WHY = "This request changes state but does not come from the dashboard's own page: "

function request(headers: Record<string, string>, method = 'POST', url = DASHBOARD) {
  return new Request(url, { method, headers })
}
const check = (req: Request, trustProxy = false) => checkSameOrigin(req, { trustProxy })
/** The reason the refusal gives, or null when the request may go on. */
const why = (req: Request, trustProxy = false) => {
  const refused = check(req, trustProxy)
  if (refused === null) return null
  expect(refused.code).toBe('CROSS_SITE_REFUSED')
  expect(refused.message.startsWith(WHY)).toBe(true)
  return refused.message.slice(WHY.length)
}

describe('checkSameOrigin', () => {
  // kills: check-same-origin.ts:4 ArrayDeclaration and StringLiteral (each safe method)
  it('lets GET, HEAD and OPTIONS through with no header at all: they change nothing', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(check(request({}, method))).toBeNull()
  })

  it('checks every other method, whatever the content type', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect(why(request({ 'content-type': 'application/json' }, method)), method).toBe(
        'it has neither Sec-Fetch-Site nor Origin.',
      )
    }
  })

  // kills: check-same-origin.ts:26 ConditionalExpression → false (Origin checked instead),
  // :27 ConditionalExpression → true, and the refusal's text
  it('Sec-Fetch-Site decides when sent: same-origin only, whatever Origin says', () => {
    const origin = 'http://dash.example:8080'
    expect(check(request({ 'sec-fetch-site': 'same-origin' }))).toBeNull()
    for (const site of ['same-site', 'cross-site', 'none']) {
      expect(why(request({ 'sec-fetch-site': site, origin })), site).toBe(
        `Sec-Fetch-Site is "${site}".`,
      )
    }
  })

  // kills: check-same-origin.ts:26 ConditionalExpression → true (no Sec-Fetch-Site refused)
  it('without Sec-Fetch-Site, an Origin of the request’s own host and port is enough, in any letter case', () => {
    expect(check(request({ origin: 'http://dash.example:8080' }))).toBeNull()
    expect(check(request({ origin: 'HTTP://Dash.Example:8080' }))).toBeNull()
    // Schemes are not compared: behind a TLS proxy the page is https, the request plain http.
    expect(check(request({ origin: 'https://dash.example:8080' }))).toBeNull()
  })

  it('an Origin of another host, or another port, is refused and named', () => {
    expect(why(request({ origin: 'http://evil.example:8080' }))).toBe(
      'it comes from evil.example:8080, not dash.example:8080.',
    )
    expect(why(request({ origin: 'http://dash.example' }))).toBe(
      'it comes from dash.example, not dash.example:8080.',
    )
  })

  // kills: check-same-origin.ts:34 ConditionalExpression → false, and :35 MethodExpression
  // (the header's first 100 characters only, however long it is)
  it('an Origin that is not exactly scheme://host[:port] is refused, quoted in at most 100 characters', () => {
    for (const origin of ['null', 'http://evil@dash.example:8080', 'http://dash.example:8080/']) {
      expect(why(request({ origin })), origin).toBe(
        `its Origin "${origin}" is not exactly scheme://host[:port].`,
      )
    }
    const long = `http://${'a'.repeat(300)}.example/`
    expect(why(request({ origin: long }))).toBe(
      `its Origin "${long.slice(0, 100)}" is not exactly scheme://host[:port].`,
    )
  })

  describe('behind a proxy (trustProxy), the host is the last X-Forwarded-Host', () => {
    const behind = (forwardedHost: string, origin: string) =>
      request({ origin, 'x-forwarded-host': forwardedHost }, 'POST', 'http://127.0.0.1:3000/x')

    // kills: check-same-origin.ts:37 ConditionalExpression → false, :38 UnaryOperator (at(+1)),
    // and the trim removed (the space after the comma would stay)
    it('the last of the list, trimmed, in any letter case', () => {
      expect(check(behind('dash.example', 'https://dash.example'), true)).toBeNull()
      expect(
        check(behind('evil.example, proxy.example, Dash.Example', 'https://dash.example'), true),
      ).toBeNull()
      expect(why(behind('dash.example, proxy.example', 'https://dash.example'), true)).toBe(
        'it comes from dash.example, not proxy.example.',
      )
    })

    // kills: check-same-origin.ts:40 LogicalOperator (forwarded && host)
    it('without the header (or an empty one), the request’s own host', () => {
      const own = request({ origin: 'http://127.0.0.1:3000' }, 'POST', 'http://127.0.0.1:3000/x')
      expect(check(own, true)).toBeNull()
      expect(check(behind('', 'http://127.0.0.1:3000'), true)).toBeNull()
    })

    // kills: check-same-origin.ts:37 ConditionalExpression → true
    it('is ignored without trustProxy: anyone can send it', () => {
      expect(why(behind('dash.example', 'https://dash.example'))).toBe(
        'it comes from dash.example, not 127.0.0.1:3000.',
      )
    })
  })
})
