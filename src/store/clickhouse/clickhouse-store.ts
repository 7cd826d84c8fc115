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
import { onCluster, storageTable, type ClickhouseLayout } from './clickhouse-layout.js'
import { MONTH_OF_TIME } from './clickhouse-schema.js'
import { monthStart } from '../../lib/calendar-date.js'

const DEFAULT_LIMIT = 1000

/** Where the ClickHouse store's tables are, and how it waits for the server. */
export interface ClickhouseStoreOptions {
  /** Longest wait, ms, for the server to apply an erasure or a purge (60 000 by default). */
  readonly mutationTimeoutMs?: number
  /** The cluster of the tables (clickhouse-layout.ts); absent, they are on the one server. */
  readonly cluster?: string
  /**
   * On a cluster, how many replicas of a shard hold an insert before it is answered (1 by
   * default: the replica written, the others copying it from there; docs/clickhouse.md).
   */
  readonly insertQuorum?: number
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
  const layout: ClickhouseLayout = {
    database: connection.database,
    ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
  }
  const insertQuorum = options.insertQuorum ?? 1
  // On a cluster an insert is answered once every shard it touches has stored its rows (and a
  // quorum of replicas, when asked), and a subquery of a read over the Distributed tables runs
  // once, its result sent to every shard (`global`), not once per shard.
  const clusterOnly = <T extends object>(settings: T): T | Record<string, never> =>
    layout.cluster === undefined ? {} : settings
  // Both go to the first replica of each shard that answers, from whichever node: a read
  // finds what an insert just stored, where another replica may not have copied it yet.
  const replicas = { load_balancing: 'in_order', prefer_localhost_replica: 0 }
  const insertSettings = clusterOnly({
    ...replicas,
    insert_distributed_sync: 1,
    // Only above 1: without it an insert is answered once one replica of each shard has it.
    ...(insertQuorum > 1 ? { insert_quorum: insertQuorum } : {}),
  })
  const readSettings = clusterOnly({ ...replicas, distributed_product_mode: 'global' })
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
    attempt(what, () => connection.select<T>(sql, { readonly, settings: readSettings }))
  const count = async (table: string, where: string): Promise<number> => {
    const [row] = await select<{ n: number }>(
      `counting ${table}`,
      `SELECT count() AS n FROM ${table} ${where}`,
    )
    return Number(row?.n ?? 0)
  }

  /** Runs an ALTER of a data table's storage, on every node of a cluster. */
  const alter = (table: string, statement: string, what: string): Promise<void> =>
    attempt(what, () =>
      connection.command(
        `ALTER TABLE ${storageTable(layout, table)}${onCluster(layout)} ${statement}`,
      ),
    )

  /**
   * Waits until the engine has applied every mutation of the table, on every replica of a
   * cluster. Past the timeout it fails with `late` (an erasure: ERASURE_PENDING, whose catalogue
   * entry tells the visitor's API client what to do), else STORE_UNREACHABLE; the engine goes on
   * with them either way.
   */
  const settle = async (
    table: string,
    what: string,
    late: 'STORE_UNREACHABLE' | 'ERASURE_PENDING' = 'STORE_UNREACHABLE',
  ): Promise<void> => {
    const mutations = await everyReplica('mutations')
    const stored = layout.cluster === undefined ? table : `${table}_local`
    const deadline = Date.now() + mutationTimeoutMs
    for (;;) {
      const [row] = await select<{ n: number }>(
        what,
        `SELECT count() AS n FROM ${mutations} WHERE database = ${clickhouseLiteral(layout.database)} AND table = ${clickhouseLiteral(stored)} AND is_done = 0`,
      )
      if (Number(row?.n ?? 0) === 0) return
      if (Date.now() > deadline)
        throw new AppError(
          late,
          `ClickHouse: ${what} is still being applied after ${mutationTimeoutMs} ms; it goes on in the background (system.mutations, table ${stored}).`,
        )
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  /** Runs a mutation and waits until it is applied (settle). */
  const mutate = async (table: string, statement: string, what: string): Promise<void> => {
    await alter(table, statement, what)
    await settle(table, what)
  }

  /**
   * A system table of every node where the store's tables are: this server's, or on a cluster
   * each node's through `remote()` (as the connection's server reaches them, without
   * credentials: docs/clickhouse.md).
   */
  const everyReplica = async (name: string): Promise<string> => {
    if (layout.cluster === undefined) return `system.${name}`
    const nodes = await select<{ host: string; port: number }>(
      "finding the cluster's nodes",
      `SELECT host_address AS host, port FROM system.clusters WHERE cluster = ${clickhouseLiteral(layout.cluster)}`,
    )
    const addresses = nodes.map((n) => `${n.host.includes(':') ? `[${n.host}]` : n.host}:${n.port}`)
    return `remote(${clickhouseLiteral(addresses.join(','))}, system, ${name})`
  }

  await checkSetup(connection, layout, insertQuorum)
  // Before the migration, which would add the other layout's tables to the database.
  await checkTables(connection, layout)
  await attempt('migrating the schema', () =>
    applyClickhouseMigrations(connection, undefined, { layout }),
  )

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
        await attempt('writing events', () => connection.insert('events', events, insertSettings))
      if (receipts.length === 0) return
      try {
        await attempt('writing receipts', () =>
          connection.insert('receipts', receipts, insertSettings),
        )
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
      if (removed.events > 0) await alter('events', `DELETE ${where}`, 'erasing a visitor')
      // Receipts are the proof of each decision: they stay, but no longer point at anyone.
      if (removed.receipts > 0)
        await alter('receipts', `UPDATE visitor = NULL ${where}`, "unlinking a visitor's receipts")
      // Waited for even when nothing was found: the counts read one replica of each shard, and
      // an erasure sent again after ERASURE_PENDING answers once every replica has applied it.
      await settle('events', 'erasing a visitor', 'ERASURE_PENDING')
      await settle('receipts', "unlinking a visitor's receipts", 'ERASURE_PENDING')
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
        // Whole months before the cutoff's month go at once (on every shard of a cluster,
        // whose months are read through the Distributed table); the rest by a delete mutation.
        const months = await select<{ month: number }>(
          'retention',
          `SELECT DISTINCT ${MONTH_OF_TIME} AS month FROM ${table} WHERE time < ${clickhouseLiteral(monthStart(cutoff))}`,
        )
        for (const { month } of months)
          await alter(table, `DROP PARTITION ${Number(month)}`, 'retention')
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

/**
 * Refuses, before anything is created, settings the server cannot keep (a cluster it does not
 * know is refused by the connection, which creates the database on it): nodes without the
 * `{shard}` and `{replica}` macros, a quorum larger than a shard's replicas or without a
 * cluster, and a quorum on a server before 20.3, which never applies a mutation to the last part
 * a quorum wrote in a partition (ClickHouse issue #7133, mended by PR #9463; tried on 18.16):
 * erasures and retention would wait forever.
 */
async function checkSetup(
  connection: ClickhouseConnection,
  layout: ClickhouseLayout,
  insertQuorum: number,
): Promise<void> {
  const refuse = (why: string) =>
    new AppError('STORE_MISCONFIGURED', `ClickHouse (database ${layout.database}): ${why}`)
  if (!Number.isSafeInteger(insertQuorum) || insertQuorum < 1)
    throw refuse(`insertQuorum is ${insertQuorum}; it is a whole number of replicas, 1 or more.`)
  if (layout.cluster === undefined) {
    if (insertQuorum > 1)
      throw refuse(
        `insertQuorum is ${insertQuorum} without a cluster: a quorum counts the replicas of a shard; set store.clickhouse.cluster, or remove insertQuorum.`,
      )
    return
  }
  const read = async <T>(sql: string): Promise<T[]> => {
    try {
      return await connection.select<T>(sql)
    } catch (e) {
      throw clickhouseFailed('reading the cluster', e)
    }
  }
  const shards = await read<{ shard: number; replicas: number }>(
    `SELECT shard_num AS shard, count() AS replicas FROM system.clusters WHERE cluster = ${clickhouseLiteral(layout.cluster)} GROUP BY shard_num`,
  )
  const macros = new Set(
    (await read<{ macro: string }>('SELECT macro FROM system.macros')).map((m) => m.macro),
  )
  const missing = ['shard', 'replica'].filter((m) => !macros.has(m))
  if (missing.length > 0)
    throw refuse(
      `the server has no ${missing.map((m) => `{${m}}`).join(' and ')} macro, which names its replica of the tables on a cluster; add <macros> to its configuration (docs/clickhouse.md).`,
    )
  const fewest = Math.min(...shards.map((s) => Number(s.replicas)))
  if (insertQuorum > fewest)
    throw refuse(
      `insertQuorum is ${insertQuorum}, more than the ${fewest} replica${fewest === 1 ? '' : 's'} of a shard of "${layout.cluster}": no insert could be answered.`,
    )
  if (insertQuorum > 1 && !versionAtLeast(connection.version, 20, 3))
    throw refuse(
      `ClickHouse ${connection.version} never applies a deletion to the last part an insert with a quorum wrote in a month (ClickHouse issue #7133, mended in 20.3), so erasures and retention would never end: set insertQuorum to 1, or run ClickHouse 20.3 or later.`,
    )
}

/** Refuses a database whose tables were made for the other layout (one server, a cluster); a new one is fine. */
async function checkTables(
  connection: ClickhouseConnection,
  layout: ClickhouseLayout,
): Promise<void> {
  const [events] = await connection
    .select<{ engine: string }>(
      `SELECT engine FROM system.tables WHERE database = ${clickhouseLiteral(layout.database)} AND name = 'events'`,
    )
    .catch((e: unknown) => {
      throw clickhouseFailed('reading the tables', e)
    })
  const distributed = events?.engine === 'Distributed'
  if (events === undefined || distributed === (layout.cluster !== undefined)) return
  throw new AppError(
    'STORE_MISCONFIGURED',
    distributed
      ? `ClickHouse: the database ${layout.database} holds a cluster's tables (Distributed); name its cluster in store.clickhouse.cluster.`
      : `ClickHouse: the database ${layout.database} holds one server's tables (${events.engine}), not a cluster's; use a new database for the cluster, and copy the data into it (docs/clickhouse.md).`,
  )
}

/** Whether a ClickHouse version (`18.16.1`, `26.7.2.1`) is `major.minor` or later. */
export function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map((part) => Number.parseInt(part, 10))
  return a > major || (a === major && b >= minor)
}
