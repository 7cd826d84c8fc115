import fc from 'fast-check'

/**
 * What a hostile client sends, as fast-check arbitraries shared by the fuzz tests
 * (test/fuzz-edge.test.ts: the collector; test/fuzz-stats.test.ts: the stats API and the
 * dashboard), and the run budget they share: `npm test` runs a bounded number of cases,
 * `npm run fuzz` runs each property for FUZZ_SECONDS.
 */

/** The seconds each property runs for under `npm run fuzz`; 0 under `npm test`. */
export const FUZZ_SECONDS = Number(process.env.FUZZ_SECONDS ?? 0)

/**
 * fast-check's parameters: `runs` cases, or as many as fit in FUZZ_SECONDS when it is set.
 *
 * @example fc.assert(fc.property(text, check), budget(5000))
 */
export const budget = (runs: number): fc.Parameters<unknown> =>
  FUZZ_SECONDS > 0
    ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: FUZZ_SECONDS * 1000 }
    : { numRuns: runs }

/**
 * A test's timeout: `ms`, or FUZZ_SECONDS and a minute when it is set.
 *
 * @example it('…', async () => { … }, timeout(30_000))
 */
export const timeout = (ms: number): number =>
  FUZZ_SECONDS > 0 ? FUZZ_SECONDS * 1000 + 60_000 : ms

/**
 * Keeps the run in progress of an async property, to await after `fc.assert`: under
 * FUZZ_SECONDS, fast-check's `interruptAfterTimeLimit` races the run in progress against the
 * clock and returns, leaving that run going; the checks after `fc.assert` would then overlap it
 * (a request of the abandoned run erasing a visitor between a count and an erasure).
 *
 * @example
 * const runs = trackRuns()
 * await fc.assert(fc.asyncProperty(arb, runs.track(async (v) => { … })), budget(100))
 * await runs.idle()
 */
export function trackRuns(): {
  track: <A extends unknown[]>(run: (...args: A) => Promise<void>) => (...args: A) => Promise<void>
  idle: () => Promise<void>
} {
  let current: Promise<void> = Promise.resolve()
  return {
    track:
      (run) =>
      (...args) => {
        current = run(...args)
        return current
      },
    // A run cut short by the clock proves nothing either way: only its end is awaited.
    idle: () => current.catch(() => undefined),
  }
}

/** Code points that the text rule refuses, those it keeps, and the edges between them. */
export const NASTY = [
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u0000',
  '\u0009',
  '\u000a',
  '\u001f',
  '\u007f',
  '\u0080',
  '\u0085',
  '\u009f',
  '\u00a0',
  '\ufdcf',
  '\ufdd0',
  '\ufdef',
  '\ufdf0',
  '\ufffd',
  '\ufffe',
  '\uffff',
  '\u{1fffe}',
  '\u{10ffff}',
  '\u{1f600}',
  '\u202e',
  '\u2028',
  '\ufeff',
  '＝',
  '"',
  '\\',
  '<',
  '=',
] as const

/** Names that a lookup in a plain object finds on its prototype. */
export const PROTO = [
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'prototype',
  'valueOf',
] as const

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u))
const codePoint = fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp))
const char = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 4 }) },
  { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: codeUnit },
  { weight: 1, arbitrary: codePoint },
)

/** Any JavaScript string: lone surrogates, controls, noncharacters, every plane. */
export const text = fc.array(char, { maxLength: 24 }).map((parts) => parts.join(''))

/** Text a page would send: any well-formed graphemes, every script. */
export const plain = fc.string({ unit: 'grapheme', maxLength: 16 })

/** An object key: any text, or a prototype name. */
export const key = fc.oneof(text, fc.constantFrom(...PROTO))

/** Any JSON value built of hostile text, numbers and nesting. */
export const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(key, tie('json'), { maxKeys: 4 }),
  ),
}))

/** Bytes written as %XX escapes: UTF-8 or not (`%FF`, `%ED%A0%80`, an overlong `%C0%AF`). */
export const percentBytes = fc
  .uint8Array({ minLength: 1, maxLength: 12 })
  .map((bytes) => [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''))

/** Escapes that decoders stumble on: a lone surrogate in UTF-8, overlong, NUL, truncated, dots. */
export const BAD_ESCAPES = [
  '%ED%A0%80',
  '%ED%BF%BF',
  '%FF',
  '%C0%AF',
  '%00',
  '%',
  '%zz',
  '%E2%82',
  '..',
  '%2e%2e',
] as const

/**
 * A string percent-encoded code unit by code unit, as a hostile client may write it: a lone
 * surrogate becomes its three bytes in WTF-8 (`\ud800` → `%ED%A0%80`), which no UTF-8 decoder
 * accepts; everything else as encodeURIComponent writes it.
 *
 * @example percentEncode('a\ud800') // 'a%ED%A0%80'
 */
export function percentEncode(value: string): string {
  let out = ''
  for (const c of value) {
    const u = c.codePointAt(0) ?? 0
    if (u >= 0xd800 && u <= 0xdfff) {
      out += [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('')
    } else out += encodeURIComponent(c)
  }
  return out
}
