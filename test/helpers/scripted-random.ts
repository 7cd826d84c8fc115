import { expect } from 'vitest'
import type { RandomSource } from '../../src/publish/random-source.js'

/**
 * A RandomSource that answers a written list of draws, in order: an exact sampler's output is a
 * function of its draws, so a test can state it exactly instead of measuring a distribution. A
 * draw out of range for the `n` asked, or one too many, throws: the script no longer matches the
 * algorithm. `asked` lists each `n`, `left()` how many draws were not used.
 *
 * @example
 * const random = scriptedRandom([0n, 1n])
 * random.below(2n) // 0n
 */
export function scriptedRandom(draws: readonly bigint[]): RandomSource & {
  readonly asked: bigint[]
  left(): number
} {
  let at = 0
  const asked: bigint[] = []
  return {
    asked,
    left: () => draws.length - at,
    below(n: bigint): bigint {
      asked.push(n)
      const x = draws[at]
      if (x === undefined) throw new Error(`scripted random: draw ${at + 1} of ${draws.length}`)
      if (x < 0n || x >= n) throw new Error(`scripted random: draw ${x} asked below ${n}`)
      at++
      return x
    },
  }
}

/**
 * Runs `f` on a scriptedRandom(draws) and checks that every scripted draw was used, once `f`'s
 * promise (if any) has settled: a mutant that stops drawing early is seen as well as one that
 * goes on.
 *
 * @example expect(usingAllDraws([0n, 1n], (random) => sampleBernoulli(random, half))).toBe(true)
 */
export function usingAllDraws<T>(
  draws: readonly bigint[],
  f: (random: ReturnType<typeof scriptedRandom>) => T,
): T {
  const random = scriptedRandom(draws)
  const value = f(random)
  const check = () => expect(random.left(), 'draws left unused').toBe(0)
  if (value instanceof Promise) return value.then((v: unknown) => (check(), v)) as T
  check()
  return value
}
