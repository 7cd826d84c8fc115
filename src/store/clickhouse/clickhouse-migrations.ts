import { AppError } from '../../lib/app-error.js'
import type { ClickhouseConnection } from './clickhouse-connection.js'
import { clickhouseLiteral } from './clickhouse-literal.js'
import { CLICKHOUSE_SCHEMA } from './clickhouse-schema.js'

/** A forward-only change of the ClickHouse schema: statements run in order, each one once. */
export interface ClickhouseMigration {
  readonly version: number
  readonly name: string
  /** Each should be safe to run again (IF NOT EXISTS): a crash may come between it and its record. */
  readonly steps: readonly string[]
}

/** Every migration, oldest first. A new one goes at the end, with the next version. */
export const CLICKHOUSE_MIGRATIONS: readonly ClickhouseMigration[] = [
  { version: 1, name: 'events and receipts', steps: CLICKHOUSE_SCHEMA },
]

/** How long opening waits for another process's migration before it gives up. */
const LOCK_WAIT_MS = 60_000

export interface MigrateOptions {
  /** Longest wait for the lock, ms (60 000 by default). */
  readonly lockWaitMs?: number
  /** Who takes the lock, as the lock says (host and process by default). */
  readonly owner?: string
  readonly now?: () => number
}

/**
 * Brings the database's schema to the last of `migrations`, forward only, each step once:
 * - the steps done are recorded one by one (`schema_migrations`: version, step, when), so a
 *   migration a crash stopped half-way is finished where it stopped, not run again from its
 *   start;
 * - one process migrates at a time: the lock is the table `schema_lock`, whose creation
 *   ClickHouse lets only one process win. The others wait (polling), then read what the winner
 *   did. A lock left by a process that died is named, with its owner and age, in the
 *   MIGRATION_LOCKED error after `lockWaitMs`, with the statement that removes it;
 * - a database migrated by a newer Témoin is refused (STORE_TOO_NEW).
 * Returns the versions this call applied.
 *
 * @example await applyClickhouseMigrations(connection) // [1] on a new database, [] after
 */
export async function applyClickhouseMigrations(
  connection: ClickhouseConnection,
  migrations: readonly ClickhouseMigration[] = CLICKHOUSE_MIGRATIONS,
  options: MigrateOptions = {},
): Promise<number[]> {
  const now = options.now ?? Date.now
  const owner = options.owner ?? `process ${process.pid}`
  const lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS
  await connection.command(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, step UInt32, name String, applied Int64) ENGINE = MergeTree() ORDER BY (version, step)`,
  )
  const known = migrations.at(-1)?.version ?? 0
  const pending = async (): Promise<{ migration: ClickhouseMigration; done: Set<number> }[]> => {
    const rows = await connection.select<{ version: number; step: number }>(
      'SELECT version, step FROM schema_migrations',
    )
    const newest = Math.max(0, ...rows.map((r) => Number(r.version)))
    if (newest > known)
      throw new AppError(
        'STORE_TOO_NEW',
        `the ClickHouse database is at schema version ${newest}; this Témoin knows versions up to ${known}.`,
      )
    return migrations
      .map((migration) => ({
        migration,
        done: new Set(
          rows.filter((r) => Number(r.version) === migration.version).map((r) => Number(r.step)),
        ),
      }))
      .filter(({ migration, done }) => done.size < migration.steps.length)
  }

  if ((await pending()).length === 0) return []
  await takeLock(connection, owner, now, lockWaitMs)
  try {
    // Read again under the lock: another process may have migrated while this one waited.
    const applied: number[] = []
    for (const { migration, done } of await pending()) {
      for (const [step, sql] of migration.steps.entries()) {
        if (done.has(step)) continue
        await connection.command(sql)
        await connection.command(
          `INSERT INTO schema_migrations (version, step, name, applied) VALUES (${migration.version}, ${step}, ${clickhouseLiteral(migration.name)}, ${now()})`,
        )
      }
      applied.push(migration.version)
    }
    return applied
  } finally {
    // A lock this process cannot drop (the server went away) is named by the next start's
    // MIGRATION_LOCKED; the failure that stopped the migration is the one to report.
    await connection.command('DROP TABLE IF EXISTS schema_lock').catch(() => undefined)
  }
}

/** Creates `schema_lock` (only one creator wins), waiting while another process holds it. */
async function takeLock(
  connection: ClickhouseConnection,
  owner: string,
  now: () => number,
  lockWaitMs: number,
): Promise<void> {
  const deadline = now() + lockWaitMs
  for (;;) {
    try {
      await connection.command(
        `CREATE TABLE schema_lock (owner String, since Int64) ENGINE = TinyLog`,
      )
    } catch (e) {
      // 18.16 says "already exists", or, while the winner is creating it, "creating or attaching".
      if (!/already exists|creating or attaching/i.test(String(e))) throw e
      if (now() > deadline) {
        const [held] = await connection
          .select<{ owner: string; since: number }>('SELECT owner, since FROM schema_lock')
          .catch(() => [])
        const by = held
          ? `${held.owner}, since ${new Date(Number(held.since)).toISOString()}`
          : 'a process that has not said who it is yet'
        throw new AppError(
          'MIGRATION_LOCKED',
          `the ClickHouse schema is being migrated by ${by}, for more than ${lockWaitMs / 1000} s. If no Témoin process is starting, that one died: remove its lock with DROP TABLE schema_lock (in Témoin's database), then start again.`,
        )
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
      continue
    }
    await connection.command(
      `INSERT INTO schema_lock (owner, since) VALUES (${clickhouseLiteral(owner)}, ${now()})`,
    )
    return
  }
}
