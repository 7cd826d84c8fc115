import { DuckDBInstance } from '@duckdb/node-api'
import Database from 'better-sqlite3'
import type { SqlRow, SqlValue } from '../../src/store/sql-dialect.js'
import type { Store } from '../../src/store/store.js'
import { registerSqliteFunctions, rewriteArrayJoins, sqliteDialect } from './sqlite-dialect.js'

/** The columns of the raw rows, as the DuckDB store has them (times as epoch ms here). */
const EVENT_COLUMNS = [
  'id',
  'time',
  'site',
  'type',
  'name',
  'path',
  'query',
  'referrer',
  'visitor',
  'country',
  'device',
  'browser',
  'os',
  'props',
] as const

const SCHEMA = `
  CREATE TABLE events (
    id TEXT NOT NULL, time INTEGER NOT NULL, site TEXT NOT NULL, type TEXT NOT NULL,
    name TEXT NOT NULL, path TEXT NOT NULL, query TEXT NOT NULL, referrer TEXT NOT NULL,
    visitor TEXT, country TEXT NOT NULL, device TEXT NOT NULL, browser TEXT NOT NULL,
    os TEXT NOT NULL, props TEXT NOT NULL
  );
  CREATE TABLE receipts (
    id TEXT NOT NULL PRIMARY KEY, time INTEGER NOT NULL, site TEXT NOT NULL,
    policy_version TEXT NOT NULL, granted TEXT NOT NULL, refused TEXT NOT NULL,
    deposit INTEGER NOT NULL, expires INTEGER NOT NULL, visitor TEXT, gpc INTEGER NOT NULL
  );
`

/** The SQLite baseline: the raw rows, and the part of a Store the stats queries use. */
export interface SqliteBaseline {
  /** Only `dialect`, `query` and `rollups` (none) are there: what stats/ calls with source 'raw'. */
  readonly store: Store
  close(): void
}

/**
 * Copies the events and receipts of a DuckDB database (made by `temoin seed`) into a new SQLite
 * file as raw rows, indexed on (site, time) as anyone would, and opens it for the stats queries
 * (better-sqlite3, synchronous, in this process).
 *
 * @example const sqlite = await createSqliteBaseline('/tmp/x/temoin.duckdb', '/tmp/x/raw.sqlite')
 */
export async function createSqliteBaseline(
  duckdbFile: string,
  sqliteFile: string,
): Promise<SqliteBaseline> {
  const db = new Database(sqliteFile)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF') // loading only: the figures are about reading
  db.exec(SCHEMA)
  registerSqliteFunctions(db)

  const duck = await DuckDBInstance.create(duckdbFile, { access_mode: 'READ_ONLY' })
  const connection = await duck.connect()
  try {
    const insert = db.prepare(
      `INSERT INTO events VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
    )
    const insertMany = db.transaction((rows: unknown[][]) => {
      for (const row of rows) insert.run(row)
    })
    const columns = EVENT_COLUMNS.map((c) => (c === 'time' ? 'CAST(epoch_ms(time) AS DOUBLE)' : c))
    const result = await connection.stream(`SELECT ${columns.join(', ')} FROM events`)
    for await (const rows of result.yieldRowsJs()) insertMany(rows)

    const insertReceipt = db.prepare('INSERT INTO receipts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    const receipts = await connection.runAndReadAll(
      `SELECT id, CAST(epoch_ms(time) AS DOUBLE), site, policy_version, to_json(granted)::VARCHAR,
        to_json(refused)::VARCHAR, CAST(epoch_ms(deposit) AS DOUBLE), CAST(epoch_ms(expires) AS DOUBLE),
        visitor, CASE WHEN gpc THEN 1 ELSE 0 END FROM receipts`,
    )
    db.transaction(() => {
      for (const row of receipts.getRowsJS()) insertReceipt.run(row)
    })()
  } finally {
    connection.closeSync()
    duck.closeSync()
  }
  db.exec('CREATE INDEX events_site_time ON events (site, time)')
  db.exec('CREATE INDEX receipts_site_time ON receipts (site, time)')
  db.exec('ANALYZE')

  const query = (sql: string, values: readonly SqlValue[] = []): Promise<SqlRow[]> => {
    const bound = Object.fromEntries(
      values.map((v, i) => [`p${i + 1}`, typeof v === 'boolean' ? Number(v) : v]),
    )
    return Promise.resolve(db.prepare(rewriteArrayJoins(sql)).all(bound) as SqlRow[])
  }
  // stats/ reads `dialect`, `query` and `rollups` of a store; the rest of Store (writes,
  // erasure, purge) is not part of a read benchmark.
  const store = { kind: 'sqlite', dialect: sqliteDialect, rollups: [], query } as Pick<
    Store,
    'kind' | 'dialect' | 'rollups' | 'query'
  > as Store
  return { store, close: () => db.close() }
}
