import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuth } from '../src/auth/create-auth.js'
import { hashSecret } from '../src/auth/hash-secret.js'
import { createReadLimit } from '../src/auth/read-limit.js'
import { createTokenChecker } from '../src/auth/token-checker.js'
import { createStatsApi } from '../src/collector/create-stats-api.js'
import { createDashboard } from '../src/dashboard/create-dashboard.js'
import { ERROR_CATALOGUE } from '../src/lib/app-error.js'
import { createBoundedQueue } from '../src/lib/bounded-queue.js'
import { createFakeClock } from '../src/lib/clock.js'
import { STATS_ENDPOINTS } from '../src/stats/stats-endpoints.js'
import { statsRollups } from '../src/stats/stats-rollups.js'
import { DIMENSIONS } from '../src/stats/stats-types.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import type { Store } from '../src/store/store.js'
import { loadTestConfig } from './helpers/collector-harness.js'
import {
  BAD_ESCAPES,
  budget,
  trackRuns,
  percentBytes,
  percentEncode,
  PROTO,
  text,
  timeout,
} from './helpers/hostile-arbitraries.js'
import { fixtureBatches, SITE, STATS_NOW } from './helpers/stats-fixtures.js'

/**
 * DESIGN.md rules 9 and 10 under fuzzing, on the read side: arbitrary paths and query strings
 * (known parameters with hostile values, unknown and prototype-named keys, repeated keys, empty
 * values, percent-encoded bytes that are not UTF-8, lone surrogates among them, numbers, JSON
 * nesting, long values) sent in-process through the real front doors — the stats API
 * (`/api/stats/*`) and the dashboard (`/dashboard`), logged in with the real authentication —
 * onto a real DuckDB file holding the stats fixtures and the dashboard's rollups.
 * Invariants: every answer is a 2xx or a 3xx (to the dashboard only), or a 4xx whose
 * `X-Temoin-Error` is a catalogue code (the JSON answers carry the same code; the dashboard's
 * HTML error page too); never a 5xx, nothing in the operator's log; a CSV answer is RFC 4180
 * with one field count; an error of the API never repeats a hostile name or value sent.
 *
 * `npm test` runs a bounded number of cases (a new seed each run: fast-check prints the seed and
 * the smallest failing case); `npm run fuzz` runs each property for FUZZ_SECONDS.
 */
const ORIGIN = 'http://127.0.0.1:8080'
const SECRET = 'fuzz-secret-0123456789abcdef'
const CATALOGUE = new Set(Object.keys(ERROR_CATALOGUE))

/** The parameters of the stats API (src/stats/parse-stats-query.ts) and of the page. */
const PARAMS = [
  'site',
  'from',
  'to',
  'interval',
  'limit',
  'event',
  'format',
  ...DIMENSIONS.map((d) => `filter.${d}`),
]
/** Names that are not parameters, or nearly are. */
const OTHER_NAMES = [
  'period',
  'compare',
  'lang',
  'next',
  'sort',
  'Site',
  'site ',
  'filter.',
  'filter.nowhere',
  'filter.page.x',
  ...PROTO.map((p) => `filter.${p}`),
]
/** Values that mean something to some parameter, right or nearly right. */
const PLAUSIBLE = [
  SITE,
  'other.example',
  'localhost',
  'EXAMPLE.ORG',
  '2026-03-01',
  '2026-03-30',
  '2026-03-31',
  '2026-02-30',
  '2024-02-29',
  '1900-01-01',
  '9999-12-31',
  '2026-3-1',
  'hour',
  'day',
  'week',
  'month',
  '1',
  '10',
  '1000',
  '1001',
  '0',
  '-1',
  '1e3',
  'json',
  'csv',
  'CSV',
  'signup',
  'download',
  '/',
  '/a',
  'FR',
  'mobile',
  'fr',
  'en',
  '',
]

const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PARAMS) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO) },
  { weight: 1, arbitrary: text },
)
const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PLAUSIBLE) },
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  // Nesting: JSON as a value, as a client confused about the format sends it.
  { weight: 1, arbitrary: fc.json({ maxDepth: 4 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'é', '\u{1f600}', '\ud800'), fc.integer({ min: 1000, max: 2100 }))
      .map(([c, n]) => c.repeat(n)),
  },
)
/** One `name=value` of a query string, written as a hostile client may write it. */
const pair = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.tuple(name, value).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`),
  },
  // Unencoded: the URL parser encodes what it must (a lone surrogate becomes U+FFFD).
  { weight: 1, arbitrary: fc.tuple(name, value).map(([k, v]) => `${k}=${v}`) },
  { weight: 1, arbitrary: name.map(percentEncode) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(name, fc.oneof(percentBytes, fc.constantFrom(...BAD_ESCAPES)))
      .map(([k, v]) => `${percentEncode(k)}=${v}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('', '=', '&', '==', '%ED%A0%80=x', 'site=%FF') },
)
/** A query string: mostly a site and a period that parse, and hostile pairs among them. */
const query = fc
  .record({
    site: fc.oneof({ weight: 4, arbitrary: fc.constant([`site=${SITE}`]) }, fc.constant([])),
    period: fc.oneof(fc.constant([]), fc.constant(['from=2026-03-01', 'to=2026-03-30'])),
    csv: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, fc.constant(['format=csv'])),
    pairs: fc.array(pair, { maxLength: 4 }),
  })
  .chain(({ site, period, csv, pairs }) =>
    fc.shuffledSubarray([...site, ...period, ...csv, ...pairs], {
      minLength: site.length + pairs.length,
    }),
  )
  .map((parts) => parts.join('&'))

/** A path segment: a name that is known, a prototype name, any text, or bytes that are not UTF-8. */
const segment = (known: readonly string[]) =>
  fc.oneof(
    { weight: 16, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTO) },
    { weight: 1, arbitrary: text.map(percentEncode) },
    { weight: 1, arbitrary: percentBytes },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_ESCAPES, '') },
  )
const endpoint = segment([...Object.keys(STATS_ENDPOINTS), 'sites'])
const statsPath = fc.oneof(
  { weight: 16, arbitrary: endpoint },
  { weight: 1, arbitrary: fc.tuple(endpoint, endpoint).map(([a, b]) => `${a}/${b}`) },
)
const dashboardRequest = fc.oneof(
  { weight: 8, arbitrary: query.map((q) => `/dashboard?${q}`) },
  { weight: 1, arbitrary: query.map((q) => `/dashboard/?${q}`) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        query.map((q) => `/dashboard?${q}`),
        text,
        fc.constantFrom('//evil.example', '/\\evil'),
      )
      .map((next) => `/dashboard/login?next=${percentEncode(next)}`),
  },
  {
    weight: 1,
    arbitrary: segment(['dashboard.css', 'dashboard.js']).map((s) => `/dashboard/assets/${s}`),
  },
  { weight: 1, arbitrary: segment(['login', 'logout']).map((s) => `/dashboard/${s}`) },
)

let dir: string
let store: Store
let stats: ReturnType<typeof createStatsApi>
let dashboard: ReturnType<typeof createDashboard>
let cookie: string
const logged: string[] = []

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-fuzz-stats-'))
  store = await createDuckdbStore({ path: join(dir, 'temoin.duckdb'), rollups: statsRollups })
  for (const batch of fixtureBatches()) await store.write(batch)
  const config = await loadTestConfig({
    policy: { sites: [{ domain: SITE, name: 'Exemple' }, { domain: 'other.example' }] },
  })
  const clock = createFakeClock(STATS_NOW)
  const random = (n: number) => new Uint8Array(randomBytes(n))
  const auth = createAuth({
    config,
    secret: await hashSecret(SECRET, random(16)),
    tokens: createTokenChecker(join(dir, 'tokens.json')),
    clock,
    randomBytes: random,
  })
  const queries = createBoundedQueue({ concurrency: 4, queue: 256 })
  const log = (line: string) => logged.push(line)
  stats = createStatsApi({
    store,
    policy: config.policy,
    clock,
    authorize: (req) => auth.authorize(req),
    queries,
    log,
  })
  dashboard = createDashboard({
    auth,
    policy: config.policy,
    clock,
    receipts: () => Promise.resolve(Response.json({})),
    policyVersions: [],
    clientAddress: () => '127.0.0.1',
    readLimit: createReadLimit({ perMinute: 1_000_000_000, randomBytes: random }),
    assets: new Map([
      ['dashboard.css', 'body { color: black }'],
      ['dashboard.js', 'export {}'],
    ]),
    stats: (req) => stats.fetch(req),
    queries,
    log,
  })
  // A real login, as the page's own form sends it: the session then opens both doors.
  const login = await dashboard.fetch(
    new Request(`${ORIGIN}/dashboard/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: ORIGIN,
      },
      body: new URLSearchParams({ secret: SECRET }).toString(),
    }),
  )
  expect(login.status).toBe(303)
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  expect(cookie).toMatch(/=./)
})
afterAll(async () => {
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

/** The statuses seen, by door, so that the end of each property can say what it reached. */
const seen = () => new Map<number, number>()

describe('fuzzing the stats API and the dashboard', () => {
  it(
    'the stats API answers every path and query string with a 2xx or a catalogued 4xx, never echoing hostile text',
    async () => {
      const statuses = seen()
      let csvChecked = 0
      let filteredRead = 0
      const runs = trackRuns()
      await fc.assert(
        fc.asyncProperty(
          statsPath,
          query,
          runs.track(async (path, search) => {
            const url = `${ORIGIN}/api/stats/${path}?${search}`
            const res = await stats.fetch(new Request(url, { headers: { cookie } }))
            const body = await res.text()
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
            const what = `${url} → ${res.status} ${body.slice(0, 300)}`
            expect(res.status, what).toBeGreaterThanOrEqual(200)
            expect(res.status, what).toBeLessThan(500)
            expect(res.status, what).not.toBe(304)
            const params = new URL(url).searchParams
            if (res.status >= 400) {
              const code = res.headers.get('x-temoin-error') ?? ''
              expect(CATALOGUE.has(code), what).toBe(true)
              const error = (
                JSON.parse(body) as { error: { code: string; message: string; where?: string } }
              ).error
              expect(error.code, what).toBe(code)
              // The names and values sent are the client's; the answer names the problem only.
              const said = `${error.message} ${error.where ?? ''}`
              for (const sent of [...params.keys(), ...params.values(), decoded(path)])
                if (isHostile(sent))
                  expect(said.includes(sent), `${what} echoes ${JSON.stringify(sent)}`).toBe(false)
              return
            }
            expect(res.status, what).toBe(200)
            // `sites` reads no parameter; every other endpoint answers CSV when asked and it is
            // accepted (the tables and the series: the others refuse format=csv).
            if (params.get('format') === 'csv' && path !== 'sites') {
              expect(res.headers.get('content-type'), what).toBe('text/csv; charset=utf-8')
              const counts = csvFieldCounts(body)
              expect(counts.length, what).toBeGreaterThan(0)
              expect(new Set(counts).size, what).toBe(1)
              csvChecked++
            } else {
              expect(res.headers.get('content-type'), what).toBe('application/json; charset=utf-8')
              expect(typeof JSON.parse(body), what).toBe('object')
            }
            if ([...params.keys()].some((k) => k.startsWith('filter.'))) filteredRead++
          }),
        ),
        budget(500),
      )
      await runs.idle()
      // The generators reach past the first checks: reads with filters and CSV are answered,
      // and each kind of refusal is met (else the property proves little).
      const summary = JSON.stringify({ statuses: [...statuses], csvChecked, filteredRead })
      for (const status of [200, 400, 404])
        expect(statuses.get(status) ?? 0, summary).toBeGreaterThan(0)
      expect(csvChecked, summary).toBeGreaterThan(0)
      expect(filteredRead, summary).toBeGreaterThan(0)
      expect(logged).toEqual([])
    },
    timeout(60_000),
  )

  it(
    'the dashboard answers every view, login return and file with a 2xx, a 3xx to itself, or a catalogued 4xx (its HTML error page too)',
    async () => {
      const statuses = seen()
      const runs = trackRuns()
      await fc.assert(
        fc.asyncProperty(
          dashboardRequest,
          runs.track(async (path) => {
            const url = `${ORIGIN}${path}`
            const res = await dashboard.fetch(new Request(url, { headers: { cookie } }))
            const body = await res.text()
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
            const what = `${url} → ${res.status} ${res.headers.get('x-temoin-error')} ${body.slice(0, 200)}`
            expect(res.status, what).toBeGreaterThanOrEqual(200)
            expect(res.status, what).toBeLessThan(500)
            if (res.status >= 300 && res.status < 400) {
              // Only ever to the dashboard of this server: never an open redirect.
              expect(res.headers.get('location') ?? '', what).toMatch(/^\/dashboard(?:$|[?/])/)
            } else if (res.status >= 400) {
              expect(CATALOGUE.has(res.headers.get('x-temoin-error') ?? ''), what).toBe(true)
            }
          }),
        ),
        budget(100),
      )
      await runs.idle()
      const summary = JSON.stringify([...statuses])
      for (const status of [200, 303, 400, 404])
        expect(statuses.get(status) ?? 0, summary).toBeGreaterThan(0)
      expect(logged).toEqual([])
    },
    timeout(60_000),
  )
})

/** A path segment as the router decodes it; undecodable, as sent. */
function decoded(path: string): string {
  try {
    return decodeURIComponent(path)
  } catch {
    return path
  }
}

/**
 * Text that an error message has no reason to hold: long enough not to be a word of the message,
 * with a character that no message is written with.
 */
function isHostile(sent: string): boolean {
  return sent.length >= 6 && /[^A-Za-z0-9.,;:()`'’ _/-]/.test(sent)
}

/**
 * The field count of each record of an RFC 4180 text (CRLF after every record, a field quoted
 * when it holds a comma, a quote or a line break, quotes doubled): throws where it is not one.
 */
function csvFieldCounts(csv: string): number[] {
  const field = /("(?:[^"]|"")*"|[^",\r\n]*)(,|\r\n)/y
  const counts: number[] = []
  let fields = 0
  while (field.lastIndex < csv.length) {
    const at = field.lastIndex
    const m = field.exec(csv)
    if (m === null)
      throw new Error(`not RFC 4180 CSV at ${at}: ${JSON.stringify(csv.slice(at, at + 40))}`)
    fields++
    if (m[2] === '\r\n') {
      counts.push(fields)
      fields = 0
    }
  }
  if (fields !== 0) throw new Error('the last CSV record does not end with CRLF')
  return counts
}
