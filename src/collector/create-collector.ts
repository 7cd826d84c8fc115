import { Hono } from 'hono'
import { AppError, isAppError } from '../lib/app-error.js'
import { createFailureAnswer, fetchAnsweringFailures } from './answer-failure.js'
import { checkOrigin } from './check-origin.js'
import type { CollectorDeps } from './collector-deps.js'
import { corsHeaders, preflight } from './cors.js'
import { createConsentHandler } from './handle-consent.js'
import { createEventHandler } from './handle-event.js'
import { createVisitorHandlers } from './handle-visitor.js'
import { jsonResponse } from './json-response.js'
import { createRateLimit } from './rate-limit.js'
import { reject } from './reject.js'
import { createScriptResponder } from './serve-script.js'

export type { CollectorDeps } from './collector-deps.js'

/** Each path of the API and the methods it answers (OPTIONS is added for the preflight). */
const ROUTES = {
  '/api/event': ['POST'],
  '/api/consent': ['POST'],
  '/api/visitor/:id': ['GET', 'DELETE'],
  '/healthz': ['GET'],
} as const

/**
 * The collector: `POST /api/event`, `POST /api/consent`, `GET|DELETE /api/visitor/:id` and
 * `GET /healthz`, as one web-standard `fetch`. Every request passes, in order: CORS decoration
 * (site origins only), the rate limit and the origin allow-list (API paths), then its handler.
 * Every refusal is a JSON error with `X-Temoin-Error` and writes nothing (docs/api.md).
 *
 * @example
 * const collector = createCollector({ config, store, writer, clock, randomBytes, geo, clientAddress: () => '212.27.48.10' })
 * const res = await collector.fetch(new Request('http://collector/healthz'))
 */
export function createCollector(deps: CollectorDeps): {
  fetch: (req: Request, env?: unknown) => Promise<Response>
} {
  const { policy, server } = deps.config
  const log = deps.log ?? (() => undefined)
  const limit = createRateLimit({
    perMinute: server.rateLimitPerMinute,
    randomBytes: deps.randomBytes,
  })
  const handleEvent = createEventHandler(deps)
  const handleConsent = createConsentHandler(deps)
  const visitor = createVisitorHandlers(deps.store, deps.writer, deps.clock)
  const app = new Hono()

  app.use('*', async (c, next) => {
    await next()
    const origin = c.req.header('origin') ?? null
    for (const [k, v] of Object.entries(corsHeaders(policy, origin))) c.res.headers.set(k, v)
    // The answer depends on Origin (CORS headers, origin refusals): caches must key on it.
    // Stryker disable next-line StringLiteral: a missing Vary read as '' or as "Stryker was here!" names no origin either way: Origin is appended alike
    if (!/\borigin\b/i.test(c.res.headers.get('vary') ?? '')) c.res.headers.append('Vary', 'Origin')
  })

  app.use('/api/*', async (c, next) => {
    // A preflight is cheap and cached by the browser: it spends no budget.
    if (c.req.method !== 'OPTIONS') {
      const taken = await limit.take(deps.clientAddress(c.req.raw, c.env))
      if (!taken.ok) {
        const e = new AppError(
          'RATE_LIMITED',
          `More than ${server.rateLimitPerMinute} requests in a minute from this client.`,
        )
        return reject(e, { 'Retry-After': String(taken.retryAfterSeconds) })
      }
    }
    // Refused before the body is read: a foreign page gets nothing parsed or stored.
    const forbidden = checkOrigin(policy, c.req.header('origin') ?? null)
    if (forbidden) return reject(forbidden)
    return next()
  })

  for (const [name, body] of Object.entries(deps.scripts ?? {})) {
    const respond = createScriptResponder(body)
    app.get(`/${name}`, (c) => respond(c.req.raw))
  }
  app.post('/api/event', (c) => handleEvent(c.req.raw, c.env))
  app.post('/api/consent', (c) => handleConsent(c.req.raw, c.env))
  app.get('/api/visitor/:id', (c) => visitor.see(c.req.param('id')))
  app.delete('/api/visitor/:id', (c) => visitor.erase(c.req.param('id')))
  app.get('/healthz', async () => {
    try {
      await deps.store.ping()
      return jsonResponse(200, { ok: true, store: deps.store.kind })
    } catch (e) {
      // One line per probe: a store that is down is an expected state, not a crash to trace.
      const unreachable = isAppError(e) && e.code === 'STORE_UNREACHABLE'
      log(
        `healthz: the ${deps.store.kind} store does not answer: ${unreachable ? e.message : describe(e)}`,
      )
      return reject(
        new AppError(
          unreachable ? 'STORE_UNREACHABLE' : 'STORE_FAILED',
          `The ${deps.store.kind} store does not answer.`,
        ),
      )
    }
  })

  for (const [path, methods] of Object.entries(ROUTES)) {
    const allow = [...methods, 'OPTIONS'].join(', ')
    app.options(path, (c) => preflight(policy, c.req.header('origin') ?? null, methods))
    app.all(path, (c) =>
      reject(
        new AppError(
          'METHOD_NOT_ALLOWED',
          `${c.req.method} is not allowed on ${path}; use ${allow}.`,
        ),
        {
          Allow: allow,
        },
      ),
    )
  }

  app.notFound(() => reject(new AppError('NOT_FOUND', 'No such path.')))
  // Store failures are the client's to retry (503); a client gone is one short line; anything
  // else is a bug, answered without a stack. The path pattern only: the log never holds a
  // visitor id (nor, anywhere, an address).
  const failure = createFailureAnswer({
    log,
    messages: {
      store: 'Nothing was stored; the request may be sent again.',
      internal: 'The collector failed unexpectedly.',
    },
    logPath: (path) => path.replace(/^\/api\/visitor\/.*/, '/api/visitor/:id'),
  })
  return { fetch: fetchAnsweringFailures(app, failure) }
}

function describe(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e)
}
