import { createHmac } from 'node:crypto'
import { createBoundedLimiter } from '../lib/create-bounded-limiter.js'
import { rateLimitKey } from '../collector/rate-limit-key.js'

/** Failed logins allowed per client in a window, and the window. */
export const LOGIN_FAILURES = 5
export const LOGIN_WINDOW_SECONDS = 15 * 60
/**
 * Most clients whose failures are counted at once (~1 KiB each). Past it the client seen
 * least recently starts again: that helps only an attacker with more addresses than this, and
 * the server-wide cap on secret checks (`createVerifyGate`) bounds its guesses anyway.
 */
export const LOGIN_CLIENTS = 5_000

/** Failed-login budget per client. */
export interface LoginLimit {
  /**
   * Spends one attempt of the client's budget before its secret is checked: 0 when it may be
   * checked, else the seconds to wait (the budget is spent).
   */
  attempt(address: string | undefined): Promise<number>
  /** Gives back the attempt of a login that was not checked after all (the server was busy). */
  notChecked(address: string | undefined): Promise<void>
  /** A successful login clears the client's attempts. */
  succeeded(address: string | undefined): Promise<void>
  /** Clients counted now (at most `maxClients`). */
  heldClients(): number
}

/**
 * At most 5 failed logins per client in 15 minutes; then the client waits until the window of
 * its first failure ends, and the secret is not even checked (a check would still answer "right"
 * or "wrong"). An attempt is counted when it starts, before the secret is checked, and a right
 * secret clears the count: counting failures only once their check ended would let a client
 * send a thousand guesses at once, all let through before the first one failed. Clients (an
 * IPv4 address, an IPv6 /64: `rateLimitKey`) are told apart by an HMAC under a key made at
 * start, as the collector's rate limit does, so the limiter's memory holds no address; at most
 * `maxClients` of them are counted at once.
 *
 * @example
 * const limit = createLoginLimit({ randomBytes })
 * const wait = await limit.attempt(address)
 * if (wait > 0) return tooMany(wait)
 */
export function createLoginLimit(options: {
  readonly randomBytes: (n: number) => Uint8Array
  readonly failures?: number
  readonly windowSeconds?: number
  /** Most clients counted at once; LOGIN_CLIENTS by default. */
  readonly maxClients?: number
}): LoginLimit {
  const key = options.randomBytes(32)
  const points = options.failures ?? LOGIN_FAILURES
  const limiter = createBoundedLimiter({
    points,
    durationSeconds: options.windowSeconds ?? LOGIN_WINDOW_SECONDS,
    maxKeys: options.maxClients ?? LOGIN_CLIENTS,
  })
  const id = (address: string | undefined) =>
    createHmac('sha256', key).update(rateLimitKey(address)).digest('base64url')
  return {
    async attempt(address) {
      // penalty() counts without throwing once the budget is spent; it is counted synchronously
      // in memory, so attempts that arrive together are counted one after the other.
      const state = await limiter.penalty(id(address), 1)
      if (state.consumedPoints <= points) return 0
      return Math.max(1, Math.ceil(state.msBeforeNext / 1000))
    },
    async notChecked(address) {
      await limiter.reward(id(address), 1)
    },
    async succeeded(address) {
      await limiter.delete(id(address))
    },
    heldClients: () => limiter.heldKeys(),
  }
}
