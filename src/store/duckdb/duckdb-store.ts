import { StatementType } from '@duckdb/node-api'
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api'
import { errorMessage } from '../../lib/error-message.js'
import { AppError } from '../../lib/app-error.js'
import { systemClock } from '../../lib/clock.js'
import type { Clock } from '../../lib/clock.js'
import type { RollupFactory } from '../rollup.js'
import type { GroupCount, GroupQuery, GroupValue } from '../group-counts.js'
import type { SqlRow, SqlValue } from '../sql-dialect.js'
import type { ConsentReceipt, Removed, Store, WriteBatch } from '../store.js'
import { applyMigrations } from './apply-migrations.js'
import { duckdbDialect } from './duckdb-dialect.js'
import { openDuckdbRollups, RECEIPT_STAGING_TABLE, STAGING_TABLE } from './duckdb-rollups.js'
import type { DuckdbRollups } from './duckdb-rollups.js'
import { countGroups } from './count-groups.js'
import { appendEventRow, EVENT_COLUMNS, toSetAsideEvent, toStoredEvent } from './event-row.js'
import { openDuckdbInstance } from './open-duckdb-instance.js'
import { appendReceiptRow, RECEIPT_COLUMNS, toConsentReceipt } from './receipt-row.js'
import { pageCount } from '../page-count.js'
import { createConnectionPool } from './connection-pool.js'
import { createSerialQueue } from './serial-queue.js'
import { SET_ASIDE_TABLE, setAsideUnreadableEvents, type SetAside } from './set-aside-events.js'
import { readNumber, toSqlRow, toTimestamp } from './sql-values.js'
import { toWhereClause } from './where-clause.js'

const DEFAULT_LIMIT = 1000

/** Options of the embedded store. */
export interface DuckdbStoreOptions {
  /** Database file (created if needed), or ':memory:' for a throw-away store. */
  readonly path: string
  /** Stamps `schema_migrations.applied_at`; the machine's clock by default. */
  readonly clock?: Clock
  /**
   * The pre-aggregates to keep (stats/ defines them: `statsRollups`). Rollups in the file that
   * are not listed are dropped, and new or changed ones are rebuilt at open.
   */
  readonly rollups?: RollupFactory
  /** A rollup is compacted once this many rows (or its size, if larger) were added. */
  readonly compactMinRows?: number
  /**
   * Longest time, ms, between a write and the fold of its events into the rollups (1000 by
   * default). A query that reads a rollup folds first, so it never sees this lag.
   */
  readonly foldAfterMs?: number
  /** Folds as soon as this many written events wait (20 000 by default). */
  readonly foldAtEvents?: number
  /**
   * Connections answering reads (3 by default): the dashboard page asks its 17 calls at once,
   * and a small statement spends most of its time in DuckDB's fixed costs, which overlap on
   * several connections. Measured on the whole dashboard at 10 M events: median 111–123 ms on
   * one, 99–111 on two, 96–108 on three.
   */
  readonly readConnections?: number
  /**
   * Told of the events set aside because the store cannot read them back (their ids and why,
   * never their content; `set-aside-events.ts`): at open, and by a fold that met one. The CLI
   * logs it. A set-aside event leaves every read; retention and erasure still remove it.
   */
  readonly onSetAside?: (setAside: SetAside) => void
}

/**
 * The embedded store: one DuckDB file, owned by one process. Opening applies the missing
 * migrations; it fails with STORE_LOCKED when another process holds the file, and STORE_TOO_NEW
 * when a newer Témoin migrated it.
 *
 * Writes go through one connection, one transaction at a time (DuckDB's appender inside an
 * explicit BEGIN … COMMIT: the fastest path, and a failure rolls the whole batch back). COMMIT
 * returns once the transaction is in the write-ahead log and synced, DuckDB's default, so a
 * resolved `write` survives a SIGKILL. Reads use connections of their own (`readConnections`),
 * so that a dashboard query does not wait behind a 50k-event batch; they see committed data
 * only. A read waits for the first read connection that frees up (`connection-pool.ts`).
 *
 * Rollups are not kept in the write transaction: a write appends its events to `events` and to
 * `rollup_pending` (both durable when it resolves), and the write connection folds the pending
 * events into the rollups in a transaction of its own — `foldAfterMs` after the first unfolded
 * write, at once when `foldAtEvents` wait, before an erasure or a purge (in their transaction),
 * and at close; pending rows left by a crash are folded at the next open. `query` folds what
 * is pending before a statement that reads a rollup table, so its answers are exact at every
 * moment; only the rollup tables in the file lag, by at most `foldAfterMs`.
 *
 * @example
 * const store = await createDuckdbStore({ path: 'data/temoin.duckdb' })
 * await store.write({ events: [event], receipts: [] })
 * await store.close()
 */
export async function createDuckdbStore(options: DuckdbStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock
  const readConnections = positive(options.readConnections ?? 3, 'readConnections')
  const { instance, file, release } = await openDuckdbInstance(options.path)
  const connections: DuckDBConnection[] = []
  let writer: DuckDBConnection
  const readers: DuckDBConnection[] = []
  let rollups: DuckdbRollups
  let repaired: SetAside | undefined
  try {
    writer = await instance.connect()
    connections.push(writer)
    await applyMigrations(writer, { file, now: clock.now() })
    // Before the rollups fold what is pending or rebuild from the events: a row they cannot read
    // (left by an older collector, or restored from a backup) must not keep the store from
    // opening. At every open, not once at the upgrade: whatever put the row there, one scan
    // (~130 ms at 10 M events) is cheaper than a server that cannot start.
    await writer.run('BEGIN TRANSACTION')
    try {
      repaired = await setAsideUnreadableEvents(writer, 'events', clock.now())
      await writer.run('COMMIT')
    } catch (cause) {
      // Stryker disable next-line StringLiteral: the open fails right after, and its catch closes this connection and the instance, which discards the uncommitted transaction: the file is left as it was with or without ROLLBACK (checked by hand: duckdb-store-failures.test.ts, 'a failed check of the events at open')
      await writer.run('ROLLBACK').catch(() => undefined)
      throw new AppError(
        'STORE_FAILED',
        `${file}: checking the events failed: ${errorMessage(cause)}`,
        {
          cause,
          where: file,
        },
      )
    }
    rollups = await openDuckdbRollups(writer, options.rollups?.(duckdbDialect) ?? [], {
      now: clock.now(),
      compactMinRows: options.compactMinRows ?? 50_000,
    }).catch((cause: unknown) => {
      throw new AppError(
        'STORE_FAILED',
        `${file}: building the rollups failed: ${errorMessage(cause)}`,
        {
          cause,
          where: file,
        },
      )
    })
    while (readers.length < readConnections) {
      const reader = await instance.connect()
      connections.push(reader)
      readers.push(reader)
    }
  } catch (e) {
    for (const c of connections) c.closeSync()
    instance.closeSync()
    release()
    throw e
  }

  const report = (setAside: SetAside | undefined): void => {
    if (setAside !== undefined && setAside.ids.length > 0) options.onSetAside?.(setAside)
  }
  report(repaired)
  /** Folds the pending events, after setting aside those the rollups cannot read. */
  const foldPending = async (): Promise<SetAside> => {
    const setAside = await setAsideUnreadableEvents(writer, 'pending', clock.now())
    await rollups.fold()
    return setAside
  }

  const writes = createSerialQueue()
  const reads = createConnectionPool(readers)
  let closing: Promise<void> | undefined
  const foldAfterMs = positive(options.foldAfterMs ?? 1000, 'foldAfterMs')
  const foldAtEvents = positive(options.foldAtEvents ?? 20_000, 'foldAtEvents')
  /** Events committed to `rollup_pending` since the last fold that committed. */
  let unfolded = 0
  let foldTimer: ReturnType<typeof setTimeout> | undefined
  const readsRollup =
    // Stryker disable next-line ConditionalExpression,EqualityOperator: with no rollup at all no write leaves events to fold (`unfolded` stays 0), so `query` never tests this pattern: whatever it is makes no difference
    rollups.names.length > 0
      ? new RegExp(`\\brollup_(?:${rollups.names.join('|')})\\b`, 'i')
      : undefined

  const ensureOpen = (): void => {
    if (closing) throw new AppError('SHUTTING_DOWN', `the store ${file} is closed.`)
  }

  /** Runs `body` in one transaction on the write connection (the caller holds the queue). */
  const transaction = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    await writer.run('BEGIN TRANSACTION')
    try {
      const result = await body()
      await writer.run('COMMIT')
      return result
    } catch (cause) {
      // After a failed COMMIT DuckDB has already aborted the transaction and ROLLBACK itself
      // complains; either way nothing of the batch remains.
      await writer.run('ROLLBACK').catch(() => undefined)
      throw new AppError('STORE_FAILED', `${file}: ${what} failed: ${errorMessage(cause)}`, {
        cause,
      })
    }
  }

  /**
   * Runs `body` in one transaction queued on the write connection, the pending events folded
   * first in the same transaction: what an erasure or a purge needs, since they subtract from
   * the rollups.
   */
  const afterFolding = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    ensureOpen()
    return writes.run(async () => {
      const [setAside, result] = await transaction(what, async () => {
        const folded = unfolded > 0 ? await foldPending() : undefined
        return [folded, await body()] as const
      })
      unfolded = 0
      report(setAside)
      return result
    })
  }

  /** Folds the pending events in a transaction of their own, on the write connection. */
  const fold = (): Promise<void> =>
    writes.run(async () => {
      clearTimeout(foldTimer)
      foldTimer = undefined
      if (unfolded === 0) return
      const setAside = await transaction('folding the rollups', foldPending)
      unfolded = 0
      report(setAside)
    })

  const scheduleFold = (): void => {
    // Stryker disable next-line ConditionalExpression: close() queued its own fold behind the write calling this one, and that fold folds everything and clears the timer; a fold scheduled anyway runs after it, before the checkpoint, and finds nothing pending (or tries once more a fold that failed, whose events the next open folds otherwise)
    if (closing) return
    // A failed fold leaves its events pending: the next write, query or close tries again.
    if (unfolded >= foldAtEvents) void fold().catch(() => undefined)
    else
      foldTimer ??= setTimeout(() => {
        foldTimer = undefined
        // Stryker disable next-line ConditionalExpression: the timer can fire during close only before close's own fold ran (that fold clears it); the fold it queues then runs after close's, before the checkpoint, and finds nothing pending (or tries once more a fold that failed)
        if (!closing) void fold().catch(() => undefined)
      }, foldAfterMs).unref()
  }

  const read = async <T>(body: (connection: DuckDBConnection) => Promise<T>): Promise<T> => {
    ensureOpen()
    return reads.run(body)
  }

  return {
    kind: 'duckdb',

    async write(batch: WriteBatch): Promise<void> {
      if (batch.events.length === 0 && batch.receipts.length === 0) return
      const pending = rollups.active ? batch.events.length : 0
      ensureOpen()
      await writes.run(async () => {
        await transaction('write', async () => {
          if (pending > 0) {
            await appendRows(writer, STAGING_TABLE, batch.events, appendEventRow)
            await rollups.fromStaging()
          } else {
            await appendRows(writer, 'events', batch.events, appendEventRow)
          }
          if (batch.receipts.length > 0 && rollups.receiptsFromStaging) {
            await appendRows(writer, RECEIPT_STAGING_TABLE, batch.receipts, appendReceiptRow)
            await rollups.receiptsFromStaging()
          } else {
            await appendRows(writer, 'receipts', batch.receipts, appendReceiptRow)
          }
        })
        // Counted once committed, before the write resolves: a query after it folds them.
        if (pending > 0) {
          unfolded += pending
          scheduleFold()
        }
      })
    },

    listEvents(filter) {
      return read(async (connection) => {
        const where = toWhereClause(filter)
        const n = where.values.length
        const reader = await connection.runAndReadAll(
          `SELECT ${EVENT_COLUMNS} FROM events ${where.sql} ORDER BY time, id LIMIT $${n + 1} OFFSET $${n + 2}`,
          [
            ...where.values,
            BigInt(pageCount(filter.limit ?? DEFAULT_LIMIT, 'limit')),
            BigInt(pageCount(filter.offset ?? 0, 'offset')),
          ],
        )
        return reader.getRowsJS().map(toStoredEvent)
      })
    },

    listSetAside(visitor) {
      return read(async (connection) => {
        const reader = await connection.runAndReadAll(
          `SELECT ${EVENT_COLUMNS} FROM ${SET_ASIDE_TABLE} WHERE visitor = $1 ORDER BY time, id`,
          [visitor],
        )
        return reader.getRowsJS().map(toSetAsideEvent)
      })
    },

    countEvents(filter) {
      return read(async (connection) => {
        const where = toWhereClause(filter)
        const reader = await connection.runAndReadAll(
          `SELECT count(*) FROM events ${where.sql}`,
          where.values,
        )
        // Stryker disable next-line StringLiteral: the column name shows only for a value that is not a number, and count(*) with no GROUP BY always answers one BIGINT
        return readNumber(reader.getRowsJS()[0]?.[0], 'count')
      })
    },

    countGroups<Q extends GroupQuery>(query: Q) {
      // A key holds null only where the query merges values (count-groups.ts): GroupValue<Q>.
      return read((connection) => countGroups(connection, query)) as Promise<
        GroupCount<GroupValue<Q>>[]
      >
    },

    listReceipts(filter) {
      return read(async (connection) => {
        const where = toWhereClause(filter)
        const n = where.values.length
        const reader = await connection.runAndReadAll(
          `SELECT ${RECEIPT_COLUMNS} FROM receipts ${where.sql} ORDER BY time, id LIMIT $${n + 1} OFFSET $${n + 2}`,
          [
            ...where.values,
            BigInt(pageCount(filter.limit ?? DEFAULT_LIMIT, 'limit')),
            BigInt(pageCount(filter.offset ?? 0, 'offset')),
          ],
        )
        return reader.getRowsJS().map(toConsentReceipt)
      })
    },

    getReceipt(id: string): Promise<ConsentReceipt | null> {
      return read(async (connection) => {
        const reader = await connection.runAndReadAll(
          `SELECT ${RECEIPT_COLUMNS} FROM receipts WHERE id = $1`,
          [id],
        )
        const row = reader.getRowsJS()[0]
        return row === undefined ? null : toConsentReceipt(row)
      })
    },

    eraseVisitor(visitor: string): Promise<Removed> {
      return afterFolding('erasing a visitor', async () => {
        await rollups.beforeErase(visitor)
        const events = await writer.run('DELETE FROM events WHERE visitor = $1', [visitor])
        const setAside = await writer.run(`DELETE FROM ${SET_ASIDE_TABLE} WHERE visitor = $1`, [
          visitor,
        ])
        // Receipts are the proof of each decision: they stay, but no longer point at anyone.
        const receipts = await writer.run('UPDATE receipts SET visitor = NULL WHERE visitor = $1', [
          visitor,
        ])
        return { events: events.rowsChanged + setAside.rowsChanged, receipts: receipts.rowsChanged }
      })
    },

    optimize(): Promise<void> {
      return afterFolding('compacting the rollups', () => rollups.compactAll())
    },

    purge(before): Promise<Removed> {
      return afterFolding('purge', async () => {
        await rollups.beforePurge(before)
        const events = await writer.run('DELETE FROM events WHERE time < $1', [
          toTimestamp(before.events),
        ])
        await rollups.afterPurge(before)
        const setAside = await writer.run(`DELETE FROM ${SET_ASIDE_TABLE} WHERE time < $1`, [
          toTimestamp(before.events),
        ])
        const receipts = await writer.run('DELETE FROM receipts WHERE time < $1', [
          toTimestamp(before.receipts),
        ])
        return { events: events.rowsChanged + setAside.rowsChanged, receipts: receipts.rowsChanged }
      })
    },

    dialect: duckdbDialect,
    rollups: rollups.names,

    async query(sql: string, values: readonly SqlValue[] = []): Promise<SqlRow[]> {
      ensureOpen()
      // What every write resolved so far holds is in the rollups before the statement reads one.
      if (unfolded > 0 && readsRollup?.test(sql)) await fold()
      return read(async (connection) => {
        const statement = await connection.prepare(sql)
        // Our own code writes these queries; the check makes "read-only" a fact, not a hope.
        if (statement.statementType !== StatementType.SELECT)
          throw new AppError(
            'INTERNAL',
            `store.query runs only SELECT statements: ${sql.slice(0, 80)}`,
          )
        statement.bind([...values])
        const result = await statement.runAndReadAll()
        return result.getRowObjectsJS().map(toSqlRow)
      })
    },

    async ping(): Promise<void> {
      // Stryker disable next-line StringLiteral: not equivalent, but no test can bring it about: an empty statement also succeeds on a store that is open, and the two differ only on a database DuckDB invalidated after a fatal error (a failed WAL write, tried with the WAL on /dev/full, is only a failed commit)
      await read((connection) => connection.run('SELECT 1'))
    },

    close(): Promise<void> {
      closing ??= (async () => {
        try {
          // Queued behind every accepted write; the pending events are folded, and the checkpoint
          // folds the WAL into the file so that the next open does not replay it.
          // A failed fold leaves its events pending, folded at the next open.
          await fold().catch(() => undefined)
          // Stryker disable next-line StringLiteral: DuckDB checkpoints on its own when the instance closes (checked by hand: no .wal left after closeSync); the explicit one only does it first
          await writes.run(() => writer.run('CHECKPOINT'))
        } finally {
          // No connection is closed under a running statement, even when the checkpoint failed.
          await reads.idle()
          for (const reader of readers) reader.closeSync()
          writer.closeSync()
          instance.closeSync()
          release()
        }
      })()
      return closing
    },
  }
}

/**
 * Appends rows through DuckDB's appender, which writes into the connection's open transaction.
 * On failure the appender's buffer is cleared before closing, so that nothing it held can be
 * flushed later outside the transaction.
 */
async function appendRows<T>(
  connection: DuckDBConnection,
  table: string,
  rows: readonly T[],
  appendRow: (appender: DuckDBAppender, row: T) => void,
): Promise<void> {
  // Stryker disable next-line ConditionalExpression: an appender closed with no row appended adds nothing; the early return only saves making one
  if (rows.length === 0) return
  const appender = await connection.createAppender(table)
  try {
    for (const row of rows) appendRow(appender, row)
    appender.closeSync()
  } catch (e) {
    // Stryker disable next-line BlockStatement: not equivalent, but no test can see it: an append fails mid-row (a value refused after the row's first columns), and DuckDB does not flush an appender holding an incomplete row, so its rows reached no table even when it was garbage-collected (tried with a forced GC); clearing keeps that true should either change
    try {
      appender.clear()
      appender.closeSync()
    } catch {
      // The appender is already unusable; the transaction's rollback discards what it flushed.
    }
    throw e
  }
}

function positive(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a whole number ≥ 1, got ${value}`)
  return value
}
