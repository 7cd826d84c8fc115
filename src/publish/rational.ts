/** A non-negative rational number num/den held exactly (den > 0). */
export interface Rational {
  readonly num: bigint
  readonly den: bigint
}

/**
 * The exact rational value of a decimal number as written (`0.1` is 1/10, not the double nearest
 * to it): parameters such as ε reach the samplers without a rounding step.
 *
 * @example toRational(0.25) // { num: 1n, den: 4n }
 * @example toRational(1e-7) // { num: 1n, den: 10000000n }
 */
export function toRational(value: number): Rational {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`expected a finite number ≥ 0, got ${value}`)
  // String(value) is the shortest decimal that reads back as the same double.
  // Stryker disable next-line Regex: without `^` or without `$` the pattern matches the same: String() of a number ≥ 0 starts with a digit, and the greedy groups take it to its end (the other Regex mutants of this line, such as (\d) for (\d+), are killed by rational.test.ts's "reads every digit" and hidden by this mark)
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value))
  // Stryker disable next-line StringLiteral: unreachable; String() of a finite number ≥ 0 is always digits, an optional fraction and an optional exponent ("0", "0.25", "1e-7", "1.5e+300", "5e-324"), so m is never null and the message never shown
  if (m === null) throw new RangeError(`cannot read ${value} as a decimal`)
  // Stryker disable next-line StringLiteral: the pattern always captures the whole part, so its default is never used, and an absent exponent read as '' is Number('') = 0 as '0' is (the mark also hides the fraction's default → "Stryker was here!", which toRational(3) kills)
  const [, whole = '0', fraction = '', exponent = '0'] = m
  let num = BigInt(whole + fraction)
  let den = 10n ** BigInt(fraction.length)
  const e = Number(exponent)
  // Stryker disable next-line EqualityOperator: `e > 0` differs only at e = 0, where the other branch multiplies den by 10^0 = 1 (the mark also hides `e < 0`, which toRational(1e21) kills)
  if (e >= 0) num *= 10n ** BigInt(e)
  else den *= 10n ** BigInt(-e)
  return reduce({ num, den })
}

/** @example reduce({ num: 2n, den: 4n }) // { num: 1n, den: 2n } */
export function reduce(r: Rational): Rational {
  const g = gcd(r.num, r.den)
  // Stryker disable next-line ConditionalExpression,EqualityOperator: dividing by g = 1 gives the same fraction, so `g < 1n` and `false` answer equal values (g is never 0: den > 0); the mark also hides `g > 1n` and `true`, which toRational(0.25) kills
  return g <= 1n ? r : { num: r.num / g, den: r.den / g }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b]
  // Stryker disable next-line EqualityOperator: `a <= 0n` differs only at 0, whose negation is 0 (the mark also hides `a > 0n`, which reduce's tests kill)
  return a < 0n ? -a : a
}

/**
 * The largest whole number whose square is at most n.
 *
 * @example isqrt(17n) // 4n
 */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number')
  if (n < 2n) return n
  // Newton's integer steps from above the root stop exactly at ⌊√n⌋ (from below, the first step
  // overshoots and a double's estimate can be far too low for huge n): start at 2^⌈bits/2⌉ ≥ √n.
  let x = 1n << BigInt((n.toString(2).length + 1) >> 1)
  for (;;) {
    const y = (x + n / x) >> 1n
    if (y >= x) return x
    x = y
  }
}
