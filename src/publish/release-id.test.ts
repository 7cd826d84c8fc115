import { describe, expect, it } from 'vitest'
import { releaseSpec } from '../../test/helpers/publish-fixtures.js'
import { canonicalJson, releaseId } from './release-id.js'

const spec = releaseSpec({
  name: 'kit',
  tables: [
    {
      name: 'by-country',
      metric: 'pageviews',
      dimensions: ['country', 'device'],
      values: { country: ['FR', 'BE'] },
      epsilon: 0.5,
    },
  ],
})

/** The same object with its keys in reverse order, at every level. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reversed(v)]),
    )
  return value
}

describe('canonicalJson', () => {
  // kills: release-id.ts:18 StringLiteral (the array's brackets → ``, its ',' → ''), :19
  // ConditionalExpression → false (objects written in their own key order), :21 the filter of
  // undefined members, :22 the sort's comparator.
  it('writes valid JSON with the keys sorted at every level, arrays in their order, no undefined member', () => {
    const value = {
      zeta: [1, 23, { d: null, c: 'x', b: [true, false] }],
      alpha: undefined,
      mid: { y: 2, x: 1, z: 3, w: 0 },
      beta: 'b',
    }
    const text = canonicalJson(value)
    expect(text).toBe(
      '{"beta":"b","mid":{"w":0,"x":1,"y":2,"z":3},"zeta":[1,23,{"b":[true,false],"c":"x","d":null}]}',
    )
    expect(JSON.parse(text)).toEqual(value)
    expect(canonicalJson(reversed(value))).toBe(text)
    // [1, 23] and [12, 3] are different lists.
    expect(canonicalJson([12, 3])).toBe('[12,3]')
    expect(canonicalJson([])).toBe('[]')
  })
})

describe('releaseId', () => {
  // The ledger re-serves a release by its id: the same spec must give the same id however its
  // keys were ordered (YAML, the admin API's JSON), and a spec that asks for other cells must not
  // be handed an earlier release.
  it('gives the same spec the same id whatever the order of its keys', () => {
    const id = releaseId(spec, { minGroupSize: 10, protectionRange: 5 })
    expect(id).toMatch(/^[0-9a-f]{64}$/)
    expect(
      releaseId(
        reversed(spec) as typeof spec,
        reversed({ minGroupSize: 10, protectionRange: 5 }) as Record<string, unknown>,
      ),
    ).toBe(id)
  })

  // kills: release-id.ts:18 StringLiteral → `` (every list would read the same: the values of a
  // dimension would not count).
  it('gives another id to a spec that differs in a list of values, in the extra parameters, or in a table', () => {
    const id = releaseId(spec, {})
    const table = spec.tables[0] as (typeof spec.tables)[number]
    const otherValues = { ...spec, tables: [{ ...table, values: { country: ['FR', 'DE'] } }] }
    const otherDimensions = { ...spec, tables: [{ ...table, dimensions: ['country' as const] }] }
    const ids = [
      id,
      releaseId(otherValues, {}),
      releaseId(otherDimensions, {}),
      releaseId(spec, { minGroupSize: 10 }),
      releaseId({ ...spec, tables: [table, { ...table, name: 'again' }] }, {}),
    ]
    expect(new Set(ids).size).toBe(ids.length)
  })
})
