import { StatementType } from '@duckdb/node-api'
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api'
import { errorMessage } from '../../lib/error-message.js'
import { AppError } from '../../lib/app-error.js'
import { systemClock } from '../../lib/clock.js'
import type { Clock } from '../../lib/clock.js'
import type { RollupFactory } from '../rollup.js'
import type { SqlRow, SqlValue } from '../sql-dialect.js'
import type { ConsentReceipt, Removed, Store, WriteBatch } from '../store.js'
import { applyMigrations } from './apply-migrations.js'
import { duckdbDialect } from './duckdb-dialect.js'
import { openDuckdbRollups, STAGING_TABLE } from './duckdb-rollups.js'
import type { DuckdbRollups } from './duckdb-rollups.js'
import { countGroups } from './count-groups.js'
import { appendEventRow, EVENT_COLUMNS, toStoredEvent } from './event-row.js'
import { openDuckdbInstance } from './open-duckdb-instance.js'
import { appendReceiptRow, RECEIPT_COLUMNS, toConsentReceipt } from './receipt-row.js'
import { createSerialQueue } from './serial-queue.js'
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
}

/**
 * The embedded store: one DuckDB file, owned by one process. Opening applies the missing
 * migrations; it fails with STORE_LOCKED when another process holds the file, and STORE_TOO_NEW
 * when a newer Témoin migrated it.
 *
 * Writes go through one connection, one transaction at a time (DuckDB's appender inside an
 * explicit BEGIN … COMMIT: the fastest path, and a failure rolls the whole batch back). COMMIT
 * returns once the transaction is in the write-ahead log and synced, DuckDB's default, so a
 * resolved `write` survives a SIGKILL. Reads use a second connection, so that a dashboard query
 * does not wait behind a 50k-event batch; they see committed data only.
 *
 * @example
 * const store = await createDuckdbStore({ path: 'data/temoin.duckdb' })
 * await store.write({ events: [event], receipts: [] })
 * await store.close()
 */
export async function createDuckdbStore(options: DuckdbStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock
  const { instance, file, release } = await openDuckdbInstance(options.path)
  const connections: DuckDBConnection[] = []
  let writer: DuckDBConnection
  let reader: DuckDBConnection
  let rollups: DuckdbRollups
  try {
    writer = await instance.connect()
    connections.push(writer)
    await applyMigrations(writer, { file, now: clock.now() })
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
    reader = await instance.connect()
    connections.push(reader)
  } catch (e) {
    for (const c of connections) c.closeSync()
    instance.closeSync()
    release()
    throw e
  }

  const writes = createSerialQueue()
  const reads = createSerialQueue()
  let closing: Promise<void> | undefined

  const ensureOpen = (): void => {
    if (closing) throw new AppError('SHUTTING_DOWN', `the store ${file} is closed.`)
  }

  /** Runs `body` in one transaction on the write connection, rolled back if it throws. */
  const inTransaction = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    ensureOpen()
    return writes.run(async () => {
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
    })
  }

  const read = async <T>(body: (connection: DuckDBConnection) => Promise<T>): Promise<T> => {
    ensureOpen()
    return reads.run(() => body(reader))
  }

  return {
    kind: 'duckdb',

    async write(batch: WriteBatch): Promise<void> {
      if (batch.events.length === 0 && batch.receipts.length === 0) return
      await inTransaction('write', async () => {
        if (rollups.active && batch.events.length > 0) {
          await appendRows(writer, STAGING_TABLE, batch.events, appendEventRow)
          await rollups.afterAppend()
        } else {
          await appendRows(writer, 'events', batch.events, appendEventRow)
        }
        await appendRows(writer, 'receipts', batch.receipts, appendReceiptRow)
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
            toCount(filter.limit ?? DEFAULT_LIMIT, 'limit'),
            toCount(filter.offset ?? 0, 'offset'),
          ],
        )
        return reader.getRowsJS().map(toStoredEvent)
      })
    },

    countEvents(filter) {
      return read(async (connection) => {
        const where = toWhereClause(filter)
        const reader = await connection.runAndReadAll(
          `SELECT count(*) FROM events ${where.sql}`,
          where.values,
        )
        return readNumber(reader.getRowsJS()[0]?.[0], 'count')
      })
    },

    countGroups(query) {
      return read((connection) => countGroups(connection, query))
    },

    listReceipts(filter) {
      return read(async (connection) => {
        const where = toWhereClause(filter)
        const n = where.values.length
        const reader = await connection.runAndReadAll(
          `SELECT ${RECEIPT_COLUMNS} FROM receipts ${where.sql} ORDER BY time, id LIMIT $${n + 1}`,
          [...where.values, toCount(filter.limit ?? DEFAULT_LIMIT, 'limit')],
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
      return inTransaction('erasing a visitor', async () => {
        await rollups.beforeErase(visitor)
        const events = await writer.run('DELETE FROM events WHERE visitor = $1', [visitor])
        // Receipts are the proof of each decision: they stay, but no longer point at anyone.
        const receipts = await writer.run('UPDATE receipts SET visitor = NULL WHERE visitor = $1', [
          visitor,
        ])
        return { events: events.rowsChanged, receipts: receipts.rowsChanged }
      })
    },

    purge(before): Promise<Removed> {
      return inTransaction('purge', async () => {
        await rollups.beforePurge(before.events)
        const events = await writer.run('DELETE FROM events WHERE time < $1', [
          toTimestamp(before.events),
        ])
        await rollups.afterPurge(before.events)
        const receipts = await writer.run('DELETE FROM receipts WHERE time < $1', [
          toTimestamp(before.receipts),
        ])
        return { events: events.rowsChanged, receipts: receipts.rowsChanged }
      })
    },

    dialect: duckdbDialect,
    rollups: rollups.names,

    query(sql: string, values: readonly SqlValue[] = []): Promise<SqlRow[]> {
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
      await read((connection) => connection.run('SELECT 1'))
    },

    close(): Promise<void> {
      closing ??= (async () => {
        try {
          // Queued behind every accepted write; the checkpoint folds the WAL into the file so
          // that the next open does not replay it.
          await writes.run(() => writer.run('CHECKPOINT'))
          await reads.run(() => Promise.resolve())
        } finally {
          reader.closeSync()
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
  if (rows.length === 0) return
  const appender = await connection.createAppender(table)
  try {
    for (const row of rows) appendRow(appender, row)
    appender.closeSync()
  } catch (e) {
    try {
      appender.clear()
      appender.closeSync()
    } catch {
      // The appender is already unusable; the transaction's rollback discards what it flushed.
    }
    throw e
  }
}

function toCount(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`)
  return BigInt(value)
}
