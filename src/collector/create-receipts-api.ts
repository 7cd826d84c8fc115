import { Hono } from 'hono'
import { formatReceiptsExport } from '../consent-records/receipts-export.js'
import { findReceipts, parseReceiptsQuery } from '../consent-records/receipts-query.js'
import type { Clock } from '../lib/clock.js'
import type { Policy } from '../policy/policy-schema.js'
import type { Store } from '../store/store.js'
import { reject } from './reject.js'

/**
 * `GET /api/receipts`: the consent receipts of one site, found by id or visitor, listed by period,
 * purpose and decision, as JSON Lines or CSV with a digest chain (docs/consent-records.md). The
 * same credentials as the stats API: a dashboard session or an API token (a token for some
 * sites, those only); receipts are never public. The export's digest is in `X-Temoin-Digest`.
 *
 * @example const api = createReceiptsApi({ store, policy, clock, authorize })
 * await api.fetch(new Request('http://x/api/receipts?site=example.org&format=csv'))
 */
export function createReceiptsApi(deps: {
  readonly store: Store
  readonly policy: Policy
  readonly clock: Clock
  /** null when the caller may read the request's `site`. */
  readonly authorize: (req: Request) => Promise<Response | null>
}): { fetch: (req: Request) => Promise<Response> } {
  const app = new Hono()
  app.get('/api/receipts', async (c) => {
    // Never public: the public sites' statistics are, their receipts (visitor ids) are not.
    const url = new URL(c.req.url)
    const refused = await deps.authorize(
      new Request(url, { method: 'POST', headers: c.req.raw.headers }),
    )
    if (refused) return refused
    const parsed = parseReceiptsQuery(url.searchParams, deps.policy, deps.clock.now())
    if (!parsed.ok) return reject(parsed.error)
    const q = parsed.value
    const { text, digest } = formatReceiptsExport(await findReceipts(deps.store, q), q, q.format)
    const name = `temoin-receipts-${q.site}-${q.from}-${q.to}.${q.format === 'csv' ? 'csv' : 'jsonl'}`
    return new Response(text, {
      headers: {
        'content-type':
          q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'x-temoin-digest': digest,
        'cache-control': 'no-store',
      },
    })
  })
  return { fetch: (req) => Promise.resolve(app.fetch(req)) }
}
