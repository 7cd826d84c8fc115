import {
  onCluster,
  storageEngine,
  storageTable,
  type ClickhouseLayout,
} from './clickhouse-layout.js'
import { quoteIdentifier } from './clickhouse-literal.js'

/**
 * The ClickHouse schema of `events` and `receipts`, the same columns as DuckDB's
 * (duckdb/migrations.ts), and the custom events' properties twice: as JSON (`props`, what reads
 * give back) and as two arrays, keys and texts (propText), which the statistics read (18.16 has
 * no JSON functions). A time is an Int64 of epoch milliseconds, not a DateTime: ClickHouse
 * 18.16 has no DateTime64, and its DateTime holds seconds. Tables are MergeTree, partitioned by
 * the UTC month of `time` (retention drops whole months) and ordered for the reads: events by
 * site and time, as the dashboard filters them; receipts by id, as `getReceipt` looks one up.
 * On a cluster (clickhouse-layout.ts) each is a replicated table on every node and a Distributed
 * table over them, which sends all the rows of one visitor to one shard (the rows without a
 * visitor by their id), so that an erasure and a visitor's aggregates stay on one shard. Every
 * statement may run again (IF NOT EXISTS): two processes starting at once create each table once.
 *
 * @example clickhouseSchema({ database: 'temoin' }) // two CREATE TABLE statements; four on a cluster
 */
export function clickhouseSchema(layout: ClickhouseLayout): string[] {
  return Object.entries(TABLES).flatMap(([name, { columns, order }]) => {
    const storage = storageTable(layout, name)
    const created = `CREATE TABLE IF NOT EXISTS ${storage}${onCluster(layout)} (${columns}) ENGINE = ${storageEngine(layout, name)} PARTITION BY ${MONTH_OF_TIME} ORDER BY ${order}`
    if (layout.cluster === undefined) return [created]
    const db = quoteIdentifier(layout.database)
    const cluster = quoteIdentifier(layout.cluster)
    return [
      created,
      `CREATE TABLE IF NOT EXISTS ${db}.${name}${onCluster(layout)} AS ${storage} ENGINE = Distributed(${cluster}, ${db}, ${name}_local, cityHash64(ifNull(visitor, id)))`,
    ]
  })
}

/** The partition of a row: the UTC month of its time, YYYYMM. */
export const MONTH_OF_TIME = "toYYYYMM(toDateTime(intDiv(time, 1000), 'UTC'))"

const TABLES: Readonly<Record<string, { columns: string; order: string }>> = {
  events: {
    columns: `id String, time Int64, site String, type String, name String, path String, query String, referrer String, visitor Nullable(String), country String, device String, browser String, os String, props String, prop_keys Array(String), prop_texts Array(String)`,
    order: '(site, time, id)',
  },
  receipts: {
    columns: `id String, time Int64, site String, policy_version String, granted Array(String), refused Array(String), deposit Int64, expires Int64, visitor Nullable(String), gpc UInt8`,
    order: 'id',
  },
}
