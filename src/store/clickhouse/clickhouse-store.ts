import { AppError } from '../../lib/app-error.js'
import type { GroupCount, GroupQuery, GroupValue } from '../group-counts.js'
import { pageCount } from '../page-count.js'
import { propText } from '../prop-text.js'
import type { SqlRow, SqlValue } from '../sql-dialect.js'
import type {
  ConsentReceipt,
  EventFilter,
  Removed,
  Store,
  StoredEvent,
  WriteBatch,
} from '../store.js'
import {
  clickhouseFailed,
  isCurrentClickhouse,
  type ClickhouseConnection,
} from './clickhouse-connection.js'
import { clickhouseCountGroups } from './clickhouse-count-groups.js'
import { clickhouseDialect } from './clickhouse-dialect.js'
import { clickhouseLiteral } from './clickhouse-literal.js'
import { applyClickhouseMigrations } from './clickhouse-migrations.js'
import { monthPartition } from './clickhouse-schema.js'

const DEFAULT_LIMIT = 1000

/** How the ClickHouse store waits for the server. */
export interface ClickhouseStoreOptions {
  /** Longest wait, ms, for the server to apply an erasure or a purge (60 000 by default). */
  readonly mutationTimeoutMs?: number
}

/**
 * The store on ClickHouse, through a connection to its engine (a server over HTTP:
 * `connectClickhouseHttp`). Opening migrates the schema (clickhouse-migrations.ts): it creates
 * the tables on a new database, one process at a time. The same Store as
 * DuckDB's, with these differences in form (ARCHITECTURE.md):
 * - a write is two inserts, events then receipts, each one part per month it touches; the
 *   engine answers an insert once its parts are written. A batch is checked whole before
 *   either insert, and if the receipts' insert fails the batch's events are deleted again, so
 *   that a batch refused is a batch not stored;
 * - an erasure and a purge are mutations (`ALTER TABLE … DELETE`, `UPDATE`), which the engine
 *   applies in the background: the store waits until they are done before it answers, and a
 *   purge drops whole months first (`DROP PARTITION`);
 * - `query` runs read-only (`readonly = 2`): the engine itself refuses anything but a read.
 * The store owns the connection: `close` closes it.
 *
 * @example
 * const store = await createClickhouseStore(await connectClickhouseHttp({ url, database: 'temoin' }))
 */
export async function createClickhouseStore(
  connection: ClickhouseConnection,
  options: ClickhouseStoreOptions = {},
): Promise<Store> {
  const mutationTimeoutMs = options.mutationTimeoutMs ?? 60_000
  let closed = false

  const ensureOpen = (): void => {
    if (closed) throw new AppError('INTERNAL', 'the ClickHouse store is closed')
  }
  /** Runs `body`, a failure of the engine told as STORE_UNREACHABLE with `what`. */
  const attempt = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    ensureOpen()
    try {
      return await body()
    } catch (e) {
      throw clickhouseFailed(what, e)
    }
  }
  const select = <T>(what: string, sql: string, readonly = false): Promise<T[]> =>
    attempt(what, () => connection.select<T>(sql, { readonly }))
  const count = async (table: string, where: string): Promise<number> => {
    const [row] = await select<{ n: number }>(
      `counting ${table}`,
      `SELECT count() AS n FROM ${table} ${where}`,
    )
    return Number(row?.n ?? 0)
  }

  /**
   * Runs a mutation and waits until the engine has applied every mutation of the table. Past
   * the timeout it fails with `late` (an erasure: ERASURE_PENDING, whose catalogue entry tells
   * the visitor's API client what to do), else STORE_UNREACHABLE; the engine goes on with it
   * either way.
   */
  const mutate = async (
    table: string,
    statement: string,
    what: string,
    late: 'STORE_UNREACHABLE' | 'ERASURE_PENDING' = 'STORE_UNREACHABLE',
  ): Promise<void> => {
    await attempt(what, () => connection.command(`ALTER TABLE ${table} ${statement}`))
    const deadline = Date.now() + mutationTimeoutMs
    for (;;) {
      const [row] = await select<{ n: number }>(
        what,
        `SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table = ${clickhouseLiteral(table)} AND is_done = 0`,
      )
      if (Number(row?.n ?? 0) === 0) return
      if (Date.now() > deadline)
        throw new AppError(
          late,
          `ClickHouse: ${what} is still being applied after ${mutationTimeoutMs} ms; it goes on in the background (system.mutations, table ${table}).`,
        )
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  await attempt('migrating the schema', () => applyClickhouseMigrations(connection))

  return {
    kind: 'clickhouse',

    async write(batch: WriteBatch): Promise<void> {
      ensureOpen()
      if (batch.events.length === 0 && batch.receipts.length === 0) return
      // Checked whole before anything is sent: a batch the server would refuse half-way is
      // refused here, whole.
      const events = batch.events.map(toEventRow)
      const receipts = batch.receipts.map(toReceiptRow)
      if (events.length > 0)
        await attempt('writing events', () => connection.insert('events', events))
      if (receipts.length === 0) return
      try {
        await attempt('writing receipts', () => connection.insert('receipts', receipts))
      } catch (e) {
        if (events.length > 0)
          await mutate(
            'events',
            `DELETE WHERE id IN (${events.map((r) => clickhouseLiteral(r.id)).join(', ')})`,
            'taking back the events of a batch whose receipts failed',
          )
        throw e
      }
    },

    async listEvents(filter) {
      const rows = await select<EventRow>(
        'listing events',
        `SELECT ${EVENT_COLUMNS} FROM events ${whereClause(filter)} ORDER BY time, id LIMIT ${pageCount(filter.offset ?? 0, 'offset')}, ${pageCount(filter.limit ?? DEFAULT_LIMIT, 'limit')}`,
      )
      return rows.map(fromEventRow)
    },

    countEvents: (filter) => count('events', whereClause(filter)),

    async countGroups<Q extends GroupQuery>(query: Q) {
      if (!isCurrentClickhouse(connection.version))
        throw new AppError(
          'INTERNAL',
          `ClickHouse ${connection.version} cannot count groups for a release (no window functions before 21.x); publish from a current ClickHouse, or from DuckDB`,
        )
      // A key holds null only where the query merges values (GroupValue<Q>).
      return (await clickhouseCountGroups(
        (sql) => select<Readonly<Record<string, string | number | null>>>('counting groups', sql),
        query,
      )) as GroupCount<GroupValue<Q>>[]
    },

    async listReceipts(filter) {
      const rows = await select<ReceiptRow>(
        'listing receipts',
        `SELECT ${RECEIPT_COLUMNS} FROM receipts ${whereClause(filter)} ORDER BY time, id LIMIT ${pageCount(filter.offset ?? 0, 'offset')}, ${pageCount(filter.limit ?? DEFAULT_LIMIT, 'limit')}`,
      )
      return rows.map(fromReceiptRow)
    },

    async getReceipt(id) {
      const [row] = await select<ReceiptRow>(
        'reading a receipt',
        `SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id = ${clickhouseLiteral(id)}`,
      )
      return row === undefined ? null : fromReceiptRow(row)
    },

    // This store never sets an event aside: it reads back whatever it stored.
    listSetAside: () => Promise.resolve([]),

    async eraseVisitor(visitor): Promise<Removed> {
      // Not `visitor = …`: 18.16's DELETE also removes the rows where its condition is NULL,
      // the anonymous ones here (tried); a visitor id is never ''.
      const where = `WHERE ifNull(visitor, '') = ${clickhouseLiteral(visitor)}`
      const removed = {
        events: await count('events', where),
        receipts: await count('receipts', where),
      }
      if (removed.events > 0)
        await mutate('events', `DELETE ${where}`, 'erasing a visitor', 'ERASURE_PENDING')
      // Receipts are the proof of each decision: they stay, but no longer point at anyone.
      if (removed.receipts > 0)
        await mutate(
          'receipts',
          `UPDATE visitor = NULL ${where}`,
          "unlinking a visitor's receipts",
          'ERASURE_PENDING',
        )
      return removed
    },

    async purge(before): Promise<Removed> {
      const removed: { events: number; receipts: number } = { events: 0, receipts: 0 }
      for (const [table, cutoff] of [
        ['events', before.events],
        ['receipts', before.receipts],
      ] as const) {
        const where = `WHERE time < ${clickhouseLiteral(cutoff)}`
        removed[table] = await count(table, where)
        if (removed[table] === 0) continue
        // Whole months before the cutoff's month go at once; the rest by a delete mutation.
        const months = await select<{ partition: string }>(
          'retention',
          `SELECT DISTINCT partition FROM system.parts WHERE database = currentDatabase() AND table = ${clickhouseLiteral(table)} AND active AND toUInt32(partition) < ${monthPartition(cutoff)}`,
        )
        for (const { partition } of months)
          await attempt('retention', () =>
            connection.command(`ALTER TABLE ${table} DROP PARTITION ${partition}`),
          )
        if ((await count(table, where)) > 0) await mutate(table, `DELETE ${where}`, 'retention')
      }
      return removed
    },

    optimize: () => Promise.resolve(),

    dialect: clickhouseDialect,
    rollups: [],

    async query(sql: string, values: readonly SqlValue[] = []): Promise<SqlRow[]> {
      void values // bound by the dialect as literals (clickhouse-dialect.ts)
      if (!/^\s*(SELECT|WITH)\b/i.test(sql))
        throw new AppError(
          'INTERNAL',
          `store.query runs only SELECT statements: ${sql.slice(0, 80)}`,
        )
      return select<SqlRow>('a statistics query', sql, true)
    },

    ping: () => attempt('ping', () => connection.ping()),

    async close(): Promise<void> {
      if (closed) return
      closed = true
      await connection.close()
    },
  }
}

const EVENT_COLUMNS =
  'id, time, site, type, name, path, query, referrer, visitor, country, device, browser, os, props'
const RECEIPT_COLUMNS =
  'id, time, site, policy_version, granted, refused, deposit, expires, visitor, gpc'

/** An event as its row: props as JSON text, and as keys and texts for the statistics. */
type EventRow = Omit<StoredEvent, 'props'> & {
  readonly props: string
  readonly prop_keys?: readonly string[]
  readonly prop_texts?: readonly string[]
}

interface ReceiptRow {
  readonly id: string
  readonly time: number
  readonly site: string
  readonly policy_version: string
  readonly granted: readonly string[]
  readonly refused: readonly string[]
  readonly deposit: number
  readonly expires: number
  readonly visitor: string | null
  readonly gpc: number
}

function toEventRow(e: StoredEvent): EventRow {
  return {
    ...e,
    time: epochMs(e.time, 'event time'),
    props: JSON.stringify(e.props),
    prop_keys: Object.keys(e.props),
    prop_texts: Object.values(e.props).map(propText),
  }
}

function fromEventRow(row: EventRow): StoredEvent {
  return { ...row, props: JSON.parse(row.props) as StoredEvent['props'] }
}

function toReceiptRow(r: ConsentReceipt): ReceiptRow {
  return {
    id: r.id,
    time: epochMs(r.time, 'receipt time'),
    site: r.site,
    policy_version: r.policyVersion,
    granted: r.granted,
    refused: r.refused,
    deposit: epochMs(r.deposit, 'receipt deposit'),
    expires: epochMs(r.expires, 'receipt expiry'),
    visitor: r.visitor,
    gpc: r.gpc ? 1 : 0,
  }
}

function fromReceiptRow(row: ReceiptRow): ConsentReceipt {
  return {
    id: row.id,
    time: row.time,
    site: row.site,
    policyVersion: row.policy_version,
    granted: row.granted,
    refused: row.refused,
    deposit: row.deposit,
    expires: row.expires,
    visitor: row.visitor,
    gpc: row.gpc === 1,
  }
}

/** An epoch-milliseconds time, checked: a whole number a row can hold. */
function epochMs(value: number, what: string): number {
  if (!Number.isSafeInteger(value))
    throw new AppError('INTERNAL', `${what} ${value} is not a time in whole milliseconds`)
  return value
}

/** The filter as a WHERE clause of escaped literals (`from` inclusive, `to` exclusive). */
function whereClause(filter: EventFilter): string {
  const conditions: string[] = []
  if (filter.site !== undefined) conditions.push(`site = ${clickhouseLiteral(filter.site)}`)
  if (filter.from !== undefined) conditions.push(`time >= ${clickhouseLiteral(filter.from)}`)
  if (filter.to !== undefined) conditions.push(`time < ${clickhouseLiteral(filter.to)}`)
  if (filter.visitor !== undefined)
    conditions.push(`visitor = ${clickhouseLiteral(filter.visitor)}`)
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`
}
