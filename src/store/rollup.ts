import type { SqlDialect } from './sql-dialect.js'

/**
 * A pre-aggregate of the events, kept by the store so that the dashboard reads thousands of rows
 * instead of millions. It is defined by `stats/` (which owns what the numbers mean) and kept by
 * each store in its own way (DuckDB: the written events are folded in by the write connection
 * at most ~1 s later, in a transaction of their own, compacted from time to time; ClickHouse: a
 * materialized view into a SummingMergeTree). The rollup tables may lag behind the events by
 * the store's fold interval, but `Store.query` must not show it: a statement that reads a rollup
 * must give, at every moment, exactly what every write resolved before it holds,
 * `SELECT bucket, keys…, sum(measures)… FROM (select over all stored events) GROUP BY bucket, keys…`
 * (DuckDB folds what is pending before such a statement). `test/store-conformance.ts` checks it
 * right after writes, erasures and purges.
 *
 * @example
 * const daily: RollupDefinition = {
 *   name: 'devices', bucket: 'day', keys: ['site', 'device'], measures: ['events'],
 *   select: (from) => `SELECT ${d.truncate('day', 'time')}, site, device, count(*) FROM ${from} GROUP BY ALL`,
 * }
 */
export interface RollupDefinition {
  /** Table name suffix (`rollup_<name>`): lower-case letters, digits and '_'. */
  readonly name: string
  /**
   * The table it aggregates: `events` (the default) or `receipts`. A receipts rollup holds no
   * visitor (receipts outlive an erasure, their visitor cleared) and follows the receipts'
   * retention; DuckDB folds it in the write's own transaction (receipts are few).
   */
  readonly source?: 'events' | 'receipts'
  /** The time bucket (first column, `bucket`, a timestamp): the rows' time truncated to it. */
  readonly bucket: 'minute' | 'hour' | 'day'
  /**
   * Key columns after the bucket, all text and never NULL (write coalesce(…, '')). A store may
   * keep rows sorted by the first key, then the bucket: make it the one queries filter on.
   */
  readonly keys: readonly string[]
  /** Keys stored as 64-bit integers (signed `BIGINT` or unsigned `UBIGINT`), never NULL. */
  readonly integerKeys?: Readonly<Record<string, 'BIGINT' | 'UBIGINT'>>
  /**
   * The key holding a visitor id, if any. Erasing a visitor deletes its rows outright, so that
   * no id survives its erasure even in a pre-aggregate.
   */
  readonly visitorKey?: string
  /**
   * Columns carried after the measures by the rows of a visitor (`visitorKey` not ''): the bucket
   * of the previous row with the same keys where the named measure is above 0, or of any
   * previous row with the same keys when the value is `null`; NULL when there is none. Such rows
   * are kept one per bucket and keys, so that counting rows counts visitors: the distinct
   * visitors of a range are its rows whose previous bucket is before the range — a scan, not a
   * grouping. Rows without a visitor (anonymous hits) carry NULL and may repeat.
   */
  readonly previous?: Readonly<Record<string, string | null>>
  /**
   * A key with the same value on every row of a visitor that tells visitors apart almost always
   * (e.g. 64 bits of its random id, as an integer): a store finds a visitor's rows by it first,
   * then checks the visitor key — 10× cheaper than matching the text on every row, measured.
   */
  readonly visitorIndex?: string
  /** Summed 64-bit integer columns, after the keys. A row whose measures are all 0 is dropped. */
  readonly measures: readonly string[]
  /**
   * A SELECT aggregating the rows of `from` (the source table's name with an alias, or a
   * parenthesised sub-query with an alias, holding every column of the source) into: the
   * bucket, then each key, then each measure, in that order, grouped by bucket and keys.
   */
  readonly select: (from: string) => string
}

/** Rollup definitions for a store's dialect: what `stats/` hands to the store factory. */
export type RollupFactory = (dialect: SqlDialect) => readonly RollupDefinition[]
