/**
 * The ClickHouse schema of `events` and `receipts`, the same columns as DuckDB's
 * (duckdb/migrations.ts), and the custom events' properties twice: as JSON (`props`, what reads
 * give back) and as two arrays, keys and texts (propText), which the statistics read (18.16 has
 * no JSON functions). A time is an Int64 of epoch milliseconds, not a DateTime: ClickHouse
 * 18.16 has no DateTime64, and its DateTime holds seconds. Tables are MergeTree, partitioned by
 * the UTC month of `time` (retention drops whole months) and ordered for the reads: events by
 * site and time, as the dashboard filters them; receipts by id, as `getReceipt` looks one up.
 * Every statement may run again (IF NOT EXISTS): two processes starting at once create each
 * table once.
 */
const MONTH = "toYYYYMM(toDateTime(intDiv(time, 1000), 'UTC'))"

export const CLICKHOUSE_SCHEMA: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS events (
      id String,
      time Int64,
      site String,
      type String,
      name String,
      path String,
      query String,
      referrer String,
      visitor Nullable(String),
      country String,
      device String,
      browser String,
      os String,
      props String,
      prop_keys Array(String),
      prop_texts Array(String)
    ) ENGINE = MergeTree() PARTITION BY ${MONTH} ORDER BY (site, time, id)`,
  `CREATE TABLE IF NOT EXISTS receipts (
      id String,
      time Int64,
      site String,
      policy_version String,
      granted Array(String),
      refused Array(String),
      deposit Int64,
      expires Int64,
      visitor Nullable(String),
      gpc UInt8
    ) ENGINE = MergeTree() PARTITION BY ${MONTH} ORDER BY id`,
]

/** The month partition (YYYYMM, UTC) an epoch-milliseconds time falls in. */
export function monthPartition(time: number): number {
  const date = new Date(time)
  return date.getUTCFullYear() * 100 + date.getUTCMonth() + 1
}

/** A database name as a ClickHouse identifier; only letters, digits and `_` are accepted. */
export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new RangeError(
      `"${name}" is not a database name Témoin accepts: use letters, digits and _ only, starting with a letter`,
    )
  return `\`${name}\``
}
