import { toTimestamp } from '../../src/store/duckdb/sql-values.js'
import { withRawConnection } from './raw-duckdb.js'

/** Props holding a lone surrogate: valid JSON text for JavaScript, refused by DuckDB's reader. */
export const POISONED_PROPS = JSON.stringify({ k: '\ud800' })

/**
 * Leaves a closed DuckDB file (made by the store, with its rollups) in the state an older
 * collector left it in after accepting `{"props":{"k":"\ud800"}}`: the event in `events` and in
 * the rollups' pending table (its fold failed and rolled back), at schema version 3, before
 * `events_set_aside` existed.
 *
 * @example await poisonDatabase(join(data, 'temoin.duckdb'), { id, time, visitor })
 */
export async function poisonDatabase(
  path: string,
  event: { readonly id: string; readonly time: number; readonly visitor: string | null },
): Promise<void> {
  await withRawConnection(path, async (connection) => {
    const row = `$1, $2, 'localhost', 'event', 'x', '/', '', '', $3, 'FR', 'desktop', 'Firefox', 'Linux', $4`
    const values = [event.id, toTimestamp(event.time), event.visitor, POISONED_PROPS]
    await connection.run('BEGIN TRANSACTION')
    await connection.run(`INSERT INTO events VALUES (${row})`, values)
    await connection.run(`INSERT INTO rollup_pending VALUES (${row})`, values)
    await connection.run('DROP TABLE IF EXISTS events_set_aside')
    await connection.run('DELETE FROM schema_migrations WHERE version >= 4')
    await connection.run('COMMIT')
    await connection.run('CHECKPOINT')
  })
}
