import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startClickhouseServer,
  type ClickhouseServer,
} from '../../../test/helpers/clickhouse-server.js'
import { isAppError } from '../../lib/app-error.js'
import { connectClickhouseHttp, type ClickhouseConnection } from './clickhouse-connection.js'
import {
  applyClickhouseMigrations,
  clickhouseMigrations,
  type ClickhouseMigration,
} from './clickhouse-migrations.js'

/** Debian's ClickHouse 18.16, one database per test. */
let server: ClickhouseServer
const opened: ClickhouseConnection[] = []
beforeAll(async () => {
  server = await startClickhouseServer()
}, 90_000)
afterAll(async () => {
  for (const connection of opened) await connection.close()
  await server?.stop()
})

const newDatabase = () => `temoin_${randomBytes(6).toString('hex')}`
const connect = async (database: string) => {
  const connection = await connectClickhouseHttp({ url: server.url, database })
  opened.push(connection)
  return connection
}
const count = async (connection: ClickhouseConnection, sql: string) =>
  Number((await connection.select<{ n: number }>(sql))[0]?.n)
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  )

/** A migration whose second step is not safe to run twice: it counts how often it ran. */
const COUNTING: readonly ClickhouseMigration[] = [
  {
    version: 1,
    name: 'a counter',
    steps: [
      'CREATE TABLE IF NOT EXISTS ran (n UInt8) ENGINE = TinyLog',
      'INSERT INTO ran (n) VALUES (1)',
    ],
  },
]

describe('applyClickhouseMigrations, on a real ClickHouse 18.16 server', () => {
  it('creates the schema on a new database, records each step, and does nothing the second time', async () => {
    const connection = await connect(newDatabase())
    expect(await applyClickhouseMigrations(connection)).toEqual([1])
    const tables = await connection.select<{ name: string }>(
      'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    )
    expect(tables.map((t) => t.name)).toEqual(['events', 'receipts', 'schema_migrations'])
    const steps = clickhouseMigrations({ database: connection.database })[0]!.steps.length
    expect(await count(connection, 'SELECT count() AS n FROM schema_migrations')).toBe(steps)
    expect(await applyClickhouseMigrations(connection)).toEqual([])
    expect(await count(connection, 'SELECT count() AS n FROM schema_migrations')).toBe(steps)
  })

  // kills: takeLock() gone or always won, the re-read under the lock gone
  it('runs each step once when several processes start at once', async () => {
    const database = newDatabase()
    const connections = await Promise.all([1, 2, 3, 4].map(() => connect(database)))
    const applied = await Promise.all(
      connections.map((c, i) => applyClickhouseMigrations(c, COUNTING, { owner: `starter ${i}` })),
    )
    expect(applied.filter((a) => a.length > 0)).toEqual([[1]])
    const [first] = connections
    expect(await count(first!, 'SELECT count() AS n FROM ran')).toBe(1)
    expect(await count(first!, 'SELECT count() AS n FROM schema_migrations')).toBe(2)
    expect(
      await count(
        first!,
        "SELECT count() AS n FROM system.tables WHERE name = 'schema_lock' AND database = currentDatabase()",
      ),
    ).toBe(0)
  })

  // kills: the steps' records skipped (a migration run again from its start)
  it('finishes a migration a failure stopped half-way, from the step that failed', async () => {
    const connection = await connect(newDatabase())
    const broken: ClickhouseMigration[] = [
      { ...COUNTING[0]!, steps: [...COUNTING[0]!.steps, 'SELECT no_such_column FROM ran'] },
    ]
    expect(await failure(applyClickhouseMigrations(connection, broken))).toBeInstanceOf(Error)
    expect(await count(connection, 'SELECT count() AS n FROM ran')).toBe(1)
    const mended: ClickhouseMigration[] = [
      { ...COUNTING[0]!, steps: [...COUNTING[0]!.steps, 'SELECT count() FROM ran'] },
    ]
    expect(await applyClickhouseMigrations(connection, mended)).toEqual([1])
    // The step that had run is not run again.
    expect(await count(connection, 'SELECT count() AS n FROM ran')).toBe(1)
    expect(await count(connection, 'SELECT count() AS n FROM schema_migrations')).toBe(3)
  })

  it('waits for a lock, then names its owner and how to remove it (MIGRATION_LOCKED)', async () => {
    const connection = await connect(newDatabase())
    const since = Date.parse('2026-12-07T10:00:00.000Z')
    // As takeLock makes it: the owner and the time are the columns' defaults; a quote and a
    // backslash in the owner read back as they are.
    await connection.command(
      `CREATE TABLE schema_lock (owner String DEFAULT 'process 4242 \\\\ l\\'été', since Int64 DEFAULT ${since}) ENGINE = TinyLog`,
    )
    const started = Date.now()
    const locked = await failure(
      applyClickhouseMigrations(connection, COUNTING, { lockWaitMs: 500 }),
    )
    expect(Date.now() - started).toBeGreaterThanOrEqual(500)
    expect(isAppError(locked) && locked.code).toBe('MIGRATION_LOCKED')
    expect(String(locked)).toContain(
      "the ClickHouse schema is being migrated by process 4242 \\ l'été, since 2026-12-07T10:00:00.000Z, for more than 0.5 s",
    )
    expect(String(locked)).toContain(
      `remove its lock with DROP TABLE IF EXISTS \`${connection.database}\`.schema_lock, then start again`,
    )
    expect(
      await count(
        connection,
        "SELECT count() AS n FROM system.tables WHERE name = 'ran' AND database = currentDatabase()",
      ),
    ).toBe(0)
    await connection.command('DROP TABLE schema_lock')
    expect(await applyClickhouseMigrations(connection, COUNTING)).toEqual([1])
  })

  it('refuses a database a newer Témoin migrated (STORE_TOO_NEW), changing nothing', async () => {
    const connection = await connect(newDatabase())
    expect(await applyClickhouseMigrations(connection, COUNTING)).toEqual([1])
    await connection.command(
      "INSERT INTO schema_migrations VALUES (2, 0, 'from a newer Témoin', 0)",
    )
    const refused = await failure(applyClickhouseMigrations(connection, COUNTING))
    expect(isAppError(refused) && refused.code).toBe('STORE_TOO_NEW')
    expect(String(refused)).toContain(
      'the ClickHouse database is at schema version 2; this Témoin knows versions up to 1.',
    )
    expect(await count(connection, 'SELECT count() AS n FROM ran')).toBe(1)
  })
})
