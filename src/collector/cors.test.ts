import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createHarness, type Harness } from '../../test/helpers/collector-harness.js'

/**
 * CORS and the origin allow-list as a browser meets them (docs/api.md, "CORS"): a preflight
 * grants the methods only to a page of one of the policy's sites, and a refused origin is told
 * which header was at fault. Through the collector's own `fetch`.
 */

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h.close()
})

const PAGE = 'https://demo.temoin.example/a'

function preflight(path: string, origin?: string): Promise<Response> {
  return h.fetch(
    new Request(`http://collector.test${path}`, {
      method: 'OPTIONS',
      headers: { 'access-control-request-method': 'GET', ...(origin ? { origin } : {}) },
    }),
  )
}

const granted = (res: Response) =>
  Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('access-control-')))

describe('preflight', () => {
  // kills: cors.ts:38 ConditionalExpression → true
  test('a foreign origin (or none) is answered 204 with Allow, but granted nothing', async () => {
    // /healthz is outside /api/*, so a foreign origin reaches the preflight instead of a 403.
    for (const origin of ['https://evil.example', undefined]) {
      const res = await preflight('/healthz', origin)
      expect(res.status).toBe(204)
      expect(res.headers.get('allow')).toBe('GET, OPTIONS')
      expect(granted(res)).toEqual({})
    }
  })

  // kills: cors.ts:43 StringLiteral → ""
  test('a preflight answer varies on Origin, once', async () => {
    for (const origin of ['https://demo.temoin.example', 'https://evil.example']) {
      const res = await preflight('/healthz', origin)
      expect(res.headers.get('vary')).toBe('Origin')
    }
    const site = await preflight('/healthz', 'https://demo.temoin.example')
    expect(granted(site)).toMatchObject({
      'access-control-allow-origin': 'https://demo.temoin.example',
      'access-control-allow-methods': 'GET, OPTIONS',
    })
  })
})

describe('the origin allow-list', () => {
  async function refusal(origin: string) {
    const res = await h.post('/api/event', { type: 'pageview', url: PAGE }, { origin })
    const body = (await res.json()) as { error: { code: string; message: string; where?: string } }
    return { status: res.status, ...body.error }
  }

  // kills: check-origin.ts:38 ObjectLiteral → {}, check-origin.ts:39 StringLiteral → ""
  test('an origin of no site is refused, naming the Origin header', async () => {
    expect(await refusal('https://evil.example')).toMatchObject({
      status: 403,
      code: 'ORIGIN_FORBIDDEN',
      message: 'Origin: the page sending this is not one of the policy\u2019s sites.',
      where: 'Origin',
    })
  })

  // kills: check-origin.ts:47 ObjectLiteral → {}, StringLiteral → ""
  test("a page of one site sending another site's event is refused, naming the Origin header", async () => {
    expect(await refusal('http://localhost:8080')).toMatchObject({
      status: 403,
      code: 'ORIGIN_FORBIDDEN',
      message: 'Origin: a page of localhost may not send data for demo.temoin.example.',
      where: 'Origin',
    })
  })
})
