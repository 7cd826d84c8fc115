import { AppError } from '../../lib/app-error.js'
import type { SqlDialect, TimeUnit } from '../sql-dialect.js'
import { isCurrentClickhouse } from './clickhouse-connection.js'
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
 * server-side parameters.
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
  maxOfEarlierRows: () => {
    throw notYet('maxOfEarlierRows (a window function, which ClickHouse 18.16 lacks)')
  },
  countDistinct: (expr) => `uniqExact(${expr})`,
  arrayJoin: (expr) => `arrayJoin(${expr})`,
  jsonEntries: () => {
    throw notYet('jsonEntries (JSONExtractKeysAndValues, which ClickHouse 18.16 lacks)')
  },
}

function notYet(what: string): AppError {
  return new AppError('INTERNAL', `the ClickHouse dialect has no ${what} yet`)
}

/**
 * The dialect of a ClickHouse version: a current engine (21.x and later: window functions and
 * JSONExtractKeysAndValuesRaw) gets the two fragments 18.16 cannot write.
 *
 * @example clickhouseDialectFor('26.7.2.1').maxOfEarlierRows('t', 'k', 't') // 'max(t) OVER (…)'
 */
export function clickhouseDialectFor(version: string): SqlDialect {
  if (!isCurrentClickhouse(version)) return clickhouseDialect
  return {
    ...clickhouseDialect,
    maxOfEarlierRows: (expr, partition, order) =>
      `max(${expr}) OVER (PARTITION BY ${partition} ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`,
    jsonEntries: (column, alias) => ({
      from: ` ARRAY JOIN JSONExtractKeysAndValuesRaw(${column}) AS ${alias}`,
      key: `${alias}.1`,
      value: `if(JSONType(${alias}.2) = 'String', JSONExtractString(${alias}.2), ${alias}.2)`,
    }),
  }
}
