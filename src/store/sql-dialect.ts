/** A value bound to a query parameter. Times travel as epoch milliseconds (numbers). */
export type SqlValue = string | number | boolean | null

/** One result row: column name → value. Integers arrive as numbers, never bigint. */
export type SqlRow = Readonly<Record<string, SqlValue>>

/** Units of time buckets. Weeks start on Monday; every bucket is in UTC. */
export type TimeUnit = 'minute' | 'hour' | 'day' | 'week' | 'month'

/**
 * The few places where DuckDB and ClickHouse SQL differ, behind one object that each store
 * exposes (Kysely's dialects, in small). Queries in `stats/` are otherwise plain SQL: SELECT,
 * WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, CASE, count(*), sum(), min(), max(), window-free,
 * and written so that ClickHouse 18.16 reads it as DuckDB does (both tried on a real server):
 * - GROUP BY and ORDER BY name columns, expressions or aliases, never positions: 18.16 reads
 *   `GROUP BY 1` as the constant 1, and `ORDER BY 2 DESC` orders by nothing, silently;
 * - an alias never names a column of what its SELECT reads (`sum(visits) AS visits`): an alias
 *   replaces that column in the whole SELECT on 18.16, and only in the output on DuckDB.
 * The rollups' SELECTs (stats-rollups.ts, `groupedSelect`) follow them too: the comparison
 * tests run each on 18.16 and on a current engine, where it gives DuckDB's rows.
 * Every method returns an SQL fragment built only from its arguments, which are themselves SQL
 * fragments made by our code (column names, placeholders) or constants: a user's value never
 * reaches a fragment except through `param`.
 *
 * @example
 * const d = store.dialect
 * `SELECT ${d.toEpochMs(d.truncate('day', 'time'))} AS day FROM events WHERE site = ${d.param(1, site)}`
 */
export interface SqlDialect {
  readonly name: string
  /** The placeholder of the `index`-th bound value (from 1). */
  param(index: number, value: SqlValue): string
  /** An epoch-milliseconds expression → a timestamp. */
  fromEpochMs(expr: string): string
  /** A timestamp → whole epoch milliseconds (a 64-bit integer). */
  toEpochMs(expr: string): string
  /** A timestamp truncated to the start of its `unit`, in UTC (weeks start on Monday). */
  truncate(unit: TimeUnit, expr: string): string
  /** Whole UTC calendar days from timestamp `a` to timestamp `b` (b − a). */
  dayDiff(a: string, b: string): string
  /** The first capture group of a constant RE2 `pattern` in `expr`, '' when it does not match. */
  extract(expr: string, pattern: string): string
  /** Whether string `expr` ends with string `suffix`. */
  endsWith(expr: string, suffix: string): string
  /**
   * The integer before the first '.' of a string, as a 64-bit integer, NULL when it is not one
   * (a visitor id's first deposit, in seconds).
   */
  leadingInteger(expr: string): string
  /**
   * A visitor id `<seconds>.<32 hex>` as three 64-bit integers, to group and count visitors
   * without reading their text (10× faster on DuckDB's compressed strings, measured): the
   * deposit seconds (signed), and the high and low halves of the 128 random bits (unsigned);
   * 0 for what is not such an id (NULL: an anonymous row). Distinct well-formed ids — the only
   * ones the collector stores — give distinct triples.
   */
  visitorParts(expr: string): { deposit: string; high: string; low: string }
  /**
   * A text as a 64-bit unsigned integer: the first 64 bits of its MD5 (stable across engine
   * versions, unlike an engine's own hash). A stand-in for a text key that a store filters on
   * far faster than the text (DuckDB: the site filter on 245 000 rollup rows, 1.9 → 0.9 ms,
   * measured); two texts share it with a chance of 2⁻⁶⁴. (The bench's SQLite dialect, which
   * has no rollups, gives the same 64 bits as 16 hex digits.)
   */
  textKey(expr: string): string
  /**
   * `rows` (a parenthesised table expression, one row per `shape.partition` and `shape.order`)
   * with its `shape.columns`, and per entry of `shape.earlier` a column of that name: the largest
   * `order` among the earlier rows of the same partition — of all of them (`null`: the previous
   * row's), or of those where a condition on their columns held — NULL when there is none, and
   * on every row whose partition is '' (anonymous rows have no history). DuckDB writes a window
   * (window-earlier-rows.ts); ClickHouse, whose 18.16 has no window functions, sorts each
   * partition's rows into an array.
   */
  earlierRows(rows: string, shape: EarlierRows): string
  /** Exact count of distinct non-null values. */
  countDistinct(expr: string): string
  /**
   * In a SELECT list: one output row per element of the string array `expr` (DuckDB `unnest`,
   * ClickHouse `arrayJoin`).
   */
  arrayJoin(expr: string): string
  /**
   * A FROM-clause suffix that pairs each `events` row of table alias `row` with each of its
   * custom event's properties, and the expressions of the property's key and of its value as
   * text (propText: strings as sent; numbers and booleans as JSON writes them). DuckDB reads the
   * `props` JSON; ClickHouse, whose 18.16 has no JSON functions, the arrays the store writes
   * beside it (`prop_keys`, `prop_texts`).
   */
  propEntries(row: string, alias: string): { from: string; key: string; value: string }
}

/** What `earlierRows` adds to a table's rows (see SqlDialect.earlierRows). */
export interface EarlierRows {
  /** The column whose rows share a history: a visitor (text; '' has none). */
  readonly partition: string
  /** The column that orders a partition's rows, and whose earlier values are given. */
  readonly order: string
  /** The columns of the rows to keep, `partition` and `order` included. */
  readonly columns: readonly string[]
  /** Per column to add, the condition the earlier rows must meet (on their columns), or null. */
  readonly earlier: Readonly<Record<string, string | null>>
}
