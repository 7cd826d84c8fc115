/**
 * mulberry32: a small seeded generator of numbers in [0, 1), for synthetic data and its
 * measurements (the same seed gives the same traffic). Never for secrets.
 *
 * @example const rng = createSeededRandom(42); rng() // 0.6011037519201636
 */
export function createSeededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
