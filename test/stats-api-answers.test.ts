import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBearerAuthorize } from './helpers/bearer-authorize.js'
import { AppError } from '../src/lib/app-error.js'
import { createBoundedQueue } from '../src/lib/bounded-queue.js'
import { createFakeClock } from '../src/lib/clock.js'
import { statsRollups } from '../src/stats/stats-rollups.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import type { Store } from '../src/store/store.js'
import { createStatsApi, type StatsApiDeps } from '../src/collector/create-stats-api.js'

// What a dashboard, a script or a stranger sees of the stats API's HTTP layer, on a real (empty)
// DuckDB store: the headers of each answer, the refusals' messages, and the sites list asked for
// with the caller's own credentials.
const SITE = 'example.org'
const POLICY = {
  sites: [
    { domain: SITE, name: 'Exemple', subdomains: false },
    { domain: 'other.example', subdomains: false },
  ],
}

let store: Store
beforeAll(async () => {
  store = await createDuckdbStore({ path: ':memory:', rollups: statsRollups })
})
afterAll(() => store.close())

const api = (deps: Partial<StatsApiDeps> = {}) =>
  createStatsApi({
    queries: createBoundedQueue({ concurrency: 2, queue: 8 }),
    store,
    policy: POLICY,
    clock: createFakeClock('2026-03-31T12:00:00Z'),
    authorize: () => Promise.resolve(null),
    ...deps,
  })
const get = (path: string, init?: RequestInit, a = api()) =>
  a.fetch(new Request(`http://stats.test${path}`, init))
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error
const NOT_FOUND = 'No such stats endpoint; docs/api.md lists them.'

describe('the stats API, as its callers see it', () => {
  // kills: create-stats-api.ts:78 ObjectLiteral → {} (the caller's credentials not passed on)
  it('lists the sites to a caller whose token is in its request', async () => {
    const locked = api({ authorize: createBearerAuthorize('s3cret') })
    const res = await get(
      '/api/stats/sites',
      { headers: { authorization: 'Bearer s3cret' } },
      locked,
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      sites: [{ domain: SITE, name: 'Exemple' }, { domain: 'other.example' }],
    })
  })

  // kills: create-stats-api.ts:119 StringLiteral → "", :120 StringLiteral → ""
  it('sends a CSV table private and with its type fixed', async () => {
    const res = await get(`/api/stats/pages?site=${SITE}&format=csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  // kills: create-stats-api.ts:124 ObjectLiteral → {}, StringLiteral → ""
  it('sends a JSON answer with its type fixed', async () => {
    const res = await get(`/api/stats/pages?site=${SITE}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  // kills: create-stats-api.ts:128 ConditionalExpression → false (×3), StringLiteral → "" (×2);
  // :129 StringLiteral → ""
  it('answers a GET or HEAD of a path below an endpoint 404, with the same message', async () => {
    for (const method of ['GET', 'HEAD']) {
      const res = await get(`/api/stats/pages/more?site=${SITE}`, { method })
      expect(res.status, method).toBe(404)
      expect(res.headers.get('x-temoin-error')).toBe('NOT_FOUND')
      expect(res.headers.get('allow')).toBeNull()
    }
    const res = await get(`/api/stats/pages/more?site=${SITE}`)
    expect((await errorOf(res)).message).toBe(NOT_FOUND)
  })

  // kills: create-stats-api.ts:133 StringLiteral → ``
  it('tells a caller with another method which one to use', async () => {
    const res = await get(`/api/stats/pages?site=${SITE}`, { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect((await errorOf(res)).message).toBe('DELETE is not allowed on the stats API; use GET.')
  })

  // kills: create-stats-api.ts:139 StringLiteral → ""
  it('answers a path outside the stats API 404 with the same message', async () => {
    const res = await get('/api/other')
    expect(res.status).toBe(404)
    expect((await errorOf(res)).message).toBe(NOT_FOUND)
  })

  // kills: create-stats-api.ts:27 StringLiteral → ""
  it('tells a caller refused as busy that its query was not run', async () => {
    const queries = createBoundedQueue({ concurrency: 1, queue: 0 })
    let release!: () => void
    const held = queries.run(() => new Promise<void>((resolve) => (release = resolve)))
    const res = await get(`/api/stats/pages?site=${SITE}`, undefined, api({ queries }))
    expect(res.status).toBe(503)
    expect((await errorOf(res)).message).toBe(
      'The server is running and holding as many statistics queries as it allows; this one was not run.',
    )
    release()
    await held
  })

  // kills: create-stats-api.ts:145 StringLiteral → "", :146 StringLiteral → ""
  it('tells the caller that the store failed, or the query, without the detail', async () => {
    const failing = (e: Error) => api({ store: { ...store, query: () => Promise.reject(e) } })
    const path = `/api/stats/pages?site=${SITE}`
    const stored = await get(
      path,
      undefined,
      failing(new AppError('STORE_FAILED', '/srv/x.duckdb')),
    )
    expect(stored.status).toBe(503)
    expect((await errorOf(stored)).message).toBe('The statistics could not be read; try again.')
    const bug = await get(path, undefined, failing(new TypeError('rows is not iterable')))
    expect(bug.status).toBe(500)
    expect((await errorOf(bug)).message).toBe('The statistics query failed unexpectedly.')
  })
})
