import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../store.js'
import { createDuckdbStore } from './duckdb-store.js'
import { propText } from '../prop-text.js'

let store: Store
beforeAll(async () => {
  store = await createDuckdbStore({ path: ':memory:' })
})
afterAll(() => store.close())

/** What DuckDB's JSON reader gives for each value, as the DuckDB store's statistics read it. */
async function duckdbTexts(values: readonly (number | boolean)[]): Promise<string[]> {
  const rows = await store.query(
    `SELECT CAST(j.key AS INTEGER) AS i, (j.value ->> '$') AS v FROM json_each($1) AS j ORDER BY i`,
    [JSON.stringify(Object.fromEntries(values.map((v, i) => [String(i), v])))],
  )
  return rows.map((r) => String(r.v))
}

describe('propText', () => {
  it('keeps a string as sent', () => {
    expect(propText('l\'été "🦆" 1e+21')).toBe('l\'été "🦆" 1e+21')
  })

  it("writes a number or a boolean as DuckDB's JSON reader does, exponents included", async () => {
    const fixed = [1e21, -1e300, 5e-324, 1.5e-7, 0.1, -0, 2 ** 53 + 2, true, false]
    expect(fixed.map(propText)).toEqual(await duckdbTexts(fixed))
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 100,
        }),
        async (values) => {
          expect(values.map(propText)).toEqual(await duckdbTexts(values))
        },
      ),
      { numRuns: 100 },
    )
  })
})
