import type { Hono } from 'hono'
import { AppError, isAppError } from '../lib/app-error.js'
import { reject } from './reject.js'

/** What each app says to the client when the store or the server itself failed. */
export interface FailureMessages {
  /** The message of a 503 STORE_FAILED (the detail goes to the log only). */
  readonly store: string
  /** The message of a 500 INTERNAL. */
  readonly internal: string
}

/**
 * Whether a request failed because its client went away: the connection closed (or was closed
 * by the server's request timeout) before the body arrived whole. Node then fails the body's read
 * with `Error: aborted` (`ECONNRESET`), and @hono/node-server aborts the request's signal.
 *
 * @example if (isClientGone(e, req)) log('POST /api/event: the client went away')
 */
export function isClientGone(e: unknown, req?: Request): boolean {
  if (req?.signal.aborted === true) return true
  if (!(e instanceof Error)) return false
  const code = (e as { code?: unknown }).code
  return (
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    e.message === 'aborted' ||
    // @hono/node-server's own wording when the socket closed before the body ended.
    e.message === 'Client connection prematurely closed.'
  )
}

/**
 * The one answer to a request whose handler threw, shared by the collector, the stats API, the
 * dashboard and the admin API: a client that went away is one short log line and 400
 * REQUEST_INCOMPLETE (nobody reads it); an AppError under 500 is the client's, answered as is;
 * one of 500 and over (a store failure: 503 STORE_FAILED) keeps its code with a generic message
 * (paths and database messages go to the log only); anything else is a bug: 500 INTERNAL,
 * logged with its stack, never sent.
 *
 * @example
 * const failure = createFailureAnswer({ log, messages: { store: 'Nothing was stored.', internal: 'The collector failed.' } })
 * app.onError((e, c) => failure(e, c.req.raw))
 */
export function createFailureAnswer(options: {
  readonly log: (line: string) => void
  readonly messages: FailureMessages
  /** The request's path as it may be logged (never a visitor id; by default, the path). */
  readonly logPath?: (pathname: string) => string
}): (e: unknown, req?: Request) => Response {
  const { log, messages } = options
  const logPath = options.logPath ?? ((p: string) => p)
  return (e, req) => {
    const where = req ? `${req.method} ${logPath(new URL(req.url).pathname)}` : 'request'
    // An AppError says what failed, whether or not the client is still there (a store failure
    // during a request whose client left is still a store failure to log).
    if (!isAppError(e) && isClientGone(e, req)) {
      log(`${where}: the client went away before its request arrived whole`)
      return reject(
        new AppError('REQUEST_INCOMPLETE', 'The connection closed before the body arrived whole.'),
      )
    }
    if (isAppError(e)) {
      if (e.status < 500) return reject(e)
      log(`${where}: ${e.code}: ${e.message}`)
      // The code is kept (a client may retry a 503); the message is generic.
      const message =
        e.code === 'SHUTTING_DOWN'
          ? 'The server is stopping; nothing was done.'
          : e.status === 503
            ? messages.store
            : messages.internal
      return reject(new AppError(e.code, message))
    }
    log(`${where}: INTERNAL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return reject(new AppError('INTERNAL', messages.internal))
  }
}

/**
 * An app's `fetch` that answers every failure with `failure` (createFailureAnswer): through
 * Hono's `onError` for what its handlers throw, and through a catch for anything thrown outside
 * them (Hono hands only Error instances to `onError`). Shared by the collector, the stats API,
 * the dashboard and the admin API.
 *
 * @example return { fetch: fetchAnsweringFailures(app, failure) }
 */
export function fetchAnsweringFailures(
  app: Pick<Hono, 'onError' | 'fetch'>,
  failure: (e: unknown, req?: Request) => Response,
): (req: Request, env?: unknown) => Promise<Response> {
  app.onError((e, c) => failure(e, c.req.raw))
  return async (req, env) => {
    try {
      return await app.fetch(req, env)
    } catch (e) {
      return failure(e, req)
    }
  }
}
