import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBearerAuthorize } from '../helpers/bearer-authorize.js'
import { createStatsApi } from '../../src/collector/create-stats-api.js'
import { formatTableCsv } from '../../src/collector/format-table-csv.js'
import { createBoundedQueue } from '../../src/lib/bounded-queue.js'
import { createFakeClock } from '../../src/lib/clock.js'
import { statsRollups } from '../../src/stats/stats-rollups.js'
import { TABLE_PANELS } from '../../src/stats/stats-types.js'
import type { SeriesAnswer, SummaryAnswer, TableAnswer } from '../../src/stats/stats-types.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'
import { fixtureBatches, SITE, STATS_NOW } from '../helpers/stats-fixtures.js'

const POLICY = {
  sites: [
    { domain: SITE, name: 'Exemple', subdomains: false },
    { domain: 'other.example', subdomains: false },
  ],
}
const allowAll = () => Promise.resolve(null)
/** A line of queries as the server's default, long enough for every test but the busy one. */
const openLine = () => createBoundedQueue({ concurrency: 4, queue: 256 })

describe('the stats API (/api/stats/*)', () => {
  let store: Store
  let api: ReturnType<typeof createStatsApi>
  const logged: string[] = []
  beforeAll(async () => {
    store = await createDuckdbStore({ path: ':memory:', rollups: statsRollups })
    for (const batch of fixtureBatches()) await store.write(batch)
    api = createStatsApi({
      queries: openLine(),
      store,
      policy: POLICY,
      clock: createFakeClock(STATS_NOW),
      authorize: allowAll,
      log: (line) => logged.push(line),
    })
  })
  afterAll(() => store.close())

  const get = (path: string, init?: RequestInit) =>
    api.fetch(new Request(`http://stats.test${path}`, init))
  const errorOf = async (res: Response) =>
    (
      (await res.json()) as {
        error: { code: string; message: string; where?: string; fix: string }
      }
    ).error

  it('answers a summary for the default period: the 30 days ending today (server clock, UTC)', async () => {
    const res = await get(`/api/stats/summary?site=${SITE}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const body = (await res.json()) as SummaryAnswer
    // now = 31 March: 2 → 31 March; the 15 visits of March but e14 (1 March), e13 rt3 rt1 of the 31st
    // | p1 p2, and e14
    expect([body.from, body.to]).toEqual(['2026-03-02', '2026-03-31'])
    expect(body.previous).toEqual({ from: '2026-01-31', to: '2026-03-01' })
    expect(body.metrics.find((m) => m.key === 'visits')).toMatchObject({ value: 17, previous: 3 })
  })

  it('reads the period, the interval, the limit and the filters from the query string', async () => {
    const res = await get(
      `/api/stats/pages?site=${SITE}&from=2026-03-01&to=2026-03-30&limit=1&filter.country=FR&filter.device=mobile`,
    )
    const body = (await res.json()) as TableAnswer
    expect(body.filters).toEqual({ country: 'FR', device: 'mobile' })
    expect(body.rows).toEqual([{ page: '/', pageviews: 2 }])
    const series = (await (
      await get(`/api/stats/series?site=${SITE}&from=2026-03-02&to=2026-03-02`)
    ).json()) as { interval: string; rows: unknown[] }
    expect(series.interval).toBe('hour')
    expect(series.rows).toHaveLength(24)
    const props = (await (
      await get(`/api/stats/event-props?site=${SITE}&from=2026-03-01&to=2026-03-30&event=signup`)
    ).json()) as TableAnswer
    expect(props.rows).toEqual([{ property: 'plan', value: '=cmd|calc', count: 1 }])
  })

  it('answers every table endpoint as JSON and as CSV', async () => {
    for (const panel of TABLE_PANELS) {
      const params = `site=${SITE}&from=2026-03-01&to=2026-03-30${panel === 'event-props' ? '&event=download' : ''}`
      const json = await get(`/api/stats/${panel}?${params}`)
      expect(json.status, panel).toBe(200)
      const table = (await json.json()) as TableAnswer
      expect(table.panel).toBe(panel)
      const csv = await get(`/api/stats/${panel}?${params}&format=csv`)
      expect(csv.status, panel).toBe(200)
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(csv.headers.get('content-disposition')).toBe(
        `attachment; filename="temoin-${SITE}-${panel}-2026-03-01-2026-03-30.csv"`,
      )
      expect(await csv.text()).toBe(formatTableCsv(table))
    }
  })

  it('CSV: RFC 4180 quoting, CRLF, and cells that would run as formulas neutralised', async () => {
    const pages = await (
      await get(`/api/stats/pages?site=${SITE}&from=2026-03-01&to=2026-03-30&format=csv`)
    ).text()
    expect(pages).toBe('page,pageviews\r\n/,13\r\n/a,4\r\n"/b,""quoted""",1\r\n')
    const props = await (
      await get(
        `/api/stats/event-props?site=${SITE}&from=2026-03-01&to=2026-03-30&event=signup&format=csv`,
      )
    ).text()
    expect(props).toBe("property,value,count\r\nplan,'=cmd|calc,1\r\n")
    const table = {
      columns: ['a', 'b'].map((key) => ({ key, label: key, coverage: 'all' as const })),
      rows: [
        { a: '+1', b: -3 },
        { a: '-x', b: null },
        { a: '@SUM(A1)', b: 0.5 },
        { a: '\tx', b: 1 },
        { a: '\rx', b: 1 },
        { a: 'line\nbreak', b: 1 },
        { a: 'ok=1', b: 1 },
      ],
    }
    expect(formatTableCsv(table)).toBe(
      "a,b\r\n'+1,-3\r\n'-x,\r\n'@SUM(A1),0.5\r\n'\tx,1\r\n\"'\rx\",1\r\n\"line\nbreak\",1\r\nok=1,1\r\n",
    )
  })

  it('answers the series as CSV: one row per bucket, the period asked then the previous one, told apart by `period`', async () => {
    const params = `site=${SITE}&from=2026-03-29&to=2026-03-31&interval=day`
    const res = await get(`/api/stats/series?${params}&format=csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="temoin-${SITE}-series-2026-03-29-2026-03-31.csv"`,
    )
    // 30 March: e12 (C, consenting); 31 March: visits e13 rt3 rt1 and the page view rt2 (all
    // anonymous); the previous 3 days: eE6 on 26 March (E, consenting).
    expect(await res.text()).toBe(
      [
        'period,time,visits,pageviews,visitors',
        'current,2026-03-29T00:00:00.000Z,0,0,0',
        'current,2026-03-30T00:00:00.000Z,1,1,1',
        'current,2026-03-31T00:00:00.000Z,3,4,0',
        'previous,2026-03-26T00:00:00.000Z,1,1,1',
        'previous,2026-03-27T00:00:00.000Z,0,0,0',
        'previous,2026-03-28T00:00:00.000Z,0,0,0',
        '',
      ].join('\r\n'),
    )
    // The same figures as the JSON answer, bucket for bucket, for any interval and filter.
    const weekly = `site=${SITE}&from=2026-03-01&to=2026-03-31&interval=week&filter.country=FR`
    const json = (await (await get(`/api/stats/series?${weekly}`)).json()) as SeriesAnswer
    const csv = await (await get(`/api/stats/series?${weekly}&format=csv`)).text()
    const line = (period: string, r: SeriesAnswer['rows'][number]) =>
      `${period},${r.time},${r.visits},${r.pageviews},${r.visitors}`
    expect(csv.split('\r\n').slice(1, -1)).toEqual([
      ...json.rows.map((r) => line('current', r)),
      ...json.previousRows.map((r) => line('previous', r)),
    ])
    expect(json.rows.length).toBeGreaterThan(3)
  })

  it('refuses bad parameters with 400 STATS_QUERY_INVALID naming the parameter, never the value', async () => {
    const cases: [string, string][] = [
      ['/api/stats/summary', 'site'],
      ['/api/stats/summary?site=nowhere.example', 'site'],
      [`/api/stats/summary?site=${SITE}&from=2026-02-30`, 'from'],
      [`/api/stats/summary?site=${SITE}&to=31/03/2026`, 'to'],
      [`/api/stats/summary?site=${SITE}&from=2026-03-10&to=2026-03-01`, 'from'],
      [`/api/stats/summary?site=${SITE}&from=1900-01-01`, 'from'],
      [`/api/stats/series?site=${SITE}&interval=minute`, 'interval'],
      [`/api/stats/series?site=${SITE}&from=2026-01-01&to=2026-03-30&interval=hour`, 'interval'],
      [`/api/stats/pages?site=${SITE}&limit=0`, 'limit'],
      [`/api/stats/pages?site=${SITE}&limit=1001`, 'limit'],
      [`/api/stats/pages?site=${SITE}&limit=1e3`, 'limit'],
      [`/api/stats/pages?site=${SITE}&filter.contry=FR`, 'filter.contry'],
      [`/api/stats/pages?site=${SITE}&filter.page=%01x`, 'filter.page'],
      [`/api/stats/pages?site=${SITE}&filter.page=${'x'.repeat(2049)}`, 'filter.page'],
      [`/api/stats/pages?site=${SITE}&filter.page=/a&filter.page=/b`, 'filter.page'],
      [`/api/stats/pages?site=${SITE}&sort=pageviews`, 'sort'],
      [`/api/stats/event-props?site=${SITE}`, 'event'],
      [`/api/stats/summary?site=${SITE}&format=csv`, 'format'],
      [`/api/stats/pages?site=${SITE}&format=xml`, 'format'],
    ]
    const before = await store.countEvents({})
    for (const [path, where] of cases) {
      const res = await get(path)
      expect(res.status, path).toBe(400)
      expect(res.headers.get('x-temoin-error')).toBe('STATS_QUERY_INVALID')
      const error = await errorOf(res)
      expect(error, path).toMatchObject({ code: 'STATS_QUERY_INVALID', where })
      expect(error.fix).toContain('docs/api.md')
      expect(error.message).not.toContain('xxxxxxxx')
      expect(error.message).not.toContain('contry=FR')
    }
    expect(await store.countEvents({})).toBe(before)
  })

  it('lists the sites the caller may read', async () => {
    const res = await get('/api/stats/sites')
    expect(await res.json()).toEqual({
      sites: [{ domain: SITE, name: 'Exemple' }, { domain: 'other.example' }],
    })
    // A caller who may read only one site (as with a public site) sees only that one.
    const onlyOther = createStatsApi({
      queries: openLine(),
      store,
      policy: POLICY,
      clock: createFakeClock(STATS_NOW),
      authorize: (req) =>
        Promise.resolve(
          new URL(req.url).searchParams.get('site') === 'other.example'
            ? null
            : new Response('{}', { status: 401 }),
        ),
    })
    const some = await onlyOther.fetch(new Request('http://stats.test/api/stats/sites'))
    expect(await some.json()).toEqual({ sites: [{ domain: 'other.example' }] })
    const pages = await onlyOther.fetch(
      new Request(`http://stats.test/api/stats/pages?site=${SITE}`),
    )
    expect(pages.status).toBe(401)
  })

  it('asks authorize first: a refusal is sent as is, before any parameter is read', async () => {
    const locked = createStatsApi({
      queries: openLine(),
      store,
      policy: POLICY,
      clock: createFakeClock(STATS_NOW),
      authorize: createBearerAuthorize('s3cret'),
    })
    for (const path of [
      '/api/stats/sites',
      `/api/stats/summary?site=${SITE}`,
      '/api/stats/summary?limit=x',
      '/api/stats/nothing',
    ]) {
      const res = await locked.fetch(new Request(`http://stats.test${path}`))
      expect(res.status, path).toBe(401)
      expect((await errorOf(res)).code).toBe('UNAUTHORIZED')
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="temoin"')
    }
    const wrong = await locked.fetch(
      new Request(`http://stats.test/api/stats/summary?site=${SITE}`, {
        headers: { authorization: 'Bearer s3creT' },
      }),
    )
    expect(wrong.status).toBe(401)
    const right = await locked.fetch(
      new Request(`http://stats.test/api/stats/summary?site=${SITE}`, {
        headers: { authorization: 'Bearer s3cret' },
      }),
    )
    expect(right.status).toBe(200)
  })

  it('refuses a query at once with 503 STATS_BUSY and Retry-After when the server-wide line is full; answers again once it drains', async () => {
    const line = createBoundedQueue({ concurrency: 1, queue: 2 })
    const busy = createStatsApi({
      queries: line,
      store,
      policy: POLICY,
      clock: createFakeClock(STATS_NOW),
      authorize: allowAll,
    })
    const ask = () => busy.fetch(new Request(`http://stats.test/api/stats/summary?site=${SITE}`))
    // Two queries in the line (one running, one waiting) hold a real store query each.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    const holders = [line.run(() => held), line.run(() => held)]
    expect(holders).not.toContain(null)
    const third = ask() // takes the last place in the line
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(line.hasRoom(1)).toBe(false)
    const refused = await ask()
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('2')
    expect(refused.headers.get('x-temoin-error')).toBe('STATS_BUSY')
    const error = await errorOf(refused)
    expect(error.code).toBe('STATS_BUSY')
    expect(error.fix).toContain('server.dashboard.queryQueue')
    // A bad request is refused before it would take a place: its own answer, not STATS_BUSY.
    const bad = await busy.fetch(new Request('http://stats.test/api/stats/summary?site=nowhere'))
    expect(bad.status).toBe(400)
    release()
    await Promise.all(holders.map((h) => h ?? Promise.resolve()))
    expect((await third).status).toBe(200)
    expect((await ask()).status).toBe(200)
    expect(line.hasRoom(3)).toBe(true)
  })

  it('answers 404 for an unknown endpoint and 405 for another method', async () => {
    const missing = await get(`/api/stats/visitors?site=${SITE}`)
    expect(missing.status).toBe(404)
    expect((await errorOf(missing)).code).toBe('NOT_FOUND')
    // A prototype name is no endpoint, and no name from the URL is repeated in the answer.
    for (const name of ['__proto__', 'constructor', '%3Cscript%3E', '%ED%A0%80', '%FF']) {
      const res = await get(`/api/stats/${name}?site=${SITE}`)
      expect(res.status, name).toBe(404)
      expect(res.headers.get('x-temoin-error')).toBe('NOT_FOUND')
      const error = await errorOf(res)
      expect(error.message).toBe('No such stats endpoint; docs/api.md lists them.')
    }
    const post = await get(`/api/stats/summary?site=${SITE}`, { method: 'POST' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET')
  })

  it('answers 503 without details when the store fails, and logs the details', async () => {
    const closed = await createDuckdbStore({ path: ':memory:', rollups: statsRollups })
    await closed.close()
    const broken = createStatsApi({
      queries: openLine(),
      store: closed,
      policy: POLICY,
      clock: createFakeClock(STATS_NOW),
      authorize: allowAll,
      log: (line) => logged.push(line),
    })
    const res = await broken.fetch(new Request(`http://stats.test/api/stats/summary?site=${SITE}`))
    expect(res.status).toBe(503)
    const error = await errorOf(res)
    expect(error.code).toBe('SHUTTING_DOWN')
    expect(error.message).not.toContain('memory')
    expect(logged.some((line) => line.includes('SHUTTING_DOWN'))).toBe(true)
  })
})
