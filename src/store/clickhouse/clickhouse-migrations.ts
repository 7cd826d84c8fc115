import { AppError } from '../../lib/app-error.js'
import type { ClickhouseConnection } from './clickhouse-connection.js'
import { clickhouseLiteral, quoteIdentifier } from './clickhouse-literal.js'
import { everywhereEngine, onCluster, type ClickhouseLayout } from './clickhouse-layout.js'
import { clickhouseSchema } from './clickhouse-schema.js'

/** A forward-only change of the ClickHouse schema: statements run in order, each one once. */
export interface ClickhouseMigration {
  readonly version: number
  readonly name: string
  /** Each should be safe to run again (IF NOT EXISTS): a crash may come between it and its record. */
  readonly steps: readonly string[]
}

/**
 * Every migration of a layout's schema, oldest first. A new one goes at the end, with the next
 * version, and its steps for both layouts.
 *
 * @example clickhouseMigrations({ database: 'temoin' })[0].version // 1
 */
export function clickhouseMigrations(layout: ClickhouseLayout): ClickhouseMigration[] {
  return [{ version: 1, name: 'events and receipts', steps: clickhouseSchema(layout) }]
}

/** How long opening waits for another process's migration before it gives up. */
const LOCK_WAIT_MS = 60_000

export interface MigrateOptions {
  /** Where the tables are: on the connection's database of one server by default. */
  readonly layout?: ClickhouseLayout
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
 * - on a cluster, the lock is created `ON CLUSTER` (the nodes run DDL in one order, so one
 *   creation wins on every node), and the record is one table that every node holds whole,
 *   read once this node has every row of it;
 * - a database migrated by a newer Témoin is refused (STORE_TOO_NEW).
 * Returns the versions this call applied.
 *
 * @example await applyClickhouseMigrations(connection) // [1] on a new database, [] after
 */
export async function applyClickhouseMigrations(
  connection: ClickhouseConnection,
  migrations?: readonly ClickhouseMigration[],
  options: MigrateOptions = {},
): Promise<number[]> {
  const layout = options.layout ?? { database: connection.database }
  const all = migrations ?? clickhouseMigrations(layout)
  const db = quoteIdentifier(layout.database)
  const now = options.now ?? Date.now
  const owner = options.owner ?? `process ${process.pid}`
  const lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS
  await connection.command(
    `CREATE TABLE IF NOT EXISTS ${db}.schema_migrations${onCluster(layout)} (version UInt32, step UInt32, name String, applied Int64) ENGINE = ${everywhereEngine(layout, 'schema_migrations')} ORDER BY (version, step)`,
  )
  const known = all.at(-1)?.version ?? 0
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
    return all
      .map((migration) => ({
        migration,
        done: new Set(
          rows.filter((r) => Number(r.version) === migration.version).map((r) => Number(r.step)),
        ),
      }))
      .filter(({ migration, done }) => done.size < migration.steps.length)
  }

  if ((await pending()).length === 0) return []
  await takeLock(connection, layout, owner, now, lockWaitMs)
  try {
    // Read again under the lock: another process may have migrated while this one waited (on a
    // cluster, through another node: this one first fetches every row of the record).
    if (layout.cluster !== undefined)
      await connection.command(`SYSTEM SYNC REPLICA ${db}.schema_migrations`)
    const applied: number[] = []
    for (const { migration, done } of await pending()) {
      for (const [step, sql] of migration.steps.entries()) {
        if (done.has(step)) continue
        await connection.command(sql)
        await connection.command(
          `INSERT INTO ${db}.schema_migrations (version, step, name, applied) VALUES (${migration.version}, ${step}, ${clickhouseLiteral(migration.name)}, ${now()})`,
        )
      }
      applied.push(migration.version)
    }
    return applied
  } finally {
    // A lock this process cannot drop (the server went away) is named by the next start's
    // MIGRATION_LOCKED; the failure that stopped the migration is the one to report.
    await connection.command(dropLock(layout)).catch(() => undefined)
  }
}

/** The statement that removes the migration lock. */
function dropLock(layout: ClickhouseLayout): string {
  return `DROP TABLE IF EXISTS ${quoteIdentifier(layout.database)}.schema_lock${onCluster(layout)}`
}

/**
 * Creates `schema_lock` (only one creator wins), waiting while another process holds it. The
 * table holds no row: its owner and the time it was taken are its columns' defaults, which
 * every node's `system.columns` shows from the moment it exists (a row would be on one node of
 * a cluster only, and missing between the creation and the insert). On a cluster it is a
 * TinyLog on every node, created `ON CLUSTER`: the nodes run DDL in one order, so the same
 * creation wins on every node.
 */
async function takeLock(
  connection: ClickhouseConnection,
  layout: ClickhouseLayout,
  owner: string,
  now: () => number,
  lockWaitMs: number,
): Promise<void> {
  const deadline = now() + lockWaitMs
  for (;;) {
    try {
      await connection.command(
        `CREATE TABLE ${quoteIdentifier(layout.database)}.schema_lock${onCluster(layout)} (owner String DEFAULT ${clickhouseLiteral(owner)}, since Int64 DEFAULT ${now()}) ENGINE = TinyLog`,
      )
      return
    } catch (e) {
      // 18.16 says "already exists", or, while the winner is creating it, "creating or attaching".
      if (!/already exists|creating or attaching/i.test(String(e))) throw e
    }
    if (now() > deadline) {
      const held = await lockHolder(connection, layout).catch(() => undefined)
      const by = held
        ? `${held.owner}, since ${new Date(held.since).toISOString()}`
        : 'a process that has not said who it is yet'
      throw new AppError(
        'MIGRATION_LOCKED',
        `the ClickHouse schema is being migrated by ${by}, for more than ${lockWaitMs / 1000} s. If no Témoin process is starting, that one died: remove its lock with ${dropLock(layout)}, then start again.`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Who holds the lock and since when, from its columns' defaults; undefined when it is gone. */
async function lockHolder(
  connection: ClickhouseConnection,
  layout: ClickhouseLayout,
): Promise<{ owner: string; since: number } | undefined> {
  const columns = await connection.select<{ name: string; default_expression: string }>(
    `SELECT name, default_expression FROM system.columns WHERE database = ${clickhouseLiteral(layout.database)} AND table = 'schema_lock'`,
  )
  const value = (name: string) => columns.find((c) => c.name === name)?.default_expression
  const owner = /^'((?:[^'\\]|\\.)*)'$/.exec(value('owner') ?? '')?.[1]
  // 18.16 shows the time as CAST(1765098000000, 'Int64').
  const since = Number(/^(?:CAST\()?(\d+)\b/.exec(value('since') ?? '')?.[1])
  if (owner === undefined || !Number.isSafeInteger(since)) return undefined
  return { owner: owner.replace(/\\(.)/g, '$1'), since }
}
