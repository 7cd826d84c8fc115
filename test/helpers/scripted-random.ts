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
