import type { EarlierRows, SqlDialect, TimeUnit } from '../sql-dialect.js'
import { clickhouseLiteral } from './clickhouse-literal.js'

const DAY = 86_400_000
const FIXED: Readonly<Record<Exclude<TimeUnit, 'week' | 'month'>, number>> = {
  minute: 60_000,
  hour: 3_600_000,
  day: DAY,
}

/** Whole UTC days since 1970-01-01 (floored, so before 1970 too) of an epoch-ms expression. */
const days = (ms: string): string => `toInt64(floor(toInt64(${ms}) / ${DAY}))`

/**
 * ClickHouse's side of the SQL differences (see SqlDialect), in SQL that ClickHouse 18.16
 * already reads. A timestamp is an Int64 of epoch milliseconds (clickhouse-schema.ts), so
 * `fromEpochMs` and `toEpochMs` only make the type plain, and a truncated time is epoch
 * milliseconds too. Values are written as escaped literals (clickhouse-literal.ts): 18.16 has no
 * server-side parameters. Current engines (24.x–26.x) read the same SQL: one dialect, tested on
 * both (clickhouse-dialect.test.ts on 18.16, clickhouse-dialect-current.test.ts on chdb 26).
 *
 * @example clickhouseDialect.truncate('day', 'time') // '(toInt64(time) - …)'
 */
export const clickhouseDialect: SqlDialect = {
  name: 'clickhouse',
  param: (_index, value) => clickhouseLiteral(value),
  fromEpochMs: (expr) => `toInt64(${expr})`,
  toEpochMs: (expr) => `toInt64(${expr})`,
  truncate: (unit, expr) => {
    if (unit === 'week') {
      // 1970-01-01 was a Thursday: a Monday is 3 days before a multiple of 7 days.
      const d = days(expr)
      return `((${d} - ((${d} + 3) % 7 + 7) % 7) * ${DAY})`
    }
    if (unit === 'month')
      return `(toInt64(toUInt16(toStartOfMonth(toDateTime(intDiv(toInt64(${expr}), 1000), 'UTC')))) * ${DAY})`
    return `(${days(expr)} * ${DAY} + intDiv(toInt64(${expr}) - ${days(expr)} * ${DAY}, ${FIXED[unit]}) * ${FIXED[unit]})`
  },
  dayDiff: (a, b) => `(${days(b)} - ${days(a)})`,
  extract: (expr, pattern) => `extract(${expr}, ${clickhouseLiteral(pattern)})`,
  endsWith: (expr, suffix) => `endsWith(${expr}, ${suffix})`,
  leadingInteger: (expr) => `toInt64OrNull(splitByChar('.', ifNull(${expr}, ''))[1])`,
  visitorParts: (expr) => {
    const id = `ifNull(${expr}, '')`
    const wellFormed = `match(${id}, '^-?[0-9]+\\\\.[0-9a-f]{32}$')`
    const half = (from: number) =>
      `if(${wellFormed}, reinterpretAsUInt64(reverse(unhex(substring(splitByChar('.', ${id})[2], ${from}, 16)))), toUInt64(0))`
    return {
      deposit: `if(${wellFormed}, toInt64OrZero(splitByChar('.', ${id})[1]), toInt64(0))`,
      high: half(1),
      low: half(17),
    }
  },
  textKey: (expr) => `reinterpretAsUInt64(reverse(substring(MD5(${expr}), 1, 8)))`,
  earlierRows,
  countDistinct: (expr) => `uniqExact(${expr})`,
  arrayJoin: (expr) => `arrayJoin(${expr})`,
  // The arrays the store writes beside `props` (clickhouse-schema.ts), since 18.16 reads no JSON.
  propEntries: (row, alias) => ({
    from: ` ARRAY JOIN ${row}.prop_keys AS ${alias}_key, ${row}.prop_texts AS ${alias}_text`,
    key: `${alias}_key`,
    value: `${alias}_text`,
  }),
}

/**
 * SqlDialect.earlierRows without a window function, which 18.16 lacks: each partition's rows
 * become one array of tuples sorted by `order` (the order first, then the other columns and a
 * 0/1 flag per condition), unrolled again by ARRAY JOIN beside arrays of the earlier orders:
 * - of all earlier rows: the previous element's order (NULL for the first);
 * - of the rows where a condition held: with `c` the running count of flags up to the element
 *   and `f` its own flag, the (c − f)-th flagged order, NULL when c − f is 0.
 * Linear in the rows of a partition. The anonymous rows (partition '') come through a second
 * SELECT, with NULLs, rather than as one array of every anonymous hour. Its own names end in
 * `_` (`sorted_`, `e_`…): on 18.16 an alias of the SELECT, such as a column `t`, would replace
 * a lambda's parameter of that name (tried). A current engine has
 * windows, but runs this as fast (chdb 26, the whole dashboard on 300 000 events: 1.57–1.68 s
 * with windows, 1.61–1.91 s with arrays, three runs each): one form for every version.
 */
function earlierRows(rows: string, shape: EarlierRows): string {
  const { partition, order } = shape
  const others = shape.columns.filter((c) => c !== partition && c !== order)
  const conditions = Object.values(shape.earlier).filter((c): c is string => c !== null)
  const tuple = [order, ...others, ...conditions.map((c) => `toUInt8(${c})`)]
  const element = (i: number) => `tupleElement(row_, ${i + 1})`
  const orders = `arrayMap(e_ -> tupleElement(e_, 1), sorted_)`
  const added = Object.entries(shape.earlier).map(([name, condition]) => {
    if (condition === null)
      return `arrayMap(i_ -> if(i_ = 1, NULL, tupleElement(sorted_[i_ - 1], 1)), arrayEnumerate(sorted_)) AS ${name}`
    const k = others.length + 2 + conditions.indexOf(condition)
    const flags = `arrayMap(e_ -> tupleElement(e_, ${k}), sorted_)`
    const flagged = `arrayFilter((o_, f_) -> f_ = 1, ${orders}, ${flags})`
    return `arrayMap((c_, f_) -> if(c_ - f_ = 0, NULL, ${flagged}[c_ - f_]), arrayCumSum(${flags}), ${flags}) AS ${name}`
  })
  const names = Object.keys(shape.earlier)
  const column = (c: string) =>
    c === partition ? partition : `${element(c === order ? 0 : others.indexOf(c) + 1)} AS ${c}`
  const sorted = `SELECT ${partition}, arraySort(e_ -> tupleElement(e_, 1), groupArray(tuple(${tuple.join(', ')}))) AS sorted_ FROM ${rows} AS r WHERE ${partition} <> '' GROUP BY ${partition}`
  const known = `SELECT ${[...shape.columns.map(column), ...names].join(', ')} FROM (${sorted}) ARRAY JOIN sorted_ AS row_, ${added.join(', ')}`
  const anonymous = `SELECT ${[...shape.columns, ...names.map((n) => `CAST(NULL AS Nullable(Int64)) AS ${n}`)].join(', ')} FROM ${rows} AS r WHERE ${partition} = ''`
  return `${known} UNION ALL ${anonymous}`
}
