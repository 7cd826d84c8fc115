import type { SqlDialect, SqlValue } from '../store/sql-dialect.js'

/** Collects the values of one query and hands out their placeholders. */
export interface SqlParams {
  /** The values, in placeholder order: what `store.query` binds. */
  readonly values: SqlValue[]
  /** The placeholder of a new bound value. */
  add(value: SqlValue): string
  /** A timestamp expression of a bound epoch-ms value. */
  time(epochMs: number): string
  /** The dialect's `textKey` of a bound text: what a rollup's `site_key` column holds. */
  textKey(text: string): string
}

/**
 * Every user value of a statistics query goes through here, as a bound parameter: the SQL text
 * holds only our own fragments and placeholders, never a value.
 *
 * @example
 * const p = createSqlParams(store.dialect)
 * const rows = await store.query(`SELECT count(*) AS n FROM events WHERE site = ${p.add(site)}`, p.values)
 */
export function createSqlParams(dialect: SqlDialect): SqlParams {
  const values: SqlValue[] = []
  const add = (value: SqlValue): string => {
    values.push(value)
    return dialect.param(values.length, value)
  }
  return {
    values,
    add,
    time: (epochMs) => dialect.fromEpochMs(add(epochMs)),
    textKey: (text) => dialect.textKey(add(text)),
  }
}
