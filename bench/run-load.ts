import autocannon from 'autocannon'

/** What one load run measured. */
export interface LoadRun {
  /** Answers 2xx per second of load. */
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
  /** Answers 2xx. */
  readonly ok: number
  /** Answers that were not 2xx, connection errors and timeouts. */
  readonly failures: { readonly non2xx: number; readonly errors: number; readonly timeouts: number }
}

/** How the load generator drives a server. */
export interface LoadOptions {
  readonly url: string
  readonly seconds: number
  readonly connections: number
  readonly headers: Record<string, string>
  /** The body of the n-th request. */
  readonly body: (n: number) => string
  readonly signal: AbortSignal
}

/**
 * One run of autocannon (the load generator, in this process) against `url` with POST
 * requests: `connections` clients each sending its next request when the last one is answered,
 * for `seconds`. Stops early when the signal aborts.
 *
 * @example const run = await runLoad({ url: `${base}/api/event`, seconds: 10, connections: 64, headers, body: () => '{}', signal })
 */
export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  options.signal.throwIfAborted()
  let n = 0
  let done: (error: unknown, result: autocannon.Result) => void = () => undefined
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    done = (error, result) =>
      error
        ? reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
        : resolve(result)
  })
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      duration: options.seconds,
      timeout: 10,
      requests: [
        {
          method: 'POST',
          headers: options.headers,
          setupRequest: (req) => ({ ...req, body: options.body(n++) }),
        },
      ],
    },
    (error, result) => done(error, result),
  )
  const stop = () => instance.stop()
  options.signal.addEventListener('abort', stop, { once: true })
  try {
    const result = await finished
    options.signal.throwIfAborted()
    return {
      perSecond: result['2xx'] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      ok: result['2xx'],
      failures: { non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts },
    }
  } finally {
    options.signal.removeEventListener('abort', stop)
  }
}
