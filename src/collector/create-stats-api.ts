import { Hono } from 'hono'
import { AppError } from '../lib/app-error.js'
import type { BoundedQueue } from '../lib/bounded-queue.js'
import type { Clock } from '../lib/clock.js'
import type { Policy } from '../policy/policy-schema.js'
import { parseStatsQuery } from '../stats/parse-stats-query.js'
import { isStatsEndpoint, STATS_ENDPOINTS } from '../stats/stats-endpoints.js'
import type { SeriesAnswer, SitesAnswer, TableAnswer } from '../stats/stats-types.js'
import type { Store } from '../store/store.js'
import { createFailureAnswer, fetchAnsweringFailures } from './answer-failure.js'
import { formatTableCsv } from './format-table-csv.js'
import { formatSeriesCsv } from './format-series-csv.js'
import { jsonResponse } from './json-response.js'
import { reject } from './reject.js'

/** When a query refused as busy may come back: a full line drains in about a second. */
export const BUSY_RETRY_SECONDS = 2

/**
 * The refusal of a statistics query when the server-wide line is full (STATS_BUSY).
 *
 * @example if (!queries.hasRoom(17)) return reject(statsBusy(), { 'Retry-After': String(BUSY_RETRY_SECONDS) })
 */
export function statsBusy(): AppError {
  return new AppError(
    'STATS_BUSY',
    'The server is running and holding as many statistics queries as it allows; this one was not run.',
  )
}

/**
 * Decides whether a request may read the statistics of the site it names (`?site=`): null when
 * it may, else the refusal to send (401 with a JSON error). Filled by the authentication;
 * tests that build the API directly pass an allow-all.
 */
export type StatsAuthorize = (req: Request) => Promise<Response | null>

/** What the stats API needs. */
export interface StatsApiDeps {
  readonly store: Store
  readonly policy: Pick<Policy, 'sites'>
  readonly clock: Clock
  readonly authorize: StatsAuthorize
  /**
   * The server-wide line of statistics queries (`server.dashboard.queryConcurrency` and
   * `queryQueue`), shared with the dashboard page: a query it refuses is 503 STATS_BUSY.
   */
  readonly queries: BoundedQueue
  /** The operator's log (store failures); never a client's address or a query's values. */
  readonly log?: (line: string) => void
}

/**
 * The JSON API of the dashboard, `GET /api/stats/*` (docs/api.md): `sites`, `summary`, `series`,
 * `realtime` and the tables, each behind `authorize`, with its parameters read by
 * `parseStatsQuery` (400 STATS_QUERY_INVALID, nothing read) and answered by stats/; a table or
 * the series answers CSV with `format=csv`. The queries go through the server-wide line
 * `queries` (503 STATS_BUSY when it is full). Answers are never cached (`no-store`): they are
 * private.
 *
 * @example
 * const queries = createBoundedQueue({ concurrency: 4, queue: 256 })
 * const api = createStatsApi({ store, policy, clock, authorize: async () => null, queries })
 * const res = await api.fetch(new Request('http://x/api/stats/pages?site=example.org'))
 */
export function createStatsApi(deps: StatsApiDeps): { fetch: (req: Request) => Promise<Response> } {
  const log = deps.log ?? (() => undefined)
  const sites = deps.policy.sites.map((s) => s.domain)
  const app = new Hono()

  app.get('/api/stats/sites', async (c) => {
    // A caller may read some sites and not others (public sites): ask for each.
    const readable: SitesAnswer['sites'][number][] = []
    let refusal: Response | null = null
    for (const site of deps.policy.sites) {
      const url = new URL(c.req.url)
      url.search = new URLSearchParams({ site: site.domain }).toString()
      const refused = await deps.authorize(new Request(url, { headers: c.req.raw.headers }))
      if (refused) refusal ??= refused
      else
        readable.push(
          // Stryker disable next-line ConditionalExpression: `{ domain, name: undefined }` is sent as JSON, which drops an undefined member: the answer is `{ domain }` either way
          site.name === undefined
            ? { domain: site.domain }
            : { domain: site.domain, name: site.name },
        )
    }
    if (readable.length === 0 && refusal) return refusal
    return jsonResponse(200, { sites: readable } satisfies SitesAnswer)
  })

  app.get('/api/stats/:endpoint', async (c) => {
    const endpoint = c.req.param('endpoint')
    const refused = await deps.authorize(c.req.raw)
    if (refused) return refused
    if (!isStatsEndpoint(endpoint))
      // The name came from the URL: it is not repeated (it may hold anything).
      return reject(new AppError('NOT_FOUND', 'No such stats endpoint; docs/api.md lists them.'))
    const parsed = parseStatsQuery(new URL(c.req.url).searchParams, {
      endpoint,
      sites,
      now: deps.clock.now(),
    })
    if (!parsed.ok) return reject(parsed.error)
    const { query, format } = parsed.value
    const running = deps.queries.run(() => STATS_ENDPOINTS[endpoint](deps.store, query))
    if (running === null) return reject(statsBusy(), { 'Retry-After': String(BUSY_RETRY_SECONDS) })
    const answer = await running
    if (format === 'csv') {
      const filename = `temoin-${query.site}-${endpoint}-${query.from}-${query.to}.csv`
      const csv =
        endpoint === 'series'
          ? formatSeriesCsv(answer as SeriesAnswer)
          : formatTableCsv(answer as TableAnswer)
      return new Response(csv, {
        status: 200,
        headers: {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${filename}"`,
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        },
      })
    }
    return jsonResponse(200, answer, { 'X-Content-Type-Options': 'nosniff' })
  })

  app.all('/api/stats/*', (c) =>
    c.req.method === 'GET' || c.req.method === 'HEAD'
      ? reject(new AppError('NOT_FOUND', 'No such stats endpoint; docs/api.md lists them.'))
      : reject(
          new AppError(
            'METHOD_NOT_ALLOWED',
            `${c.req.method} is not allowed on the stats API; use GET.`,
          ),
          { Allow: 'GET' },
        ),
  )
  app.notFound(() =>
    reject(new AppError('NOT_FOUND', 'No such stats endpoint; docs/api.md lists them.')),
  )
  // Database messages and paths are for the operator, never for the client.
  const failure = createFailureAnswer({
    log,
    messages: {
      store: 'The statistics could not be read; try again.',
      internal: 'The statistics query failed unexpectedly.',
    },
  })

  return { fetch: fetchAnsweringFailures(app, failure) }
}
