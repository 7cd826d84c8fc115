import { timingSafeEqual } from 'node:crypto'
import { Hono } from 'hono'
import { AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { Policy } from '../policy/policy-schema.js'
import { retentionCutoffs } from '../store/retention.js'
import type { Store } from '../store/store.js'
import { reject } from './reject.js'

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
      return reject(
        new AppError(
          'UNAUTHORIZED',
          'the admin API needs the token the server wrote in server.json',
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
  app.notFound((c) => {
    const path = new URL(c.req.url).pathname
    return reject(new AppError('NOT_FOUND', `no admin call ${c.req.method} ${path}`))
  })
  return { fetch: async (req) => app.fetch(req) }
}
