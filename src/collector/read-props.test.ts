import { describe, expect, test } from 'vitest'
import type { AppError } from '../lib/app-error.js'
import type { Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import { readProps } from './read-props.js'

/**
 * The properties of a custom event, as docs/api.md promises them: a flat object of at most 16
 * keys of 1–64 characters, string values of at most 256 characters. Each limit is tested at
 * exactly its value and one past it; a refusal names the field and says what was wrong.
 */

function refusal<T>(result: Result<T, AppError>): AppError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`)
  return result.error
}

const propsOf = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))

describe('readProps', () => {
  test('no props is an empty object', () => {
    expect(readProps(undefined, 'EVENT_INVALID')).toEqual({ ok: true, value: {} })
  })

  // kills: read-props.ts:21 ConditionalExpression → false (each of the three tests): a string
  // would be read as an object of its characters, an array as one of its indices, and null
  // would throw instead of being refused
  test.each([
    ['plan', 'a string'],
    [42, 'a number'],
    [true, 'a boolean'],
    [null, 'null'],
    [['pro'], 'an array'],
  ])('%j is refused: props must be an object, not %s', (value, named) => {
    const e = refusal(readProps(value, 'EVENT_INVALID'))
    expect(e.code).toBe('EVENT_INVALID')
    expect(e.where).toBe('props')
    expect(e.message).toBe(`props: must be an object, not ${named}.`)
  })

  // kills: read-props.ts:25 EqualityOperator → entries.length >= LIMITS.propCount
  test('16 keys are kept, 17 are refused', () => {
    const read = readProps(propsOf(LIMITS.propCount), 'EVENT_INVALID')
    expect(read.ok && Object.keys(read.value)).toHaveLength(16)
    const e = refusal(readProps(propsOf(LIMITS.propCount + 1), 'EVENT_INVALID'))
    expect(e.where).toBe('props')
    expect(e.message).toBe('props: has 17 keys; the limit is 16.')
  })

  // kills: read-props.ts:32 ConditionalExpression → false, and both StringLiteral → "" of it
  test('an empty key is refused, naming props', () => {
    const e = refusal(readProps({ '': 'x' }, 'EVENT_INVALID'))
    expect(e.code).toBe('EVENT_INVALID')
    expect(e.where).toBe('props')
    expect(e.message).toBe('props: has an empty key.')
  })

  // kills: read-props.ts:33 EqualityOperator → key.length >= LIMITS.propKeyLength
  // 'é' is one character but two UTF-8 bytes: the limit is not counted in bytes.
  test('a key of 64 characters is kept, 65 are refused', () => {
    const key = 'é'.repeat(LIMITS.propKeyLength)
    expect(readProps({ [key]: 1 }, 'EVENT_INVALID')).toEqual({ ok: true, value: { [key]: 1 } })
    const e = refusal(readProps({ [`${key}é`]: 1 }, 'EVENT_INVALID'))
    expect(e.where).toBe('props')
    expect(e.message).toBe('props: has a key longer than 64 characters.')
  })

  // kills: read-props.ts:40 EqualityOperator → v.length >= LIMITS.propValueLength
  test('a string value of 256 characters is kept, 257 are refused', () => {
    const value = 'é'.repeat(LIMITS.propValueLength)
    expect(readProps({ plan: value }, 'EVENT_INVALID')).toEqual({
      ok: true,
      value: { plan: value },
    })
    const e = refusal(readProps({ plan: `${value}é` }, 'EVENT_INVALID'))
    expect(e.where).toBe('props.plan')
    expect(e.message).toBe('props.plan: is longer than 256 characters.')
  })
  // docs/api.md ("Lengths"): a length counts UTF-16 code units, so a character outside the Basic
  // Multilingual Plane counts as 2, and 128 of them fill a value.
  test('an astral character counts as 2 towards a length', () => {
    const value = '\u{1D538}'.repeat(LIMITS.propValueLength / 2)
    expect(readProps({ plan: value }, 'EVENT_INVALID')).toEqual({
      ok: true,
      value: { plan: value },
    })
    const e = refusal(readProps({ plan: `${value}a` }, 'EVENT_INVALID'))
    expect(e.message).toBe('props.plan: is longer than 256 characters.')
  })
})
