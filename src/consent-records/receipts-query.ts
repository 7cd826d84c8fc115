import { AppError } from '../lib/app-error.js'
import { err, ok, type Result } from '../lib/result.js'
import type { Policy } from '../policy/policy-schema.js'
import type { ConsentReceipt } from '../protocol/consent-payload.js'
import type { Store } from '../store/store.js'
import { isDate, toDate } from '../lib/calendar-date.js'
import type { ExportScope } from './receipts-export.js'

/** Which receipts to find or export: one site, days (UTC, both included), and narrower filters. */
export interface ReceiptsQuery extends ExportScope {
  readonly id?: string
  readonly visitor?: string
  /** Only the receipts that granted (or refused) this purpose. */
  readonly purpose?: string
  readonly decision?: 'granted' | 'refused'
  readonly format: 'json' | 'csv'
}

const KNOWN = new Set(['site', 'from', 'to', 'id', 'visitor', 'purpose', 'decision', 'format'])
const ID = /^[0-9a-f]{32}$/
const VISITOR = /^\d{10}\.[0-9a-f]{32}$/
const DAY = 86_400_000

/**
 * Reads the parameters of `GET /api/receipts` and of `temoin receipts export`: `site` (one of
 * the policy's), `from` and `to` (default: the last year up to `now`'s day), `id`, `visitor`,
 * `purpose` with `decision` (`granted`, the default, or `refused`), `format` (`json`, the
 * default, or `csv`). A wrong one is RECEIPTS_QUERY_INVALID naming it; its value is not repeated.
 *
 * @example parseReceiptsQuery(new URLSearchParams('site=example.org&from=2026-03-01&to=2026-03-31'), policy, Date.now())
 */
export function parseReceiptsQuery(
  params: URLSearchParams,
  policy: Pick<Policy, 'sites' | 'purposes'>,
  now: number,
): Result<ReceiptsQuery, AppError> {
  const problem = (where: string, message: string) =>
    err(new AppError('RECEIPTS_QUERY_INVALID', `${where}: ${message}`, { where }))
  for (const key of params.keys())
    if (!KNOWN.has(key))
      return problem(
        key.length <= 32 && /^[\w.-]+$/.test(key) ? key : '(an unknown parameter)',
        `not a parameter; they are ${[...KNOWN].join(', ')}.`,
      )
  const site = params.get('site')?.toLowerCase()
  const sites = policy.sites.map((s) => s.domain)
  if (site === undefined || !sites.includes(site))
    return problem('site', `name one of the policy's sites: ${sites.join(', ')}.`)
  // `to` first: the default `from` is counted from it.
  const to = params.get('to') ?? toDate(now)
  if (!isDate(to)) return problem('to', 'not a date; write YYYY-MM-DD (UTC).')
  const from = params.get('from') ?? toDate(Date.parse(`${to}T00:00:00Z`) - 364 * DAY)
  if (!isDate(from)) return problem('from', 'not a date; write YYYY-MM-DD (UTC).')
  if (from > to)
    return problem('from', 'after `to`; the period is from `from` to `to`, both included.')
  const id = params.get('id') ?? undefined
  if (id !== undefined && !ID.test(id))
    return problem('id', 'not a receipt id (32 hexadecimal digits).')
  const visitor = params.get('visitor') ?? undefined
  if (visitor !== undefined && !VISITOR.test(visitor))
    return problem('visitor', 'not a visitor id (10 digits, ".", 32 hexadecimal digits).')
  const purpose = params.get('purpose') ?? undefined
  // Own keys only: `constructor` or `__proto__` is no purpose.
  if (purpose !== undefined && !Object.hasOwn(policy.purposes, purpose))
    return problem(
      'purpose',
      `not a purpose of the policy: ${Object.keys(policy.purposes).join(', ')}.`,
    )
  const decision = params.get('decision') ?? undefined
  if (decision !== undefined && decision !== 'granted' && decision !== 'refused')
    return problem('decision', 'granted or refused.')
  if (decision !== undefined && purpose === undefined)
    return problem('decision', 'a decision about which purpose? Add purpose=.')
  const format = params.get('format') ?? 'json'
  if (format !== 'json' && format !== 'csv') return problem('format', 'json or csv.')
  return ok({
    site,
    from,
    to,
    format,
    ...(id === undefined ? {} : { id }),
    ...(visitor === undefined ? {} : { visitor }),
    ...(purpose === undefined ? {} : { purpose, decision: decision ?? 'granted' }),
  })
}

/** Receipts read from the store per call. */
const PAGE = 10_000

/**
 * The receipts a query finds in the store, oldest first (the store's order: time, then id),
 * every one of them: read page after page, since the store lists a limited number per call.
 *
 * @example const receipts = await findReceipts(store, query)
 */
export async function findReceipts(
  store: Store,
  q: ReceiptsQuery,
  pageSize = PAGE,
): Promise<ConsentReceipt[]> {
  const found: ConsentReceipt[] = []
  for (let offset = 0; ; offset += pageSize) {
    const page = await store.listReceipts({
      site: q.site,
      from: Date.parse(`${q.from}T00:00:00Z`),
      to: Date.parse(`${q.to}T00:00:00Z`) + DAY,
      ...(q.visitor === undefined ? {} : { visitor: q.visitor }),
      limit: pageSize,
      offset,
    })
    found.push(
      ...page
        .filter((r) => q.id === undefined || r.id === q.id)
        .filter((r) => q.purpose === undefined || r[q.decision ?? 'granted'].includes(q.purpose)),
    )
    if (page.length < pageSize) return found
  }
}
