import type { DuckDBConnection } from '@duckdb/node-api'
import { errorMessage } from '../../lib/error-message.js'
import { AppError } from '../../lib/app-error.js'
import { MIGRATIONS } from './migrations.js'
import type { Migration } from './migrations.js'
import { readNumber, toTimestamp } from './sql-values.js'

/**
 * Brings a database up to the code's schema: creates `schema_migrations` if needed, then applies,
 * in order, each migration whose version is above the highest one recorded — each in its own
 * transaction together with its record, so that a crash leaves the database at a version, never
 * between two. A database recorded at a version this code does not know was written by a newer
 * Témoin: it is refused (STORE_TOO_NEW) rather than read with a schema we cannot vouch for.
 * Returns the versions applied (empty when the database was up to date).
 *
 * @example
 * await applyMigrations(connection, { file: 'data/temoin.duckdb', now: clock.now() }) // [1] on a new file
 */
export async function applyMigrations(
  connection: DuckDBConnection,
  options: {
    readonly file: string
    readonly now: number
    readonly migrations?: readonly Migration[]
  },
): Promise<number[]> {
  const migrations = options.migrations ?? MIGRATIONS
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
  )
  const reader = await connection.runAndReadAll(
    'SELECT coalesce(max(version), 0)::BIGINT FROM schema_migrations',
  )
  // Stryker disable next-line StringLiteral: the column name shows only if the value is not a number, and this aggregate with no GROUP BY always answers one row of a BIGINT (a version that cannot be cast fails in DuckDB first)
  const current = readNumber(reader.getRowsJS()[0]?.[0], 'version')
  const known = migrations.reduce((max, m) => Math.max(max, m.version), 0)
  if (current > known) {
    throw new AppError(
      'STORE_TOO_NEW',
      `${options.file} is at schema version ${current}; this Témoin knows versions up to ${known}.`,
      { where: options.file },
    )
  }
  const applied: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue
    await connection.run('BEGIN TRANSACTION')
    try {
      for (const statement of migration.statements) await connection.run(statement)
      await connection.run(
        'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
        [migration.version, migration.name, toTimestamp(options.now)],
      )
      await connection.run('COMMIT')
    } catch (cause) {
      await connection.run('ROLLBACK').catch(() => undefined)
      throw new AppError(
        'STORE_FAILED',
        `${options.file}: migration ${migration.version} (${migration.name}) failed: ${errorMessage(cause)}`,
        { cause, where: options.file },
      )
    }
    applied.push(migration.version)
  }
  return applied
}
