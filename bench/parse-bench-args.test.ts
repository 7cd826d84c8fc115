import { describe, expect, it } from 'vitest'
import { BENCH_USAGE, parseBenchArgs } from './parse-bench-args.js'
import { PARTS } from './parts.js'

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

  it('names every part in its help, in the order they run', () => {
    const listed = /--only PART .*: (.*)$/m.exec(BENCH_USAGE)?.[1]
    expect(listed?.split(', ')).toEqual(PARTS.map((part) => part.id))
  })
})
