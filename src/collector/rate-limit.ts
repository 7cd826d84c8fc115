import { createHmac } from 'node:crypto'
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible'

/** A per-client budget of requests per minute. */
export interface RateLimit {
  /**
   * Spends `points` (1 by default) of the client's budget; says when to come back once it is
   * spent.
   */
  take(
    address: string | undefined,
    points?: number,
  ): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>
}

/**
 * Limits each client to `perMinute` requests (or points: a costly request may spend several). Clients are keyed by an HMAC-SHA256 of their
 * address under a random key made when the collector starts and never written anywhere, so that
 * not even the limiter's memory holds an address or a value that could be reversed to one
 * (an unsalted hash of an IPv4 address is reversed by trying all 2³² of them).
 *
 * @example
 * const limit = createRateLimit({ perMinute: 600, randomBytes })
 * const r = await limit.take(address)
 * if (!r.ok) return reject(new AppError('RATE_LIMITED', '…'), { 'Retry-After': String(r.retryAfterSeconds) })
 */
export function createRateLimit(options: {
  readonly perMinute: number
  readonly randomBytes: (n: number) => Uint8Array
}): RateLimit {
  const key = options.randomBytes(32)
  const limiter = new RateLimiterMemory({ points: options.perMinute, duration: 60 })
  return {
    async take(address, points = 1) {
      // Clients whose address is unknown share one budget: better than none.
      const id = createHmac('sha256', key)
        .update(address ?? '')
        .digest('base64url')
      try {
        await limiter.consume(id, points)
        return { ok: true }
      } catch (e) {
        if (e instanceof RateLimiterRes) {
          return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) }
        }
        throw e
      }
    },
  }
}
