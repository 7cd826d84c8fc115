import { describe, expect, it } from 'vitest'
import { findUnsafeChar, formatCodePoint } from './unsafe-text.js'

/** The error message names the kind of a refused code point: each kind at its boundaries. */
describe('findUnsafeChar kinds', () => {
  // kills: unsafe-text.ts:33 EqualityOperator codePoint < 0x9f (U+009F, the last C1 control)
  it('calls the C0, DEL and C1 controls control characters, up to U+009F', () => {
    for (const c of [0x00, 0x1f, 0x7f, 0x80, 0x9f]) {
      expect(findUnsafeChar(`a${String.fromCodePoint(c)}`)).toEqual({
        kind: 'a control character',
        codePoint: c,
      })
    }
  })

  it('calls a lone surrogate at either end of the range a lone surrogate', () => {
    expect(findUnsafeChar('\ud800')?.kind).toBe('a lone surrogate')
    expect(findUnsafeChar('x\udfff')?.kind).toBe('a lone surrogate')
  })

  it('calls U+FDD0 and U+10FFFF noncharacters, and lets U+00A0 and a surrogate pair through', () => {
    expect(findUnsafeChar('\ufdd0')).toEqual({ kind: 'a noncharacter', codePoint: 0xfdd0 })
    expect(findUnsafeChar('\u{10ffff}')).toEqual({ kind: 'a noncharacter', codePoint: 0x10ffff })
    expect(findUnsafeChar('\u00a0 caf\u00e9 \u{1f600}')).toBeNull()
  })

  it('writes code points as U+ and at least four upper-case hex digits', () => {
    expect(formatCodePoint(0x9f)).toBe('U+009F')
    expect(formatCodePoint(0x1f600)).toBe('U+1F600')
  })
})
