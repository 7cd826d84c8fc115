import { DuckDBTimestampValue } from '@duckdb/node-api'
import type { JS } from '@duckdb/node-api'
import type { SqlValue } from '../sql-dialect.js'

/**
 * Epoch milliseconds → a DuckDB TIMESTAMP (microseconds, UTC). Sub-millisecond parts are
 * dropped: the store keeps millisecond precision. A time that is not a finite number throws, so
 * that the batch holding it fails as a whole instead of storing a wrong date.
 *
 * @example toTimestamp(Date.parse('2026-11-26T10:00:00Z'))
 */
export function toTimestamp(epochMs: number): DuckDBTimestampValue {
  if (!Number.isFinite(epochMs))
    throw new RangeError(`not a time in epoch milliseconds: ${String(epochMs)}`)
  return new DuckDBTimestampValue(BigInt(Math.floor(epochMs)) * 1000n)
}

/** A column read as JS (`getRowsJS`) that must be a string. @example readString(row[0], 'id') */
export function readString(value: JS | undefined, column: string): string {
  if (typeof value !== 'string')
    throw new TypeError(`column ${column}: expected a string, got ${typeof value}`)
  return value
}

/** A nullable VARCHAR column. @example readNullableString(row[8], 'visitor') */
export function readNullableString(value: JS | undefined, column: string): string | null {
  return value === null ? null : readString(value, column)
}

/**
 * A BIGINT column (e.g. `epoch_ms(time)`) as a number; epoch milliseconds fit a double exactly.
 *
 * @example readNumber(row[1], 'time')
 */
export function readNumber(value: JS | undefined, column: string): number {
  if (typeof value === 'bigint' || typeof value === 'number') return Number(value)
  throw new TypeError(`column ${column}: expected a number, got ${typeof value}`)
}

/** A BOOLEAN column. @example readBoolean(row[9], 'gpc') */
export function readBoolean(value: JS | undefined, column: string): boolean {
  if (typeof value !== 'boolean')
    throw new TypeError(`column ${column}: expected a boolean, got ${typeof value}`)
  return value
}

/** A VARCHAR[] column. @example readStringList(row[4], 'granted') */
export function readStringList(value: JS | undefined, column: string): string[] {
  if (!Array.isArray(value))
    throw new TypeError(`column ${column}: expected a list, got ${typeof value}`)
  return value.map((item, i) => readString(item, `${column}[${i}]`))
}

/**
 * A row read with `getRowObjectsJS` → plain JSON scalars: integers (BIGINT, HUGEINT — what
 * `count` and `sum` return) as numbers, a TIMESTAMP as epoch ms. Anything else (lists,
 * structs) is refused: a statistics query selects scalars.
 *
 * @example toSqlRow({ n: 3n, day: new Date(0) }) // { n: 3, day: 0 }
 */
export function toSqlRow(row: Readonly<Record<string, JS>>): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {}
  for (const [column, value] of Object.entries(row)) {
    if (typeof value === 'bigint') {
      const n = Number(value)
      if (!Number.isSafeInteger(n)) throw new RangeError(`column ${column}: ${value} is too large`)
      out[column] = n
    } else if (value instanceof Date) out[column] = value.getTime()
    else if (
      value === null ||
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    )
      out[column] = value
    else throw new TypeError(`column ${column}: not a scalar (${typeof value})`)
  }
  return out
}
