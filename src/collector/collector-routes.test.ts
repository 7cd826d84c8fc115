import { describe, expect, test } from 'vitest'
import { useHarnesses, START } from '../../test/helpers/collector-harness.js'
import { AppError } from '../lib/app-error.js'
import { newVisitorId } from '../protocol/visitor-id.js'
import { createCollector } from './create-collector.js'
import { createGeoLookup } from './geo-lookup.js'

// The collector's routing as a browser, a page's script and the operator see it: the scripts it
// serves, the Allow of each path, the preflight's place in the rate limit, Vary, and the
// messages and log lines of its failures. Real DuckDB store, fake clock.
const NOW = Date.parse(START)
const PAGE = 'https://demo.temoin.example/guide/start'
const URL_BASE = 'http://collector.test'

const harness = useHarnesses()
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error

describe('collector routes', () => {
  // kills: create-collector.ts:75 BlockStatement → {}, :77 StringLiteral → ``
  test('serves each rendered script at /<name>', async () => {
    const h = await harness()
    const collector = createCollector({
      config: h.config,
      store: h.store,
      writer: h.writer,
      clock: h.clock,
      randomBytes: (n) => new Uint8Array(n),
      geo: await createGeoLookup(),
      clientAddress: () => undefined,
      scripts: { 'temoin.js': 'console.log(1)' },
    })
    const res = await collector.fetch(new Request(`${URL_BASE}/temoin.js`))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await res.text()).toBe('console.log(1)')
  })

  // kills: create-collector.ts:94 ArrayDeclaration → [], StringLiteral → "" (×2)
  test('answers another method 405 with the methods of the path in Allow and in the message', async () => {
    const h = await harness()
    const event = await h.fetch(new Request(`${URL_BASE}/api/event`, { method: 'PUT' }))
    expect(event.status).toBe(405)
    expect(event.headers.get('allow')).toBe('POST, OPTIONS')
    expect((await errorOf(event)).message).toBe(
      'PUT is not allowed on /api/event; use POST, OPTIONS.',
    )
    const visitor = await h.fetch(
      new Request(`${URL_BASE}/api/visitor/${newVisitorId(NOW)}`, { method: 'PATCH' }),
    )
    expect(visitor.headers.get('allow')).toBe('GET, DELETE, OPTIONS')
  })

  // kills: create-collector.ts:54 ConditionalExpression → true
  test('names Origin once in Vary, also on a preflight that already named it', async () => {
    const h = await harness()
    const res = await h.fetch(
      new Request(`${URL_BASE}/api/event`, {
        method: 'OPTIONS',
        headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'POST' },
      }),
    )
    expect(res.status).toBe(204)
    expect(res.headers.get('vary')).toBe('Origin')
  })

  // kills: create-collector.ts:59 ConditionalExpression → true, StringLiteral → ""
  test('a preflight spends none of the rate limit', async () => {
    const h = await harness({ server: { rateLimitPerMinute: 2 } })
    for (let i = 0; i < 3; i++) {
      const res = await h.fetch(
        new Request(`${URL_BASE}/api/event`, {
          method: 'OPTIONS',
          headers: { origin: 'http://localhost:8080', 'access-control-request-method': 'POST' },
        }),
      )
      expect(res.status).toBe(204)
    }
    for (let i = 0; i < 2; i++)
      expect((await h.post('/api/event', { type: 'pageview', url: PAGE })).status).toBe(202)
    expect(await h.store.countEvents({})).toBe(2)
  })

  // kills: create-collector.ts:64 StringLiteral → ``
  test('tells a rate-limited client the limit it went past', async () => {
    const h = await harness({ server: { rateLimitPerMinute: 1 } })
    expect((await h.post('/api/event', { type: 'pageview', url: PAGE })).status).toBe(202)
    const limited = await h.post('/api/event', { type: 'pageview', url: PAGE })
    expect(limited.status).toBe(429)
    expect((await errorOf(limited)).message).toBe(
      'More than 1 requests in a minute from this client.',
    )
  })

  // kills: create-collector.ts:88 StringLiteral → ``, :89 StringLiteral → ``
  test('/healthz on a store gone: the client told which store, the operator why', async () => {
    const lines: string[] = []
    const h = await harness({ log: (line) => lines.push(line) })
    await h.close()
    const res = await h.fetch(new Request(`${URL_BASE}/healthz`))
    expect(res.status).toBe(503)
    expect((await errorOf(res)).message).toBe('The duckdb store does not answer.')
    expect(lines.join('\n')).toMatch(/^healthz: the duckdb store does not answer: \S/m)
  })

  // kills: create-collector.ts:116 StringLiteral → ""
  test('tells a client whose request met a failed store that nothing was stored', async () => {
    const h = await harness()
    const failing = createCollector({
      config: h.config,
      store: {
        ...h.store,
        listEvents: () => Promise.reject(new AppError('STORE_FAILED', 'IO Error: disk full')),
      },
      writer: h.writer,
      clock: h.clock,
      randomBytes: (n) => new Uint8Array(n),
      geo: await createGeoLookup(),
      clientAddress: () => undefined,
    })
    const res = await failing.fetch(new Request(`${URL_BASE}/api/visitor/${newVisitorId(NOW)}`))
    expect(res.status).toBe(503)
    expect((await errorOf(res)).message).toBe('Nothing was stored; the request may be sent again.')
  })

  // kills: create-collector.ts:117 StringLiteral → "", :119 Regex → /\/api\/visitor\/.*/
  test('a bug: the client told it failed; the log hides the id of the visitor route only', async () => {
    const lines: string[] = []
    const h = await harness({
      clientAddress: () => {
        throw new TypeError('socket vanished')
      },
      log: (line) => lines.push(line),
    })
    const res = await h.fetch(new Request(`${URL_BASE}/api/event/api/visitor/x`))
    expect(res.status).toBe(500)
    expect((await errorOf(res)).message).toBe('The collector failed unexpectedly.')
    expect(lines.join('\n')).toContain('GET /api/event/api/visitor/x: INTERNAL')
  })
})
