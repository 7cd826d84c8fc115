import { createRateLimit } from '../collector/rate-limit.js'
import { AppError } from '../lib/app-error.js'

/** A refusal of the read limit: the error, and the seconds to wait (for Retry-After). */
export interface ReadRefusal {
  readonly error: AppError
  readonly retryAfterSeconds: number
}

/** A per-client budget of statistics queries. */
export interface ReadLimit {
  /** Spends `cost` queries of the client's budget: null when it may go on, else the refusal. */
  take(address: string | undefined, cost: number): Promise<ReadRefusal | null>
}

/**
 * The per-client budget of `/api/stats/*` and `/dashboard`, apart from the collector's: these
 * paths are routed before the collector and its limit, and each statistics query costs the store
 * far more than a beacon does; with a public site, anyone may ask. A stats API call costs 1, a
 * dashboard page the number of queries it makes (16 or 17), any other dashboard request 1.
 * Clients are keyed by an HMAC of their address (the collector's `createRateLimit`), so nothing
 * kept holds an address, and at most `maxClients` of them are counted at once. Credentials do
 * not matter: the limit is counted before them.
 *
 * @example
 * const reads = createReadLimit({ perMinute: 600, randomBytes })
 * const refused = await reads.take(address, 1)
 * if (refused) return reject(refused.error, { 'Retry-After': String(refused.retryAfterSeconds) })
 */
export function createReadLimit(options: {
  readonly perMinute: number
  readonly randomBytes: (n: number) => Uint8Array
  /** Most clients counted at once; RATE_LIMIT_CLIENTS by default. */
  readonly maxClients?: number
}): ReadLimit & {
  /** Clients counted now (at most `maxClients`). */
  heldClients(): number
} {
  const limit = createRateLimit(options)
  return {
    async take(address, cost) {
      const taken = await limit.take(address, cost)
      if (taken.ok) return null
      return {
        error: new AppError(
          'STATS_RATE_LIMITED',
          `More than ${options.perMinute} statistics queries in a minute from this client (a dashboard page counts as the queries it makes).`,
        ),
        retryAfterSeconds: taken.retryAfterSeconds,
      }
    },
    heldClients: () => limit.heldClients(),
  }
}
