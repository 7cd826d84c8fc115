import type { RollupDefinition, RollupFactory } from '../../src/store/rollup.js'
import type { SqlDialect } from '../../src/store/sql-dialect.js'

/**
 * A daily rollup counting events per path: the smallest definition a store keeps.
 *
 * @example perPathRollup(d, { bucket: 'hour' })
 */
export const perPathRollup = (
  d: SqlDialect,
  overrides: Partial<RollupDefinition> = {},
): RollupDefinition => ({
  name: 'per_path',
  bucket: 'day',
  keys: ['path'],
  measures: ['n'],
  select: (from) =>
    `SELECT ${d.truncate('day', 'time')} AS bucket, path, count(*) AS n FROM ${from} GROUP BY 1, 2`,
  ...overrides,
})

/** A store's rollups: that one alone. */
export const perPath: RollupFactory = (d) => [perPathRollup(d)]
