import { listValue, type DuckDBConnection } from '@duckdb/node-api'
import { PENDING_TABLE } from './duckdb-rollups.js'
import { readString, toTimestamp } from './sql-values.js'

/** The table (migration 4) holding the events set aside, with when and why. */
export const SET_ASIDE_TABLE = 'events_set_aside'

/** Why a row is set aside, as the log line and the table's `reason` say it. */
export const UNREADABLE_PROPS = 'props is not JSON that DuckDB reads'

/** Events set aside by one call, reported by id only: never their content. */
export interface SetAside {
  readonly ids: readonly string[]
  readonly reason: string
}

/**
 * Moves the events that the store cannot read back — props that DuckDB's JSON reader refuses,
 * which would make every rollup fold, raw statistics query, purge and erasure touching them fail
 * — from `events` and the rollups' pending table to SET_ASIDE_TABLE, in the caller's
 * transaction. `scope` says where to look: `pending` (the events a fold is about to read: cheap,
 * run before every fold) or `events` (the whole table: run once at each open, so that a data
 * folder written before the collector refused such text is repaired by the next start).
 * Returns the ids moved. Set-aside rows leave every read but not the store: retention and
 * erasure delete them like any event (`nothing acknowledged is lost` and the right to erasure
 * both hold).
 *
 * @example const moved = await setAsideUnreadableEvents(connection, 'pending', clock.now())
 */
export async function setAsideUnreadableEvents(
  connection: DuckDBConnection,
  scope: 'pending' | 'events',
  now: number,
): Promise<SetAside> {
  const unreadable = 'NOT json_valid(props)'
  const found = await connection.runAndReadAll(
    // Stryker disable next-line ConditionalExpression: → false scans `events` at a fold instead of the pending rows, and finds the same rows, only slower: the open already moved every unreadable event, and since then each event was written to both tables (→ true is killed: duckdb-store-failures.test.ts, 'opens a file holding an unreadable event')
    `SELECT DISTINCT id FROM ${scope === 'pending' ? PENDING_TABLE : 'events'} WHERE ${unreadable} ORDER BY id`,
  )
  // Stryker disable next-line StringLiteral: the column name shows only for a value that is not a string, and `id` is VARCHAR NOT NULL
  const ids = found.getRowsJS().map((row) => readString(row[0], 'id'))
  if (ids.length > 0) {
    // Ids are server-made and unique; the condition is repeated so that only the unreadable
    // rows move even if an id were ever shared.
    const chosen = `id IN (SELECT unnest($1::VARCHAR[])) AND ${unreadable}`
    await connection.run(
      `INSERT INTO ${SET_ASIDE_TABLE} SELECT *, $2, $3 FROM events WHERE ${chosen}`,
      [listValue(ids), toTimestamp(now), UNREADABLE_PROPS],
    )
    await connection.run(`DELETE FROM events WHERE ${chosen}`, [listValue(ids)])
    await connection.run(`DELETE FROM ${PENDING_TABLE} WHERE ${chosen}`, [listValue(ids)])
  }
  return { ids, reason: UNREADABLE_PROPS }
}
