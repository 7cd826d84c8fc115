import { createCipheriv, createHash } from 'node:crypto'

/**
 * A fixed stream of uniform bytes, the same at every run for one `seed`: the AES-256-CTR
 * keystream under the seed's SHA-256. For statistical tests of the samplers, whose verdict would
 * otherwise change from run to run (a correct sampler fails a test at significance 0.001 once in
 * a thousand runs, which is once in a hundred runs of a file with ten of them).
 *
 * @example createCryptoRandom(seededBytes('samplers'))
 */
export function seededBytes(seed: string): (pool: Buffer) => Buffer {
  const key = createHash('sha256').update(seed).digest()
  const stream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16))
  return (pool) => {
    stream.update(Buffer.alloc(pool.length)).copy(pool)
    return pool
  }
}
