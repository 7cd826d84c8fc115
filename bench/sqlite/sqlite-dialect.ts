import { createHash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { SqlDialect, TimeUnit } from '../../src/store/sql-dialect.js'
import { windowEarlierRows } from '../../src/store/window-earlier-rows.js'

/** A day and an hour in milliseconds. */
const DAY = 86_400_000
const HOUR = 3_600_000

/** An integer epoch-ms expression (bound numbers may arrive as REAL). */
const ms = (expr: string) => `CAST(${expr} AS INTEGER)`

const TRUNCATE: Readonly<Record<TimeUnit, (e: string) => string>> = {
  minute: (e) => `(${ms(e)} / 60000 * 60000)`,
  hour: (e) => `(${ms(e)} / ${HOUR} * ${HOUR})`,
  day: (e) => `(${ms(e)} / ${DAY} * ${DAY})`,
  // 1970-01-01 was a Thursday: day n is a Monday when (n + 3) % 7 = 0.
  week: (e) => `((${ms(e)} / ${DAY} - (${ms(e)} / ${DAY} + 3) % 7) * ${DAY})`,
  month: (e) =>
    `(CAST(strftime('%s', ${ms(e)} / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000)`,
}

/**
 * The stats queries' dialect for the bench's SQLite baseline (part 4): times are INTEGER epoch
 * milliseconds, parameters are named (`@p1`…), and what SQLite lacks (a regular expression, a
 * suffix test, the leading integer of a visitor id) is a JavaScript function registered by
 * {@link registerSqliteFunctions}. SQLite has no set-returning function in a SELECT list, so
 * `arrayJoin` leaves a marker that {@link rewriteArrayJoins} turns into a `json_each` join.
 *
 * @example `SELECT ${sqliteDialect.truncate('day', 'time')} FROM events` // (CAST(time AS INTEGER) / 86400000 * 86400000)
 */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  param: (index) => `@p${index}`,
  fromEpochMs: (expr) => ms(expr),
  toEpochMs: (expr) => ms(expr),
  truncate: (unit, expr) => TRUNCATE[unit](expr),
  dayDiff: (a, b) => `(${ms(b)} / ${DAY} - ${ms(a)} / ${DAY})`,
  extract: (expr, pattern) => `regexp_extract(${expr}, '${pattern.replaceAll("'", "''")}')`,
  endsWith: (expr, suffix) => `ends_with(${expr}, ${suffix})`,
  leadingInteger: (expr) => `leading_integer(${expr})`,
  // Only grouped and counted: the two halves of the random part may stay text (SQLite's
  // integers are signed, 16 hex digits would not fit).
  visitorParts: (expr) => ({
    deposit: `coalesce(leading_integer(${expr}), 0)`,
    high: `substr(${expr}, instr(${expr}, '.') + 1, 16)`,
    low: `substr(${expr}, instr(${expr}, '.') + 17, 16)`,
  }),
  // Only for rollups, which the baseline has none of: the 16 hex digits, as text.
  textKey: (expr) => `text_key(${expr})`,
  earlierRows: windowEarlierRows,
  countDistinct: (expr) => `count(DISTINCT ${expr})`,
  arrayJoin: (expr) => `${ARRAY_JOIN}${expr}.value`,
  propEntries: (row, alias) => ({
    from: `, json_each(${row}.props) AS ${alias}`,
    key: `${alias}.key`,
    // As JSON writes them, like DuckDB's ->> '$': true/false, not SQLite's 1/0.
    value: `CASE ${alias}.type WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' ELSE CAST(${alias}.value AS TEXT) END`,
  }),
}

const ARRAY_JOIN = '__array_join_'

/**
 * Turns each `SELECT … __array_join_<column>.value … FROM <item>` of `sqliteDialect.arrayJoin`
 * into a join with `json_each(<name>.<column>)` (the array is stored as JSON text), where the
 * item is a table (`receipts`, `receipts AS e`) or a parenthesised subquery with its alias
 * (`(SELECT * FROM receipts WHERE …) AS e`), and the name is its alias or table. The SELECT's
 * own FROM is the first one after the marker outside parentheses and quotes.
 *
 * @example rewriteArrayJoins('SELECT __array_join_granted.value AS p FROM receipts WHERE x') // 'SELECT … FROM receipts, json_each(receipts.granted) AS __array_join_granted WHERE x'
 */
export function rewriteArrayJoins(sql: string): string {
  const markers = [...sql.matchAll(new RegExp(`${ARRAY_JOIN}(\\w+)\\.value`, 'g'))]
  // From the last marker back: a join added after one leaves the earlier markers where they are.
  let out = sql
  for (const marker of markers.reverse()) {
    const column = marker[1] ?? ''
    const item = fromItem(out, marker.index + marker[0].length)
    out = `${out.slice(0, item.end)}, json_each(${item.name}.${column}) AS ${ARRAY_JOIN}${column}${out.slice(item.end)}`
  }
  return out
}

/** Where the FROM item after `start` ends, and the name its columns are read through. */
function fromItem(sql: string, start: number): { end: number; name: string } {
  let at = topLevel(sql, start, /(?<!\w)FROM\s+/iy)
  if (sql[at] === '(') at = topLevel(sql, at + 1, /\)/y)
  const named = /(\w*)(?:\s+AS\s+(\w+))?/iy
  named.lastIndex = at
  const hit = named.exec(sql)
  const name = hit?.[2] ?? hit?.[1]
  if (!hit || !name) throw new Error(`rewriteArrayJoins: no table or alias at ${at}: ${sql}`)
  return { end: at + hit[0].length, name }
}

/**
 * Where the first match of the sticky `pattern` at or after `start` ends, at the parenthesis
 * depth of `start` and outside quoted literals.
 */
function topLevel(sql: string, start: number, pattern: RegExp): number {
  let depth = 0
  for (let i = start; i < sql.length; i++) {
    pattern.lastIndex = i
    if (depth === 0 && pattern.exec(sql)) return pattern.lastIndex
    const c = sql[i]
    // A literal's '' is two quotes in a row: the scan leaves it and enters it again.
    if (c === "'") i = sql.indexOf("'", i + 1)
    else if (c === '(') depth++
    else if (c === ')') depth--
    if (i < 0) break
  }
  throw new Error(`rewriteArrayJoins: no ${String(pattern)} after ${start}: ${sql}`)
}

/**
 * The functions the dialect calls that SQLite does not have, as deterministic JavaScript
 * functions (patterns compiled once).
 *
 * @example registerSqliteFunctions(db)
 */
export function registerSqliteFunctions(db: Database.Database): void {
  const patterns = new Map<string, RegExp>()
  db.function('regexp_extract', { deterministic: true }, (text: unknown, pattern: unknown) => {
    if (typeof text !== 'string' || typeof pattern !== 'string') return ''
    let re = patterns.get(pattern)
    if (!re) patterns.set(pattern, (re = new RegExp(pattern)))
    return re.exec(text)?.[1] ?? ''
  })
  db.function('ends_with', { deterministic: true }, (text: unknown, suffix: unknown) =>
    typeof text === 'string' && typeof suffix === 'string' && text.endsWith(suffix) ? 1 : 0,
  )
  db.function('text_key', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? createHash('md5').update(text).digest('hex').slice(0, 16) : null,
  )
  db.function('leading_integer', { deterministic: true }, (text: unknown) => {
    if (typeof text !== 'string') return null
    const head = text.split('.', 1)[0] ?? ''
    return /^-?\d{1,18}$/.test(head) ? Number(head) : null
  })
}
