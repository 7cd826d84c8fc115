import { describe, expect, it } from 'vitest'
import { storedEvent } from '../../../test/helpers/fixtures.js'
import type { RollupDefinition, RollupFactory } from '../rollup.js'
import type { SqlDialect } from '../sql-dialect.js'
import { createDuckdbStore } from './duckdb-store.js'

const T0 = Date.parse('2026-03-01T12:00:00.000Z')

/** A daily rollup counting events per path: the smallest definition a store keeps. */
const perPath = (d: SqlDialect, overrides: Partial<RollupDefinition> = {}): RollupDefinition => ({
  name: 'per_path',
  bucket: 'day',
  keys: ['path'],
  measures: ['n'],
  select: (from) =>
    `SELECT ${d.truncate('day', 'time')} AS bucket, path, count(*) AS n FROM ${from} GROUP BY 1, 2`,
  ...overrides,
})

/**
 * What an operator sees of the rollups kept by a DuckDB store (openDuckdbRollups), beyond the
 * conformance suite: the definitions it refuses at open, and why. In memory, unless the file is
 * the point: a mutation run reruns these for every mutant.
 */
describe('DuckDB rollups: definitions refused at open', () => {
  // kills: duckdb-rollups.ts:103 StringLiteral → `` and → ""
  it('refuses two rollups of one name, naming them', async () => {
    const twice: RollupFactory = (d) => [perPath(d), perPath(d, { bucket: 'hour' })]
    await expect(createDuckdbStore({ path: ':memory:', rollups: twice })).rejects.toThrow(
      'a name is defined twice in per_path, per_path',
    )
  })

  // A rollup whose SELECT fails while it is built: the operator is told what failed in it, not
  // a consequence of it.
  // kills: duckdb-rollups.ts:139 BlockStatement → {}
  it('refuses a rollup whose SELECT fails, naming the cause', async () => {
    const broken: RollupFactory = (d) => [
      perPath(d, {
        select: (from) =>
          `SELECT ${d.truncate('day', 'time')} AS bucket, no_such_column AS path, count(*) AS n FROM ${from} GROUP BY 1, 2`,
      }),
    ]
    await expect(createDuckdbStore({ path: ':memory:', rollups: broken })).rejects.toThrow(
      /building the rollups failed: .*no_such_column/,
    )
  })
})
