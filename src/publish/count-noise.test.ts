import { describe, expect, it } from 'vitest'
import { usingAllDraws } from '../../test/helpers/scripted-random.js'
import { calibrateNoise, formatNoiseParameter, noiseMargin, sampleNoise } from './count-noise.js'
import type { CountNoise } from './count-noise.js'

const laplace = (num: bigint, den: bigint): CountNoise => ({
  kind: 'discrete-laplace',
  scale: { num, den },
})
const gaussian = (num: bigint, den: bigint): CountNoise => ({
  kind: 'discrete-gaussian',
  sigma2: { num, den },
})

describe('calibrateNoise: Laplace, b = L1/ε exactly', () => {
  it('L1 is cells × perCell, ε is read as written, and the fraction is reduced', () => {
    expect(calibrateNoise('laplace', { epsilon: 0.5, delta: 0 }, { cells: 4, perCell: 2 })).toEqual(
      laplace(16n, 1n),
    )
    // 3 cells of 2: L1 = 6; ε = 0.4 = 2/5; b = 30/2 = 15.
    expect(calibrateNoise('laplace', { epsilon: 0.4, delta: 0 }, { cells: 3, perCell: 2 })).toEqual(
      laplace(15n, 1n),
    )
    // L1 = 1, ε = 0.7: b = 10/7, no rounding of 0.7's double.
    expect(calibrateNoise('laplace', { epsilon: 0.7, delta: 0 }, { cells: 1, perCell: 1 })).toEqual(
      laplace(10n, 7n),
    )
  })
})

describe('calibrateNoise: Gaussian, (ε, δ)-DP through ρ-zCDP', () => {
  // The promise: σ² gives ρ = L2²/(2σ²), and ρ-zCDP implies (ρ + 2√(ρ·ln(1/δ)), δ)-DP (Bun &
  // Steinke 2016, Prop. 1.3). That ε must not exceed the budget's — even by a rounding — and
  // should not fall far under it (the noise would be larger than needed).
  const cases = [0.1, 0.3, 0.5, 1, 2].flatMap((epsilon) =>
    [1e-5, 1e-7, 1e-9].flatMap((delta) =>
      [
        [1, 1],
        [2, 3],
        [4, 1],
      ].map(([cells, perCell]) => ({ epsilon, delta, cells: cells ?? 1, perCell: perCell ?? 1 })),
    ),
  )

  // kills: count-noise.ts:37 ArithmeticOperator (1 - 1e-9), and any σ² rounded down
  it('spends at most ε, and nearly all of it, for every budget and sensitivity', () => {
    for (const { epsilon, delta, cells, perCell } of cases) {
      const noise = calibrateNoise('gaussian', { epsilon, delta }, { cells, perCell })
      if (noise.kind !== 'discrete-gaussian') throw new Error(noise.kind)
      const { num, den } = noise.sigma2
      // σ² is a multiple of 2^−20, reduced.
      expect(2n ** 20n % den, `${num}/${den}`).toBe(0n)
      const rho = (cells * perCell ** 2) / (2 * (Number(num) / Number(den)))
      const spent = rho + 2 * Math.sqrt(rho * Math.log(1 / delta))
      const what = JSON.stringify({ epsilon, delta, cells, perCell, spent })
      expect(spent, what).toBeLessThanOrEqual(epsilon)
      expect(spent, what).toBeGreaterThan(epsilon * (1 - 1e-6))
    }
  })

  it('a known answer: ε 1, δ 1e−5, one cell of 1 is σ² = 393469/16384 (about 24.015)', () => {
    expect(
      calibrateNoise('gaussian', { epsilon: 1, delta: 1e-5 }, { cells: 1, perCell: 1 }),
    ).toEqual(gaussian(393469n, 16384n))
  })

  it('refuses δ = 0 (or not a number), which no Gaussian noise can meet, saying so', () => {
    for (const delta of [0, -1e-5, Number.NaN])
      expect(() =>
        calibrateNoise('gaussian', { epsilon: 1, delta }, { cells: 1, perCell: 1 }),
      ).toThrow(new RangeError('Gaussian noise needs δ > 0'))
  })
})

describe('sampleNoise: the sampler of the noise kind', () => {
  // The same draws read by the two samplers give different values: Laplace of scale 2 reads
  // U = 1, accepted (draw 1 of [0, 2)), V = 0 (coin e^−1: 0, 1), sign + (0): 1.
  it('Laplace noise is a discrete Laplace draw', () => {
    expect(
      usingAllDraws([1n, 1n, 0n, 1n, 0n], (random) => sampleNoise(laplace(2n, 1n), random)),
    ).toBe(1n)
  })

  // σ² = 1: Laplace of scale 2 as above gives Y = 1, then the coin exp(−1/8) lands 1 (draw 1 of
  // [0, 8)): 1.
  it('Gaussian noise is a discrete Gaussian draw', () => {
    expect(
      usingAllDraws([1n, 1n, 0n, 1n, 0n, 1n], (random) => sampleNoise(gaussian(1n, 1n), random)),
    ).toBe(1n)
  })
})

describe('noiseMargin: the 95% half-width a reader is shown', () => {
  /** P(|Z| ≤ w) for the discrete Laplace of scale b, summed from its mass function. */
  const within = (b: number, w: number): number => {
    const p = Math.exp(-1 / b)
    let sum = 0
    for (let z = -w; z <= w; z++) sum += ((1 - p) / (1 + p)) * p ** Math.abs(z)
    return sum
  }

  it('Laplace: the smallest w with P(|Z| ≤ w) ≥ 95%', () => {
    for (const [num, den] of [
      [1n, 1n],
      [10n, 7n],
      [1n, 2n],
      [4n, 1n],
      [16n, 1n],
      [25n, 2n],
    ] as const) {
      const w = noiseMargin(laplace(num, den))
      const b = Number(num) / Number(den)
      expect(within(b, w), `b = ${b}, w = ${w}`).toBeGreaterThanOrEqual(0.95)
      expect(within(b, w - 1), `b = ${b}, w = ${w}`).toBeLessThan(0.95)
    }
    expect(noiseMargin(laplace(1n, 1n))).toBe(3)
  })

  // At b = 2^55/6952592359890315 (about 5.18), P(|Z| > 15) = 2·p^16/(1 + p) comes out at exactly
  // 0.05 in doubles: 15 already holds 95% of the noise, so it is the margin, not 16.
  // kills: count-noise.ts:63 EqualityOperator 2 * p ** (w + 1) / (1 + p) >= 0.05
  it('Laplace: a w that holds exactly 95% is enough', () => {
    const den = 6_952_592_359_890_315n
    const p = Math.exp(-Number(den) / Number(2n ** 55n))
    expect((2 * p ** 16) / (1 + p)).toBe(0.05)
    expect(noiseMargin(laplace(2n ** 55n, den))).toBe(15)
  })

  it('Gaussian: 1.96 σ rounded up', () => {
    expect(noiseMargin(gaussian(25n, 1n))).toBe(10) // 9.8
    expect(noiseMargin(gaussian(100n, 4n))).toBe(10) // σ² read as num/den: σ = 5
    expect(noiseMargin(gaussian(393469n, 16384n))).toBe(10) // σ ≈ 4.9005: 9.605
    expect(noiseMargin(gaussian(1n, 1n))).toBe(2) // 1.96
  })
})

describe('formatNoiseParameter: the sidecar text', () => {
  it('names b or σ², as a whole number when the denominator is 1, else as a fraction', () => {
    expect(formatNoiseParameter(laplace(16n, 1n))).toBe('b = 16')
    expect(formatNoiseParameter(laplace(10n, 7n))).toBe('b = 10/7')
    expect(formatNoiseParameter(gaussian(393469n, 16384n))).toBe('σ² = 393469/16384')
    expect(formatNoiseParameter(gaussian(25n, 1n))).toBe('σ² = 25')
  })
})
