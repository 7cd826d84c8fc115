import type { SqlValue } from '../sql-dialect.js'

/**
 * A value as a ClickHouse SQL literal. ClickHouse 18.16 has no server-side parameters (its HTTP
 * interface refuses `param_*`), so values reach the text as literals, escaped by the rules of
 * ClickHouse's string literals: inside single quotes, a backslash escapes the next character, so
 * `\` and `'` are written `\\` and `\'`; every other character, line breaks and NUL included,
 * may stand as it is. Numbers that are not finite have no literal and are refused.
 *
 * @example clickhouseLiteral("l'été") // "'l\\'été'"
 */
export function clickhouseLiteral(value: SqlValue): string {
  if (value === null) return 'NULL'
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new RangeError(`${value} has no ClickHouse literal: a bound number must be finite`)
    // A negative literal is a unary minus applied to a number: parenthesised, it stays one value.
    return value < 0 ? `(${value})` : String(value)
  }
  return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`
}

/** A database or cluster name as a ClickHouse identifier; only letters, digits and `_` are accepted. */
export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new RangeError(
      `"${name}" is not a name Témoin accepts: use letters, digits and _ only, starting with a letter`,
    )
  return `\`${name}\``
}
