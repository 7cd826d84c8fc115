import { timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { AppError, isAppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { Policy } from '../policy/policy-schema.js'
import { parseReleaseSpecText } from '../publish/load-release-spec.js'
import { publishRelease } from '../publish/publish-release.js'
import { formatReceiptsExport } from '../consent-records/receipts-export.js'
import { findReceipts, parseReceiptsQuery } from '../consent-records/receipts-query.js'
import { retentionCutoffs } from '../store/retention.js'
import type { Store } from '../store/store.js'
import { createFailureAnswer, fetchAnsweringFailures } from './answer-failure.js'
import { parseJsonText } from '../lib/parse-json-text.js'
import { readAtMost } from './read-at-most.js'
import { reject } from './reject.js'

/** A release spec is a page of YAML; 1 MiB is ample and bounds what a caller can make us hold. */
const SPEC_LIMIT_BYTES = 1024 * 1024
/** A receipts query is a short query string. */
const QUERY_LIMIT_BYTES = 4096

/**
 * The administrative API, for commands that need the data while the server holds it (DuckDB
 * lets one process open the file). Every call carries `Authorization: Bearer <token>`; the
 * server makes the token at start and leaves it, readable by the folder's owner only, in the
 * data folder. `POST /api/admin/purge` runs the retention purge; `POST /api/admin/publish`, with
 * `{ "spec": "<release spec, YAML>", "source": "release.yaml" }`, publishes a release with the
 * server's policy and the data folder's ledger and answers `{ ok, release, reServed, entry }`,
 * with `budgetNow` for a re-served DP release (a refusal: the error with its `details`, as
 * `temoin publish` prints them).
 *
 * @example
 * const admin = createAdminApi({ token, store, policy, clock, ledgerDir })
 * await admin.fetch(new Request('http://x/api/admin/purge', { method: 'POST', headers: { authorization: `Bearer ${token}` } }))
 */
export function createAdminApi(deps: {
  token: string
  store: Store
  policy: Policy
  clock: Clock
  /** The publication ledger's folder: `<data folder>/publications`. */
  ledgerDir: string
  /** The operator's log (store failures, bugs). */
  log?: (line: string) => void
}): {
  fetch: (req: Request) => Promise<Response>
} {
  const expected = Buffer.from(deps.token)
  const app = new Hono()
  app.use('*', async (c, next) => {
    // Only `Bearer <token>` (the scheme's case is free, RFC 9110 §11.1): a bare token is refused.
    // Stryker disable next-line StringLiteral: a missing header read as '' or as any text without the `Bearer ` scheme (the mutant's "Stryker was here!") fails the pattern alike: 401
    const match = /^Bearer +(\S+)$/i.exec(c.req.header('authorization') ?? '')
    // Stryker disable next-line StringLiteral: the default is read only when match is null, and then `match === null` below refuses before `given` is looked at
    const given = Buffer.from(match?.[1] ?? '')
    if (match === null || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return reject(
        new AppError(
          'UNAUTHORIZED',
          'the admin API needs Authorization: Bearer <the token the server wrote in server.json>',
        ),
      )
    }
    await next()
  })
  app.post('/api/admin/purge', async (c) => {
    const cutoffs = retentionCutoffs(deps.policy, deps.clock.now())
    const removed = await deps.store.purge(cutoffs)
    return c.json({ ok: true, removed, cutoffs })
  })
  // `temoin receipts export` while the server holds the data folder: the export, made here.
  app.post('/api/admin/receipts', async (c) => {
    const read = await readBody(c.req.raw, QUERY_LIMIT_BYTES)
    if (read instanceof Response) return read
    const body = read.value as { query?: unknown } | null | undefined
    if (typeof body?.query !== 'string')
      return reject(
        new AppError(
          'RECEIPTS_QUERY_INVALID',
          'the body must be JSON { "query": "site=…&from=…&to=…" }',
          { where: 'query' },
        ),
      )
    const parsed = parseReceiptsQuery(
      new URLSearchParams(body.query),
      deps.policy,
      deps.clock.now(),
    )
    if (!parsed.ok) return reject(parsed.error)
    const q = parsed.value
    const receipts = await findReceipts(deps.store, q)
    return c.json({
      ok: true,
      count: receipts.length,
      ...formatReceiptsExport(receipts, q, q.format),
    })
  })
  app.post('/api/admin/publish', async (c) => {
    const read = await readBody(c.req.raw, SPEC_LIMIT_BYTES)
    if (read instanceof Response) return read
    const body = read.value as { spec?: unknown; source?: unknown } | null | undefined
    if (typeof body?.spec !== 'string')
      return reject(
        new AppError(
          'RELEASE_INVALID',
          'the body must be JSON { "spec": "<the release spec, as YAML text>" }',
          { where: 'spec' },
        ),
      )
    const source = typeof body.source === 'string' ? body.source.slice(0, 500) : 'release spec'
    try {
      const spec = parseReleaseSpecText(body.spec, source, deps.policy)
      const result = await publishRelease(deps.store, spec, {
        policy: deps.policy,
        ledgerDir: deps.ledgerDir,
        clock: deps.clock,
      })
      return c.json({ ok: true, ...result })
    } catch (e) {
      if (!isAppError(e)) throw e
      // A refusal's details (each cell, rule and fix; each bad key) are what the CLI prints.
      return new Response(JSON.stringify({ error: { ...e.toJSON(), details: e.details } }), {
        status: e.status,
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Cache-Control': 'no-store',
          'X-Temoin-Error': e.code,
        },
      })
    }
  })
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname
    return reject(new AppError('NOT_FOUND', `no admin call ${c.req.method} ${path.slice(0, 100)}`))
  })
  // Like every other route: a store failure is 503 STORE_FAILED, a bug 500 INTERNAL, each with
  // its code in X-Temoin-Error and the detail in the operator's log only.
  const failure = createFailureAnswer({
    log: deps.log ?? (() => undefined),
    messages: {
      store: 'The store failed; nothing was changed. Try again, and check the server log.',
      internal: 'The admin call failed unexpectedly; the server log has the detail.',
    },
  })
  return { fetch: fetchAnsweringFailures(app, failure) }
}

/**
 * A call's body as JSON (`undefined` when it is not JSON, which each route refuses with its own
 * error, as it refuses JSON of another shape), or the 413 to answer when it passes `limit` bytes.
 */
async function readBody(req: Request, limit: number): Promise<{ value: unknown } | Response> {
  const bytes = await readAtMost(req, limit)
  if (bytes === null)
    return reject(
      new AppError('BODY_TOO_LARGE', `The body is larger than ${limit} bytes.`, { where: 'body' }),
    )
  return { value: parseJsonText(new TextDecoder().decode(bytes)) }
}
