import { createHmac } from 'node:crypto'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { createBoundedLimiter } from '../lib/create-bounded-limiter.js'
import { rateLimitKey } from './rate-limit-key.js'

/**
 * Most clients one limit counts at once (~1 KiB each with its HMAC key and timer: 10 MiB at most). A site with more
 * clients active in a minute lets the one seen least recently start its count again, which
 * loosens the limit only for whoever has more addresses than this.
 */
export const RATE_LIMIT_CLIENTS = 10_000

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
  /** Clients counted now (at most `maxClients`). */
  heldClients(): number
}

/**
 * Limits each client to `perMinute` requests (or points: a costly request may spend several).
 * A client is an IPv4 address or an IPv6 /64 (`rateLimitKey`), keyed by an HMAC-SHA256 under a
 * random key made when the collector starts and never written anywhere, so that not even the
 * limiter's memory holds an address or a value that could be reversed to one (an unsalted hash
 * of an IPv4 address is reversed by trying all 2³² of them). At most `maxClients` clients are
 * counted at once (`createBoundedLimiter`), so many addresses cannot fill the memory.
 *
 * @example
 * const limit = createRateLimit({ perMinute: 600, randomBytes })
 * const r = await limit.take(address)
 * if (!r.ok) return reject(new AppError('RATE_LIMITED', '…'), { 'Retry-After': String(r.retryAfterSeconds) })
 */
export function createRateLimit(options: {
  readonly perMinute: number
  readonly randomBytes: (n: number) => Uint8Array
  /** Most clients counted at once; RATE_LIMIT_CLIENTS by default. */
  readonly maxClients?: number
}): RateLimit {
  const key = options.randomBytes(32)
  const limiter = createBoundedLimiter({
    points: options.perMinute,
    durationSeconds: 60,
    maxKeys: options.maxClients ?? RATE_LIMIT_CLIENTS,
  })
  return {
    async take(address, points = 1) {
      // Clients whose address is unknown share one budget: better than none. IPv6: per /64.
      const id = createHmac('sha256', key).update(rateLimitKey(address)).digest('base64url')
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
    heldClients: () => limiter.heldKeys(),
  }
}
