import { createHash } from 'node:crypto'
import type { Clock } from '../lib/clock.js'

/** Dashboard sessions, in the server's memory. */
export interface SessionStore {
  /** Starts a session; `id` goes to the cookie, `expires` (epoch ms) is its fixed end. */
  create(): { id: string; expires: number }
  /** Whether `id` names a live session. */
  isValid(id: string): boolean
  /** Ends a session (logout); unknown ids are ignored. */
  remove(id: string): void
}

/**
 * Sessions with a fixed lifetime from login (never extended by use), kept in memory: a restart
 * logs everyone out, which is the safe direction. Ids are 256 random bits; the map holds only
 * their SHA-256, so a memory dump holds no usable cookie. At most `max` live sessions: past it
 * the oldest ends, so that logging in in a loop cannot fill the memory.
 *
 * @example
 * const sessions = createSessionStore({ clock, randomBytes, lifetimeMs: 12 * 3_600_000 })
 * const { id } = sessions.create()
 * sessions.isValid(id) // true until 12 hours later
 */
export function createSessionStore(options: {
  readonly clock: Clock
  readonly randomBytes: (n: number) => Uint8Array
  readonly lifetimeMs: number
  readonly max?: number
}): SessionStore {
  const { clock, randomBytes, lifetimeMs } = options
  const max = options.max ?? 1000
  // Insertion order is creation order: the first key is the oldest session.
  const live = new Map<string, number>()
  const key = (id: string) => createHash('sha256').update(id).digest('base64url')
  const sweep = (now: number) => {
    for (const [k, expires] of live) if (expires <= now) live.delete(k)
  }
  return {
    create() {
      const now = clock.now()
      sweep(now)
      while (live.size >= max) live.delete(live.keys().next().value as string)
      const id = Buffer.from(randomBytes(32)).toString('base64url')
      const expires = now + lifetimeMs
      live.set(key(id), expires)
      return { id, expires }
    },
    isValid(id) {
      // Stryker disable next-line ConditionalExpression,Regex: only create() makes ids, all 43 base64url characters, so an id of any other shape has no entry in `live` and is refused below anyway; the check only spares hashing it
      if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return false
      const expires = live.get(key(id))
      if (expires === undefined) return false
      if (expires > clock.now()) return true
      live.delete(key(id))
      return false
    },
    remove(id) {
      live.delete(key(id))
    },
  }
}
