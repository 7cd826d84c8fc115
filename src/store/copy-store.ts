import { AppError } from '../lib/app-error.js'
import { addMonths } from '../protocol/months.js'
import type { SqlValue } from './sql-dialect.js'
import type { Store } from './store.js'

/** The tables a copy moves, in this order. */
export const COPIED_TABLES = ['events', 'receipts'] as const
export type CopiedTable = (typeof COPIED_TABLES)[number]

/** One calendar month (UTC) of one table: its rows in the source and, checked, in the target. */
export interface MonthCopy {
  readonly table: CopiedTable
  /** `YYYY-MM`. */
  readonly month: string
  /** Rows of the month in the source. */
  readonly rows: number
  /** Rows that were already in the target when this run began (a run resumed). */
  readonly skipped: number
}

/** What a copy did. */
export interface CopyReport {
  readonly months: readonly MonthCopy[]
  /** Rows written by this run. */
  readonly copied: number
}

export interface CopyOptions {
  /** Rows per write (one insert each): 10 000 by default. */
  readonly batchSize?: number
  /** After each write: rows done (copied or found already there) of the total. */
  readonly onProgress?: (done: number, total: number) => void
  /** Stops between two writes; what is written stays, and a new run goes on from there. */
  readonly signal?: AbortSignal
}

/** A digest of ids that both stores compute the same way, and that stays below 2^53. */
const ID_MODULUS = 1_000_003

/**
 * Copies every event and receipt of `source` into `target`, month by month, in the stores' one
 * order (time, then id), `batchSize` rows per write. It can be stopped at any moment and run
 * again without duplicating anything: each write holds rows of one month only, which the target
 * stores whole or not at all (ClickHouse: one insert is one part of one partition), so a
 * month's rows in the target are always the first N of the source's order, and a new run starts
 * each month after its first N. At the end, each month's count and digest of ids must be equal
 * in both stores, or the copy fails with MIGRATE_MISMATCH naming the months.
 *
 * The source must not change meanwhile (`temoin migrate` holds the data folder's lock), and the
 * target must hold no other rows: a month with more rows in the target than in the source (or
 * none there) is refused before anything is written.
 *
 * @example const report = await copyStore(duckdb, clickhouse, { onProgress: (done, total) => bar.update(done) })
 */
export async function copyStore(
  source: Store,
  target: Store,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const batchSize = options.batchSize ?? 10_000
  const plan: { table: CopiedTable; month: string; from: number; to: number; rows: number }[] = []
  for (const table of COPIED_TABLES)
    for (const [from, rows] of await monthsOf(source, table))
      plan.push({ table, month: monthName(from), from, to: addMonths(from, 1), rows })
  const total = plan.reduce((sum, m) => sum + m.rows, 0)
  // What the target holds already, per table and month: one grouped count per table.
  const held = new Map<string, number>()
  const ahead: string[] = []
  for (const table of COPIED_TABLES)
    for (const [from, rows] of await monthsOf(target, table)) {
      held.set(`${table} ${from}`, rows)
      const planned = plan.find((m) => m.table === table && m.from === from)
      if (rows > (planned?.rows ?? 0)) ahead.push(`${table} ${monthName(from)}`)
    }
  if (ahead.length > 0)
    throw new AppError(
      'MIGRATE_MISMATCH',
      `the target holds more rows than the source in ${ahead.join(', ')}: it holds rows this copy did not write. Copy into a new database, or empty these months there first.`,
    )
  const already = plan.map((m) => held.get(`${m.table} ${m.from}`) ?? 0)

  let done = already.reduce((sum, n) => sum + n, 0)
  let copied = 0
  options.onProgress?.(done, total)
  const months: MonthCopy[] = []
  for (const [i, m] of plan.entries()) {
    const skipped = already[i] ?? 0
    months.push({ table: m.table, month: m.month, rows: m.rows, skipped })
    for (let offset = skipped; offset < m.rows; offset += batchSize) {
      if (options.signal?.aborted)
        throw new AppError(
          'MIGRATE_STOPPED',
          `stopped after ${done} of ${total} rows; run the same command again to go on.`,
        )
      const page = { from: m.from, to: m.to, limit: batchSize, offset }
      const written =
        m.table === 'events'
          ? await write(target, { events: await source.listEvents(page), receipts: [] })
          : await write(target, { events: [], receipts: await source.listReceipts(page) })
      copied += written
      done += written
      options.onProgress?.(done, total)
    }
  }

  const differ: string[] = []
  for (const m of plan) {
    const [a, b] = await Promise.all([
      digest(source, m.table, m.from, m.to),
      digest(target, m.table, m.from, m.to),
    ])
    if (a.rows !== b.rows || a.ids !== b.ids)
      differ.push(`${m.table} ${m.month} (${a.rows} rows in the source, ${b.rows} in the target)`)
  }
  if (differ.length > 0)
    throw new AppError(
      'MIGRATE_MISMATCH',
      `after the copy, the stores differ in ${differ.join(', ')}: something else wrote to one of them meanwhile. Nothing was deleted; copy into a new database.`,
    )
  return { months, copied }
}

async function write(target: Store, batch: Parameters<Store['write']>[0]): Promise<number> {
  await target.write(batch)
  return batch.events.length + batch.receipts.length
}

/** `YYYY-MM` of a month's first millisecond (UTC). */
function monthName(from: number): string {
  return new Date(from).toISOString().slice(0, 7)
}

/** The months (their first millisecond, UTC) that hold rows of `table`, with their counts. */
async function monthsOf(store: Store, table: CopiedTable): Promise<[number, number][]> {
  const d = store.dialect
  const rows = await store.query(
    `SELECT ${d.toEpochMs(d.truncate('month', 'time'))} AS m, count(*) AS n FROM ${table} GROUP BY m ORDER BY m`,
  )
  return rows.map((row) => [Number(row.m), Number(row.n)])
}

/** A month's rows of `table`: how many, and a digest of their ids that both stores agree on. */
async function digest(
  store: Store,
  table: CopiedTable,
  from: number,
  to: number,
): Promise<{ rows: number; ids: number }> {
  const d = store.dialect
  const values: SqlValue[] = [from, to]
  const [row] = await store.query(
    `SELECT count(*) AS n, sum(${d.textKey('id')} % ${ID_MODULUS}) AS ids FROM ${table} WHERE time >= ${d.fromEpochMs(d.param(1, from))} AND time < ${d.fromEpochMs(d.param(2, to))}`,
    values,
  )
  return { rows: Number(row?.n ?? 0), ids: Number(row?.ids ?? 0) }
}
