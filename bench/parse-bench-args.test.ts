import { describe, expect, it } from 'vitest'
import { parseBenchArgs } from './parse-bench-args.js'

describe('parseBenchArgs', () => {
  it('reads sizes in exponent form and parts comma-separated or repeated', () => {
    const args = parseBenchArgs([
      '--quick',
      '--only',
      'weight,banner',
      '--only',
      'ingestion',
      '--events',
      '1e6,2e6',
    ])
    expect(args.quick).toBe(true)
    expect(args.only).toEqual(['weight', 'banner', 'ingestion'])
    expect(args.events).toEqual([1_000_000, 2_000_000])
  })
  it('names the flag and the expected form of a bad value', () => {
    expect(() => parseBenchArgs(['--events', 'many'])).toThrow(
      /--events many: expected a whole number/,
    )
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow(/--runs 0/)
    expect(() => parseBenchArgs(['--nope'])).toThrow(/nope/)
  })
})
