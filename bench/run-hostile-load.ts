import { Agent, request } from 'node:http'
import { createSeededRandom } from '../src/lib/seeded-random.js'
import { hostileRequest, type HostileRequest } from './hostile-requests.js'

/** What a hostile load run sent and got back. */
export interface HostileRun {
  /** Requests sent (answered or not). */
  readonly sent: number
  /** Answers by status class: '2xx', '3xx', '4xx', '5xx'. */
  readonly byClass: Readonly<Record<string, number>>
  /**
   * 5xx answers other than the refusals of a server-wide line that is full (LOGIN_BUSY,
   * STATS_BUSY: 503 with Retry-After, by design), by kind of request, status and error code.
   */
  readonly serverErrors: Readonly<Record<string, number>>
  /** 503 LOGIN_BUSY and STATS_BUSY answers: the server-wide lines refusing more work. */
  readonly busy: number
  /** Requests that got no answer (reset, timeout). */
  readonly noAnswer: number
  readonly seconds: number
}

/**
 * Sends the hostile load (`hostileRequest`) to a server on 127.0.0.1: `concurrency` clients,
 * each sending its next request once the last one is answered, until `requests` were sent or
 * `seconds` have passed, whichever comes first (both bound the run), or the signal aborts.
 *
 * @example const run = await runHostileLoad({ url: 'http://127.0.0.1:8080', requests: 24_000, seconds: 60, concurrency: 32, signal })
 */
export async function runHostileLoad(options: {
  readonly url: string
  readonly requests: number
  readonly seconds: number
  readonly concurrency: number
  readonly signal: AbortSignal
  readonly seed?: number
}): Promise<HostileRun> {
  const target = new URL(options.url)
  if (target.hostname !== '127.0.0.1') {
    throw new Error(`the hostile load only targets 127.0.0.1, not ${target.hostname}`)
  }
  const random = createSeededRandom(options.seed ?? 16)
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency })
  const started = performance.now()
  const deadline = started + options.seconds * 1000
  const byClass: Record<string, number> = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }
  const serverErrors: Record<string, number> = {}
  let sent = 0
  let noAnswer = 0
  let busy = 0
  const client = async () => {
    while (sent < options.requests && performance.now() < deadline && !options.signal.aborted) {
      const req = hostileRequest(sent++, random, target.origin)
      const answer = await send(agent, target, req)
      if (answer === null) {
        noAnswer++
        continue
      }
      const { status, code } = answer
      const cls = `${Math.floor(status / 100)}xx`
      byClass[cls] = (byClass[cls] ?? 0) + 1
      if (status === 503 && (code === 'LOGIN_BUSY' || code === 'STATS_BUSY')) busy++
      else if (status >= 500) {
        const key = `${req.kind}: ${status} ${code}`
        serverErrors[key] = (serverErrors[key] ?? 0) + 1
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency }, client))
  } finally {
    agent.destroy()
  }
  return {
    sent,
    byClass,
    serverErrors,
    busy,
    noAnswer,
    seconds: (performance.now() - started) / 1000,
  }
}

/**
 * One request; its status and X-Temoin-Error, or null when the connection failed or 10 s
 * passed.
 */
function send(
  agent: Agent,
  target: URL,
  r: HostileRequest,
): Promise<{ status: number; code: string } | null> {
  return new Promise((resolve) => {
    const body = r.body === undefined ? undefined : Buffer.from(r.body)
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: r.method,
        path: r.path,
        headers: body ? { ...r.headers, 'content-length': String(body.length) } : r.headers,
        timeout: 10_000,
      },
      (res) => {
        const answer = {
          status: res.statusCode ?? 0,
          code: String(res.headers['x-temoin-error'] ?? 'no code'),
        }
        res.resume()
        res.once('end', () => resolve(answer))
        res.once('error', () => resolve(answer))
      },
    )
    // A server that answers 413 and closes before the whole body is written resets the
    // socket under the writer: that is counted as no answer, not as a failure of the run.
    req.once('error', () => resolve(null))
    req.once('timeout', () => req.destroy())
    req.end(body)
  })
}
