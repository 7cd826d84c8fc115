import { describe, expect, it } from 'vitest'
import { fixtureId, storedEvent } from '../../../test/helpers/fixtures.js'
import { createDuckdbStore } from './duckdb-store.js'
import {
  readBoolean,
  readNullableString,
  readNumber,
  readString,
  readStringList,
  toSqlRow,
  toTimestamp,
} from './sql-values.js'

describe('toTimestamp', () => {
  // kills: sql-values.ts:15 MethodExpression Math.floor → Math.ceil (a time is kept at its
  // millisecond, never moved to the next one: before 1970 too, where truncation would differ)
  it('drops the sub-millisecond part of a stored time, rounding down, before 1970 too', async () => {
    const store = await createDuckdbStore({ path: ':memory:' })
    try {
      const times = [1_772_366_400_000.9, -0.5, -86_400_000.25]
      await store.write({
        events: times.map((time, i) => storedEvent({ id: fixtureId(i + 1), time })),
        receipts: [],
      })
      expect((await store.listEvents({})).map((e) => e.time)).toEqual([
        -86_400_001, -1, 1_772_366_400_000,
      ])
    } finally {
      await store.close()
    }
  })

  // kills: sql-values.ts:13 ConditionalExpression, :14 StringLiteral → ``
  it('refuses a time that is not a finite number, saying what it got', () => {
    for (const t of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(() => toTimestamp(t)).toThrow(new RangeError(`not a time in epoch milliseconds: ${t}`))
    expect(toTimestamp(0).micros).toBe(0n)
  })
})

describe('column readers', () => {
  // kills: sql-values.ts:20–:21, :27, :36–:37, :42–:43, :49–:51 (conditions and messages): a
  // reader takes exactly its kind and names the column and the kind it met otherwise
  it('take exactly their kind of value', () => {
    expect(readString('', 'c')).toBe('')
    expect(readNullableString(null, 'c')).toBeNull()
    expect(readNullableString('v', 'c')).toBe('v')
    expect(readNumber(12n, 'c')).toBe(12)
    expect(readNumber(-3.5, 'c')).toBe(-3.5)
    expect(readBoolean(false, 'c')).toBe(false)
    expect(readStringList([], 'c')).toEqual([])
    expect(readStringList(['a', 'b'], 'c')).toEqual(['a', 'b'])
  })

  it('refuse any other kind, naming the column and what they got', () => {
    expect(() => readString(undefined, 'id')).toThrow(
      new TypeError('column id: expected a string, got undefined'),
    )
    expect(() => readNullableString(undefined, 'visitor')).toThrow(
      new TypeError('column visitor: expected a string, got undefined'),
    )
    expect(() => readNumber('1', 'time')).toThrow(
      new TypeError('column time: expected a number, got string'),
    )
    expect(() => readNumber(null, 'time')).toThrow(
      new TypeError('column time: expected a number, got object'),
    )
    expect(() => readBoolean(1, 'gpc')).toThrow(
      new TypeError('column gpc: expected a boolean, got number'),
    )
    expect(() => readStringList('a', 'granted')).toThrow(
      new TypeError('column granted: expected a list, got string'),
    )
    expect(() => readStringList(['a', 'b', null], 'granted')).toThrow(
      new TypeError('column granted[2]: expected a string, got object'),
    )
  })
})

describe('toSqlRow', () => {
  // kills: sql-values.ts:63–:76 (each kind's branch, the safe-integer bound and the messages)
  it('turns integers into numbers, a timestamp into epoch ms, and passes other scalars', () => {
    expect(
      toSqlRow({
        n: 3n,
        big: BigInt(Number.MAX_SAFE_INTEGER),
        negative: -BigInt(Number.MAX_SAFE_INTEGER),
        day: new Date(Date.UTC(2026, 2, 1)),
        before1970: new Date(-1),
        text: 'a',
        empty: '',
        ratio: 0.5,
        yes: true,
        no: false,
        nothing: null,
      }),
    ).toEqual({
      n: 3,
      big: Number.MAX_SAFE_INTEGER,
      negative: -Number.MAX_SAFE_INTEGER,
      day: Date.UTC(2026, 2, 1),
      before1970: -1,
      text: 'a',
      empty: '',
      ratio: 0.5,
      yes: true,
      no: false,
      nothing: null,
    })
  })

  it('refuses an integer a number cannot hold exactly, and anything not a scalar', () => {
    const tooLarge = BigInt(Number.MAX_SAFE_INTEGER) + 1n
    expect(() => toSqlRow({ n: tooLarge })).toThrow(
      new RangeError(`column n: ${tooLarge} is too large`),
    )
    expect(() => toSqlRow({ n: -tooLarge })).toThrow(
      new RangeError(`column n: ${-tooLarge} is too large`),
    )
    expect(() => toSqlRow({ ok: 1, list: ['a'] })).toThrow(
      new TypeError('column list: not a scalar (object)'),
    )
    expect(() => toSqlRow({ s: { a: 1 } })).toThrow(
      new TypeError('column s: not a scalar (object)'),
    )
    expect(() => toSqlRow({ u: undefined as unknown as null })).toThrow(
      new TypeError('column u: not a scalar (undefined)'),
    )
  })
})
