import type { SqlDialect, TimeUnit } from '../sql-dialect.js'
import { windowEarlierRows } from '../window-earlier-rows.js'

const UNITS: Readonly<Record<TimeUnit, string>> = {
  minute: 'minute',
  hour: 'hour',
  day: 'day',
  // DuckDB's ISO weeks start on Monday, as the dashboard's do.
  week: 'week',
  month: 'month',
}

/**
 * DuckDB's side of the SQL differences (see SqlDialect). Parameters are positional (`$1`);
 * numbers are cast to BIGINT or DOUBLE where they are used, since the node binding sends every
 * JavaScript number as a DOUBLE.
 *
 * @example duckdbDialect.truncate('week', 'time') // "date_trunc('week', time)"
 */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  param: (index) => `$${index}`,
  fromEpochMs: (expr) => `epoch_ms(CAST(${expr} AS BIGINT))`,
  toEpochMs: (expr) => `epoch_ms(${expr})`,
  truncate: (unit, expr) => `date_trunc('${UNITS[unit]}', ${expr})`,
  dayDiff: (a, b) => `date_diff('day', ${a}, ${b})`,
  extract: (expr, pattern) => `regexp_extract(${expr}, ${quote(pattern)}, 1)`,
  endsWith: (expr, suffix) => `ends_with(${expr}, ${suffix})`,
  leadingInteger: (expr) => `TRY_CAST(split_part(${expr}, '.', 1) AS BIGINT)`,
  visitorParts: (expr) => {
    const random = `split_part(${expr}, '.', 2)`
    const half = (from: number) =>
      `coalesce(TRY_CAST('0x' || substr(${random}, ${from}, 16) AS UBIGINT), 0)`
    return {
      deposit: `coalesce(TRY_CAST(split_part(${expr}, '.', 1) AS BIGINT), 0)`,
      high: half(1),
      low: half(17),
    }
  },
  textKey: (expr) => `CAST('0x' || substr(md5(${expr}), 1, 16) AS UBIGINT)`,
  earlierRows: windowEarlierRows,
  countDistinct: (expr) => `count(DISTINCT ${expr})`,
  arrayJoin: (expr) => `unnest(${expr})`,
  propEntries: (row, alias) => ({
    from: `, json_each(${row}.props) AS ${alias}`,
    key: `${alias}.key`,
    value: `(${alias}.value ->> '$')`,
  }),
}

/** A constant of our code as an SQL string literal. */
function quote(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
