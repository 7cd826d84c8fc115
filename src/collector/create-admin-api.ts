import { timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { Policy } from '../policy/policy-schema.js'
import { purgeExpired } from '../store/retention.js'
import type { Store } from '../store/store.js'

/**
 * The administrative API, for commands that need the data while the server holds it (DuckDB
 * lets one process open the file). Every call carries `Authorization: Bearer <token>`; the
 * server makes the token at start and leaves it, readable by the folder's owner only, in the
 * data folder.
 *
 * @example
 * const admin = createAdminApi({ token, store, policy, clock })
 * await admin.fetch(new Request('http://x/api/admin/purge', { method: 'POST', headers: { authorization: `Bearer ${token}` } }))
 */
export function createAdminApi(deps: {
  token: string
  store: Store
  policy: Policy
  clock: Clock
}): {
  fetch: (req: Request) => Promise<Response>
} {
  const expected = Buffer.from(deps.token)
  const app = new Hono()
  app.use('*', async (c, next) => {
    const given = Buffer.from((c.req.header('authorization') ?? '').replace(/^Bearer /, ''))
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      const e = new AppError(
        'UNAUTHORIZED',
        'the admin API needs the token the server wrote in server.json',
      )
      return c.json({ error: e.toJSON() }, 401, { 'X-Temoin-Error': e.code })
    }
    await next()
  })
  app.post('/api/admin/purge', async (c) => {
    const removed = await purgeExpired(deps.store, deps.policy, deps.clock)
    return c.json({ ok: true, removed })
  })
  app.notFound((c) => {
    const e = new AppError(
      'NOT_FOUND',
      `no admin call ${c.req.method} ${new URL(c.req.url).pathname}`,
    )
    return c.json({ error: e.toJSON() }, 404, { 'X-Temoin-Error': e.code })
  })
  return { fetch: async (req) => app.fetch(req) }
}
