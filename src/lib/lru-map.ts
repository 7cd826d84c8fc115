/** A map that holds at most `max` entries, forgetting the least recently used past that. */
export interface LruMap<K, V> {
  /** The value of `key`, now the most recently used; undefined when not held. */
  get(key: K): V | undefined
  /** Sets `key` as the most recently used; past `max` entries, the least recently used goes. */
  set(key: K, value: V): void
  delete(key: K): void
  /** Entries held now (never more than `max`). */
  readonly size: number
}

/**
 * A least-recently-used map with a fixed bound, for what the server keeps per client or per
 * user agent: anything keyed by what a client chooses must have a bound, or a client sending
 * many distinct keys fills the memory. On a `Map`, which iterates in insertion order, so
 * re-inserting a key on use makes the first key the least recently used. `onEvict` hears of
 * each entry dropped for room (not of those deleted), so that a store kept beside the map can
 * drop it too.
 *
 * @example
 * const seen = createLruMap<string, number>({ max: 2 })
 * seen.set('a', 1); seen.set('b', 2); seen.get('a'); seen.set('c', 3) // 'b' goes
 */
export function createLruMap<K, V>(options: {
  readonly max: number
  readonly onEvict?: (key: K, value: V) => void
}): LruMap<K, V> {
  const { max, onEvict } = options
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new RangeError(`max must be a whole number ≥ 1, got ${max}`)
  }
  const entries = new Map<K, V>()
  return {
    get(key) {
      if (!entries.has(key)) return undefined
      const value = entries.get(key) as V
      entries.delete(key)
      entries.set(key, value)
      return value
    },
    set(key, value) {
      entries.delete(key)
      entries.set(key, value)
      while (entries.size > max) {
        const [oldest, old] = entries.entries().next().value as [K, V]
        entries.delete(oldest)
        onEvict?.(oldest, old)
      }
    },
    delete(key) {
      entries.delete(key)
    },
    get size() {
      return entries.size
    },
  }
}
