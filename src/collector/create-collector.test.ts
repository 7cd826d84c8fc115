import { describe, expect, test } from 'vitest'
import {
  CHROME_WINDOWS,
  useHarnesses,
  FRENCH_IP,
  SAFARI_IPHONE,
  START,
} from '../../test/helpers/collector-harness.js'
import { fixtureId, storedEvent } from '../../test/helpers/fixtures.js'
import { addMonths } from '../protocol/months.js'
import { LIMITS } from '../protocol/limits.js'
import { newVisitorId } from '../protocol/visitor-id.js'

const NOW = Date.parse(START)
const PAGE = 'https://demo.temoin.example/guide/start'
const visitorAt = (ms: number) => newVisitorId(ms)

const harness = useHarnesses()

describe('POST /api/event', () => {
  test('a page view is stored reduced: allowed query keys, referrer origin+path, country and device families', async () => {
    const h = await harness()
    const res = await h.post('/api/event', {
      type: 'pageview',
      url: `${PAGE}?utm_source=news&email=jo%40example.org&utm_campaign=nov&token=s3cret#section-2`,
      referrer: 'https://news.example/story/42?q=my+name&session=abc#comments',
    })
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ ok: true })
    const [event, ...rest] = await h.store.listEvents({})
    expect(rest).toEqual([])
    expect(event).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
      time: NOW,
      site: 'demo.temoin.example',
      type: 'pageview',
      name: '',
      path: '/guide/start',
      query: 'utm_source=news&utm_campaign=nov',
      referrer: 'https://news.example/story/42',
      visitor: null,
      country: 'FR',
      device: 'desktop',
      browser: 'Chrome',
      os: 'Windows',
      props: {},
    })
  })

  test('country, device, browser and OS from a real phone on a real IPv6 address and a British IPv4', async () => {
    const h = await harness()
    h.address = '2a01:e0a::1'
    expect(
      (await h.post('/api/event', { type: 'pageview', url: PAGE }, { 'user-agent': SAFARI_IPHONE }))
        .status,
    ).toBe(202)
    h.address = '81.2.69.160'
    h.clock.advance(1)
    expect((await h.post('/api/event', { type: 'pageview', url: PAGE })).status).toBe(202)
    h.address = undefined
    h.clock.advance(1)
    expect((await h.post('/api/event', { type: 'pageview', url: PAGE })).status).toBe(202)
    const events = await h.store.listEvents({})
    expect(events.map((e) => [e.country, e.device, e.browser, e.os])).toEqual([
      ['FR', 'mobile', 'Mobile Safari', 'iOS'],
      ['GB', 'desktop', 'Chrome', 'Windows'],
      ['', 'desktop', 'Chrome', 'Windows'],
    ])
  })

  test('a custom event keeps its name, props and own time; a time a little ahead is stored as now', async () => {
    const h = await harness()
    const props = { plan: 'pro', seats: 3, trial: false }
    const hourAgo = NOW - 3_600_000
    const a = await h.post(
      '/api/event',
      { type: 'event', url: PAGE, name: 'signup', props, time: hourAgo },
      { 'content-type': 'application/json' },
    )
    expect(a.status).toBe(202)
    const b = await h.post('/api/event', {
      type: 'pageview',
      url: PAGE,
      time: NOW + LIMITS.futureSkewMs,
    })
    expect(b.status).toBe(202)
    const events = await h.store.listEvents({})
    expect(
      events.map((e) => ({ type: e.type, name: e.name, props: e.props, time: e.time })),
    ).toEqual([
      { type: 'event', name: 'signup', props, time: hourAgo },
      { type: 'pageview', name: '', props: {}, time: NOW },
    ])
  })

  test('a visitor id is accepted until the instant before its lifetime ends, and refused from that instant on', async () => {
    const h = await harness()
    const visitor = visitorAt(NOW)
    const expiry = addMonths(Math.floor(NOW / 1000) * 1000, h.config.policy.cookies.lifetimeMonths)
    const send = () => h.post('/api/event', { type: 'pageview', url: PAGE, visitor })
    expect((await send()).status).toBe(202)
    h.clock.set(expiry - 86_400_000) // the day before
    expect((await send()).status).toBe(202)
    h.clock.set(expiry - 1)
    expect((await send()).status).toBe(202)
    h.clock.set(expiry)
    const refused = await send()
    expect(refused.status).toBe(403)
    expect(refused.headers.get('x-temoin-error')).toBe('VISITOR_EXPIRED')
    h.clock.advance(86_400_000 * 40) // later visits never bring it back
    expect((await send()).status).toBe(403)
    expect(await h.store.countEvents({ visitor })).toBe(3)
  })

  test('a bot, or a request without a user agent, is answered 202 but ignored and stores nothing', async () => {
    const h = await harness()
    const googlebot = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'
    for (const headers of [
      { 'user-agent': googlebot },
      { 'user-agent': 'curl/8.5.0' },
      { 'user-agent': '' },
    ]) {
      const res = await h.post('/api/event', { type: 'pageview', url: PAGE }, headers)
      expect(res.status).toBe(202)
      expect(res.headers.get('x-temoin-ignored')).toBe('bot')
    }
    expect(await h.counts()).toEqual({ events: 0, receipts: 0 })
  })
})

describe('POST /api/consent', () => {
  test('a grant is receipted with the policy version and expires after consent.validityMonths', async () => {
    const h = await harness()
    const deposit = Date.UTC(2026, 0, 31, 9, 30) // 31 January: 13 months later is clamped to 28 February
    const res = await h.post('/api/consent', {
      url: 'https://www.demo.temoin.example/confidentialite.html',
      policyVersion: '2026-11',
      granted: ['personalisation'],
      refused: ['statistics'],
      deposit,
    })
    expect(res.status).toBe(201)
    const receipt = (await res.json()) as Record<string, unknown>
    expect(receipt).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
      time: NOW,
      site: 'demo.temoin.example',
      policyVersion: '2026-11',
      granted: ['personalisation'],
      refused: ['statistics'],
      deposit,
      expires: Date.UTC(2027, 1, 28, 9, 30),
      visitor: null,
      gpc: false,
    })
    expect(await h.store.getReceipt(receipt.id as string)).toEqual(receipt)
  })

  test('an exempt statistics purpose is still asked: granting it links the visitor id to the receipt', async () => {
    // The CNIL exemption covers anonymous measurement; the identifier read again on later
    // visits needs consent, so the example policy (statistics: exempt) asks for it too.
    const h = await harness()
    const visitor = visitorAt(NOW)
    const res = await h.post('/api/consent', {
      url: PAGE,
      policyVersion: '2026-11',
      granted: ['statistics'],
      refused: ['personalisation'],
      deposit: NOW,
      visitor,
    })
    expect(res.status).toBe(201)
    const receipt = (await res.json()) as { visitor: string; granted: string[]; expires: number }
    expect(receipt).toMatchObject({ visitor, granted: ['statistics'], expires: addMonths(NOW, 13) })
    expect((await h.store.listReceipts({ visitor })).map((r) => r.visitor)).toEqual([visitor])
  })

  test('a refusal is receipted without any identifier and expires after consent.refusalMonths', async () => {
    const h = await harness({ statistics: 'consent' })
    const deposit = NOW - 60_000
    const res = await h.post('/api/consent', {
      url: PAGE,
      policyVersion: '2026-11',
      granted: [],
      refused: ['statistics', 'personalisation'],
      deposit,
      gpc: true,
    })
    expect(res.status).toBe(201)
    const receipt = (await res.json()) as Record<string, unknown>
    expect(receipt).toMatchObject({
      granted: [],
      refused: ['statistics', 'personalisation'],
      visitor: null,
      gpc: true,
    })
    // Remembered refusalMonths from the decision (the deposit was a minute before it).
    expect(receipt.expires).toBe(addMonths(NOW, 6))
  })

  test('a withdrawal late in the cookie keeps its first deposit, and is remembered no longer than the cookie', async () => {
    const h = await harness()
    const deposit = addMonths(NOW, -10) // accepted 10 months ago; the cookie ends in 3 months
    const res = await h.post('/api/consent', {
      url: PAGE,
      policyVersion: '2026-11',
      granted: [],
      refused: ['statistics', 'personalisation'],
      deposit,
    })
    expect(res.status).toBe(201)
    const receipt = (await res.json()) as { deposit: number; expires: number }
    expect(receipt.deposit).toBe(deposit)
    expect(receipt.expires).toBe(addMonths(deposit, 13))
  })

  test('a grant of statistics carries the visitor id, and a version from history is accepted', async () => {
    const h = await harness({
      statistics: 'consent',
      policy: {
        history: [
          {
            version: '2026-03',
            published: '2026-03-01',
            effective: '2026-03-01',
            summary: { fr: 'Première version.', en: 'First version.' },
          },
          {
            version: '2026-11',
            published: '2026-10-01',
            effective: '2026-11-01',
            summary: {
              fr: 'Mesure d’audience soumise au consentement.',
              en: 'Audience measurement asks for consent.',
            },
          },
        ],
      },
    })
    const visitor = visitorAt(NOW)
    const res = await h.post('/api/consent', {
      url: PAGE,
      policyVersion: '2026-03',
      granted: ['statistics'],
      refused: ['personalisation'],
      deposit: NOW,
      visitor,
    })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      visitor,
      policyVersion: '2026-03',
      expires: addMonths(NOW, 13),
    })
  })
})

describe('visitor self-service', () => {
  test('GET shows everything stored under the id; DELETE erases its events and unlinks its receipts', async () => {
    const h = await harness({ statistics: 'consent' })
    const visitor = visitorAt(NOW)
    const other = visitorAt(NOW)
    await h.post('/api/consent', {
      url: PAGE,
      policyVersion: '2026-11',
      granted: ['statistics', 'personalisation'],
      refused: [],
      deposit: NOW,
      visitor,
    })
    for (const [v, path] of [
      [visitor, '/a'],
      [visitor, '/b'],
      [other, '/c'],
    ] as const) {
      h.clock.advance(1000)
      expect(
        (
          await h.post('/api/event', {
            type: 'pageview',
            url: `https://demo.temoin.example${path}`,
            visitor: v,
          })
        ).status,
      ).toBe(202)
    }
    const seen = await h.fetch(new Request(`http://collector.test/api/visitor/${visitor}`))
    expect(seen.status).toBe(200)
    const body = (await seen.json()) as {
      visitor: string
      events: { path: string }[]
      receipts: { visitor: string }[]
    }
    expect(body.visitor).toBe(visitor)
    expect(body.events.map((e) => e.path)).toEqual(['/a', '/b'])
    expect(body.receipts.map((r) => r.visitor)).toEqual([visitor])

    const unknown = await h.fetch(
      new Request(`http://collector.test/api/visitor/${visitorAt(NOW)}`),
    )
    expect(await unknown.json()).toMatchObject({ events: [], receipts: [] })

    const erased = await h.fetch(
      new Request(`http://collector.test/api/visitor/${visitor}`, { method: 'DELETE' }),
    )
    expect(erased.status).toBe(200)
    expect(await erased.json()).toEqual({ ok: true, visitor, removed: { events: 2, receipts: 1 } })
    const after = await h.fetch(new Request(`http://collector.test/api/visitor/${visitor}`))
    expect(await after.json()).toMatchObject({ events: [], receipts: [] })
    expect(await h.counts()).toEqual({ events: 1, receipts: 1 }) // the other visitor's event, the unlinked proof
  })

  test('DELETE waits for the events the writer already accepted: none is stored after the erasure', async () => {
    const h = await harness({ statistics: 'consent' })
    const visitor = visitorAt(NOW)
    // A large batch keeps the writer busy, so the visitor's event waits in its queue.
    const busy = Array.from({ length: 20_000 }, (_, i) =>
      h.writer.appendEvent(storedEvent({ id: fixtureId(i), time: NOW, path: `/busy/${i}` })),
    )
    const queued = h.writer.appendEvent(
      storedEvent({ id: fixtureId(20_000), time: NOW, path: '/mine', visitor }),
    )
    const erased = await h.fetch(
      new Request(`http://collector.test/api/visitor/${visitor}`, { method: 'DELETE' }),
    )
    await Promise.all([...busy, queued])
    expect(await erased.json()).toEqual({ ok: true, visitor, removed: { events: 1, receipts: 0 } })
    expect(await h.store.countEvents({ visitor })).toBe(0)
    expect(await h.store.countEvents({})).toBe(20_000)
  })
})

describe('CORS', () => {
  test("answers a site's origin by name, with Vary: Origin, and never a foreign one", async () => {
    const h = await harness()
    const origin = 'https://www.demo.temoin.example'
    const ok = await h.post('/api/event', { type: 'pageview', url: PAGE }, { origin })
    expect(ok.status).toBe(202)
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin)
    expect(ok.headers.get('vary')).toBe('Origin')
    expect(ok.headers.get('access-control-expose-headers')).toContain('X-Temoin-Error')

    const noOrigin = await h.post('/api/event', { type: 'pageview', url: PAGE })
    expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull()
    expect(noOrigin.headers.get('vary')).toBe('Origin')

    const refusedButReadable = await h.post('/api/event', { type: 'click', url: PAGE }, { origin })
    expect(refusedButReadable.status).toBe(400)
    expect(refusedButReadable.headers.get('access-control-allow-origin')).toBe(origin)

    // localhost does not allow sub-domains
    const foreign = await h.post(
      '/api/event',
      { type: 'pageview', url: 'http://localhost/' },
      { origin: 'http://evil.localhost' },
    )
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })

  test('preflight: methods, Content-Type and max-age for a site; refused for a foreign origin', async () => {
    const h = await harness()
    const preflight = (path: string, origin: string) =>
      h.fetch(
        new Request(`http://collector.test${path}`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        }),
      )
    const ok = await preflight('/api/event', 'http://localhost:8080')
    expect(ok.status).toBe(204)
    expect(
      Object.fromEntries([...ok.headers].filter(([k]) => k.startsWith('access-control-'))),
    ).toEqual({
      'access-control-allow-origin': 'http://localhost:8080',
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'Content-Type',
      'access-control-max-age': '86400',
      'access-control-expose-headers': 'X-Temoin-Error, X-Temoin-Ignored, Retry-After',
    })
    const visitor = await preflight(`/api/visitor/${visitorAt(NOW)}`, 'https://demo.temoin.example')
    expect(visitor.headers.get('access-control-allow-methods')).toBe('GET, DELETE, OPTIONS')
    const foreign = await preflight('/api/consent', 'https://evil.example')
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('rate limit', () => {
  test('429 with Retry-After past the limit, per client; the other clients go on', async () => {
    const h = await harness({ server: { rateLimitPerMinute: 3 } })
    const send = () => h.post('/api/event', { type: 'pageview', url: PAGE })
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(202)
    const limited = await send()
    expect(limited.status).toBe(429)
    expect(limited.headers.get('x-temoin-error')).toBe('RATE_LIMITED')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    h.address = '81.2.69.160'
    expect((await send()).status).toBe(202)
    expect(await h.store.countEvents({})).toBe(4)
  })
})

describe('health and failures', () => {
  test('/healthz is 200 with the store kind, 503 once the store is gone', async () => {
    const h = await harness()
    const res = await h.fetch(new Request('http://collector.test/healthz'))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, store: 'duckdb' })
    await h.close()
    const down = await h.fetch(new Request('http://collector.test/healthz'))
    expect(down.status).toBe(503)
    expect(down.headers.get('x-temoin-error')).toBe('STORE_FAILED')
  })

  test('a writer that refuses (shutting down) gives 503 with its code, and nothing is acknowledged', async () => {
    const h = await harness()
    await h.writer.close()
    const res = await h.post('/api/event', { type: 'pageview', url: PAGE })
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SHUTTING_DOWN')
    expect(await h.store.countEvents({})).toBe(0)
  })

  test('an unexpected failure is a 500 INTERNAL without a stack, logged without the address', async () => {
    const lines: string[] = []
    const h = await harness({
      clientAddress: () => {
        throw new TypeError('socket vanished')
      },
      log: (line) => lines.push(line),
    })
    const res = await h.fetch(
      new Request(`http://collector.test/api/visitor/${visitorAt(NOW)}`, {
        headers: { 'user-agent': CHROME_WINDOWS },
      }),
    )
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'INTERNAL' } })
    expect(text).not.toContain('socket vanished')
    expect(lines.join('\n')).toContain('GET /api/visitor/:id: INTERNAL: TypeError: socket vanished')
    expect(lines.join('\n')).not.toContain(FRENCH_IP)
  })
})
