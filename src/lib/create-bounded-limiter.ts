import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible'
import { LRUCache } from 'lru-cache'

/** The calls of rate-limiter-flexible's memory limiter that Témoin uses, over bounded keys. */
export interface BoundedLimiter {
  consume(key: string, points: number): Promise<RateLimiterRes>
  penalty(key: string, points: number): Promise<RateLimiterRes>
  reward(key: string, points: number): Promise<RateLimiterRes>
  delete(key: string): Promise<boolean>
  /** Clients the library holds now (never more than `maxKeys`), from its own `dump()`. */
  heldKeys(): number
}

/**
 * rate-limiter-flexible's `RateLimiterMemory` holding at most `maxKeys` clients. The library
 * keeps a record and a timer per key until its window ends, with no bound on how many: a
 * client with many addresses (an IPv6 /48 holds 65 536 /64s; behind `trustProxy`, whatever
 * X-Forwarded-For says) made the server hold ~0.6 KiB per address for a minute (15 for the
 * login limit): 122 MiB of heap after 200 000 addresses. Past the bound, the client seen least recently is forgotten (its count starts
 * again): the limit then loosens only for a client that already has more addresses than the
 * bound, each with its own budget anyway.
 *
 * @example
 * const limiter = createBoundedLimiter({ points: 600, durationSeconds: 60, maxKeys: 50_000 })
 * await limiter.consume(hmacOfAddress, 1) // rejects with a RateLimiterRes past 600 in a minute
 */
export function createBoundedLimiter(options: {
  readonly points: number
  readonly durationSeconds: number
  readonly maxKeys: number
}): BoundedLimiter {
  const limiter = new RateLimiterMemory({
    points: options.points,
    duration: options.durationSeconds,
  })
  // Every key the limiter holds is in this map (a key leaves the limiter when the map drops it,
  // or earlier when its window ends), so the limiter never holds more than the map's bound.
  const clients = new LRUCache<string, true>({
    max: options.maxKeys,
    // Dropped for room only: a key deleted on purpose is deleted from the limiter by `delete`.
    dispose: (_value, key, reason) => {
      if (reason === 'evict') void limiter.delete(key)
    },
  })
  const use = (key: string) => clients.set(key, true)
  return {
    consume(key, points) {
      use(key)
      return limiter.consume(key, points)
    },
    penalty(key, points) {
      use(key)
      return limiter.penalty(key, points)
    },
    reward(key, points) {
      use(key)
      return limiter.reward(key, points)
    },
    delete(key) {
      clients.delete(key)
      return limiter.delete(key)
    },
    heldKeys() {
      return limiter.dump().storage.length
    },
  }
}
