import { randomFillSync } from 'node:crypto'

/**
 * Where the noise comes from: uniform whole numbers. Every sampler of publish/ draws from one;
 * production uses {@link createCryptoRandom} (the operating system's CSPRNG), never Math.random,
 * whose state can be recovered from its outputs — and with it the noise.
 */
export interface RandomSource {
  /** A uniform whole number in [0, n); n ≥ 1. */
  below(n: bigint): bigint
}

const POOL_BYTES = 1 << 14

/**
 * A RandomSource on node:crypto. Bytes are drawn in pools of 16 KiB (one system call per pool);
 * each number takes just enough bytes and is accepted by rejection, so that every value in
 * [0, n) is exactly equally likely — no modulo bias. `fill` is where the bytes come from: the
 * operating system's CSPRNG, or in a test a fixed keystream, so that a statistical test gives
 * the same answer at every run.
 *
 * @example
 * const random = createCryptoRandom()
 * random.below(6n) + 1n // a fair die
 */
export function createCryptoRandom(fill: (pool: Buffer) => unknown = randomFillSync): RandomSource {
  const pool = Buffer.alloc(POOL_BYTES)
  let at = POOL_BYTES
  const byte = (): number => {
    if (at === POOL_BYTES) {
      fill(pool)
      at = 0
    }
    return pool[at++] as number
  }
  return {
    below(n: bigint): bigint {
      if (n < 1n) throw new RangeError(`below(n) needs n ≥ 1, got ${n}`)
      // Stryker disable next-line ConditionalExpression: a cost choice only; without it, below(1n) masks a byte to one bit and keeps drawing until that bit is 0: the same 0n, one byte or more later (the mark also hides `true`, which the uniformity tests of random-source.test.ts kill)
      if (n === 1n) return 0n
      // Stryker disable next-line ArithmeticOperator: a cost choice only; for n ≥ 2 the bit length of n + 1 is that of n - 1 or one more, and rejection keeps every value below n exactly as likely, only more draws are rejected
      const bits = (n - 1n).toString(2).length
      const bytes = Math.ceil(bits / 8)
      const mask = (1n << BigInt(bits)) - 1n
      // Masking to the bit length of n - 1 keeps the rejection rate below one half.
      for (;;) {
        let x = 0n
        // Stryker disable next-line EqualityOperator: a cost choice only; one byte more (`<=`) shifts the first ones out past the mask, and the masked bits stay uniform (the mark also hides `i >= bytes`, which draws nothing and answers 0: killed by the uniformity tests)
        for (let i = 0; i < bytes; i++) x = (x << 8n) | BigInt(byte())
        x &= mask
        if (x < n) return x
      }
    },
  }
}
