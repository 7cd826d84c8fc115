import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { Duplex } from 'node:stream'
import { getRequestListener, RequestError } from '@hono/node-server'
import { reject } from '../collector/reject.js'
import { AppError } from '../lib/app-error.js'
import type { ServerSettings } from '../policy/policy-schema.js'

/**
 * How often Node looks for requests past their time limits. Node's default (30 s) lets a
 * limit run that much late (71 s for a 60 s header limit); once a second costs a walk over the
 * open connections, which `maxConnections` bounds.
 */
const CHECK_EVERY_MS = 1000

/**
 * The node:http server of `temoin serve`, not yet listening: the web-standard `fetch` behind
 * @hono/node-server's request listener, with limits a slow or hostile client cannot stretch
 * (`server.timeouts`, `server.maxConnections`; docs/api.md), and every refusal of its own coded
 * like the routes' (`X-Temoin-Error`): a request not whole in time is 400 REQUEST_INCOMPLETE, one
 * Node or Hono cannot read (a broken header, no Host, a backslash in the path) 400
 * REQUEST_MALFORMED. Node's own answers would be bare `408`/`400` without a code.
 *
 * @example
 * const server = createHttpServer({ fetch: app.fetch, settings: config.server, log })
 * server.listen(8080, '127.0.0.1')
 */
export function createHttpServer(options: {
  readonly fetch: (req: Request, env: unknown) => Response | Promise<Response>
  readonly settings: Pick<ServerSettings, 'host' | 'timeouts' | 'maxConnections'>
  readonly log: (line: string) => void
}): Server {
  const { timeouts, maxConnections } = options.settings
  const requestMs = Math.round(timeouts.requestSeconds * 1000)
  const listener = getRequestListener(options.fetch, {
    hostname: options.settings.host,
    // Thrown before the app sees the request (RequestError: bad Host, bad URL); the app's own
    // errors never get here, each app answers them.
    errorHandler: (e) => {
      if (e instanceof RequestError)
        return reject(
          new AppError('REQUEST_MALFORMED', `The request cannot be read: ${e.message}.`),
          { Connection: 'close' },
        )
      options.log(`http: INTERNAL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
      return reject(new AppError('INTERNAL', 'The server failed unexpectedly.'))
    },
  })
  const server = createServer(
    {
      // Node refuses a header limit longer than the whole request's.
      headersTimeout: Math.min(Math.round(timeouts.headersSeconds * 1000), requestMs),
      requestTimeout: requestMs,
      keepAliveTimeout: Math.round(timeouts.keepAliveSeconds * 1000),
      connectionsCheckingInterval: CHECK_EVERY_MS,
      // Node refuses an HTTP/1.1 request without Host itself, with a bare 400 and no code:
      // `answerBadHost` below refuses it with one.
      requireHostHeader: false,
    },
    (req, res) => {
      if (answerBadHost(req, res)) return
      // The listener answers every error itself (errorHandler above); nothing is left to await.
      void listener(req, res)
    },
  )
  server.maxConnections = maxConnections
  server.on('clientError', answerClientError)
  return server
}

/**
 * Node's `clientError`: a request past its time limit (ERR_HTTP_REQUEST_TIMEOUT, headers or
 * whole request) or one its parser refused (HPE_*). Answered with a code, then the connection is
 * closed; a client that reset the connection gets nothing (it is gone).
 */
function answerClientError(e: Error & { code?: string }, socket: Duplex): void {
  // A response already started on this socket cannot be followed by another one.
  const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage
  if (e.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
    socket.destroy()
    return
  }
  const error =
    // Past its time limit, or the client ended its side before the body was whole.
    e.code === 'ERR_HTTP_REQUEST_TIMEOUT' || e.code === 'HPE_INVALID_EOF_STATE'
      ? new AppError(
          'REQUEST_INCOMPLETE',
          'The request did not arrive whole in time (its headers, or a body as long as its Content-Length).',
        )
      : new AppError(
          'REQUEST_MALFORMED',
          e.code === 'HPE_HEADER_OVERFLOW'
            ? 'The headers are larger than the server reads (16 KiB).'
            : 'The request is not HTTP/1.1 the server can read.',
        )
  const { body, headers } = closingAnswer(error)
  socket.end(
    [
      `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      '',
      body,
    ].join('\r\n'),
  )
  // The answer is sent; a client that neither reads it nor closes is not waited for.
  setTimeout(() => socket.destroy(), CHECK_EVERY_MS).unref()
}

/**
 * An HTTP/1.1 request names its Host once (RFC 9112, 3.2: else answered 400). Node's own refusal
 * of a missing one has no code, and it keeps the first of two: both are refused here, coded like
 * every other refusal. HTTP/1.0 needs none.
 */
function answerBadHost(req: IncomingMessage, res: ServerResponse): boolean {
  const hosts = req.rawHeaders.filter((name, i) => i % 2 === 0 && name.toLowerCase() === 'host')
  if (hosts.length > 1) return refuse(res, 'A request names its Host once.')
  if (hosts.length === 0 && req.httpVersion !== '1.0')
    return refuse(res, 'An HTTP/1.1 request needs a Host header.')
  return false
}

function refuse(res: ServerResponse, message: string): true {
  const error = new AppError('REQUEST_MALFORMED', message)
  const { body, headers } = closingAnswer(error)
  res.writeHead(error.status, headers).end(body)
  return true
}

/** A coded refusal's body and headers, on a connection closed after it. */
function closingAnswer(error: AppError): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ error: error.toJSON() })
  return {
    body,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Temoin-Error': error.code,
      'Content-Length': String(Buffer.byteLength(body)),
      Connection: 'close',
    },
  }
}
