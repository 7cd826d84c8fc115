import { describe, expect, it } from 'vitest'
import { createLruMap } from './lru-map.js'

describe('createLruMap', () => {
  it('drops the least recently used past max, and says which', () => {
    const evicted: string[] = []
    const map = createLruMap<string, number>({ max: 2, onEvict: (k) => evicted.push(k) })
    map.set('a', 1)
    map.set('b', 2)
    expect(map.get('a')).toBe(1) // a is now the most recent
    map.set('c', 3)
    expect(evicted).toEqual(['b'])
    expect(map.get('b')).toBeUndefined()
    map.set('a', 4) // an update is a use
    map.set('d', 5)
    expect(evicted).toEqual(['b', 'c'])
    expect(map.get('a')).toBe(4)
    expect(map.size).toBe(2)
  })

  it('stays at max with many distinct keys', () => {
    const map = createLruMap<number, number>({ max: 500 })
    for (let i = 0; i < 100_000; i++) map.set(i, i)
    expect(map.size).toBe(500)
    expect(map.get(99_999)).toBe(99_999)
    expect(map.get(99_499)).toBeUndefined()
  })

  it('does not tell of a deleted entry, and refuses a bound that is not a whole number ≥ 1', () => {
    const evicted: string[] = []
    const map = createLruMap<string, number>({ max: 1, onEvict: (k) => evicted.push(k) })
    map.set('a', 1)
    map.delete('a')
    map.set('b', 2)
    expect(evicted).toEqual([])
    expect(() => createLruMap({ max: 0 })).toThrow(RangeError)
    expect(() => createLruMap({ max: 1.5 })).toThrow(RangeError)
  })
})
