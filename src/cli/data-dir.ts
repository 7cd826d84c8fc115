import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { statsRollups } from '../stats/stats-rollups.js'
import { createDuckdbStore } from '../store/duckdb/duckdb-store.js'
import type { SetAside } from '../store/duckdb/set-aside-events.js'
import type { StoreSettings } from '../policy/policy-schema.js'
import { connectClickhouseHttp } from '../store/clickhouse/clickhouse-connection.js'
import { createClickhouseStore } from '../store/clickhouse/clickhouse-store.js'
import type { Store } from '../store/store.js'

/**
 * Where things live in the data folder. The server owns it while it runs: DuckDB lets one
 * process open the database file, so other commands reach the data through the server, using the
 * address and admin token it leaves in `server.json` (readable by the folder's owner only).
 *
 * @example dataPaths('/var/lib/temoin').database // '/var/lib/temoin/temoin.duckdb'
 */
export function dataPaths(dataDir: string): {
  readonly dir: string
  readonly database: string
  readonly serverInfo: string
  /** The dashboard's admin secret: scrypt parameters, salt and hash (mode 0600). */
  readonly adminSecret: string
  /** The API tokens' names and SHA-256 hashes (mode 0600). */
  readonly tokens: string
  /** The publication ledger and the releases' stored outputs (docs/publish.md). */
  readonly publications: string
  /** Every version of the policy a server ran here, with its first day (mode 0600). */
  readonly policyVersions: string
} {
  const dir = resolve(dataDir)
  return {
    dir,
    database: resolve(dir, 'temoin.duckdb'),
    serverInfo: resolve(dir, 'server.json'),
    adminSecret: resolve(dir, 'admin-secret.json'),
    tokens: resolve(dir, 'tokens.json'),
    publications: resolve(dir, 'publications'),
    policyVersions: resolve(dir, 'policy-versions.json'),
  }
}

/** What a running server leaves in `server.json`. */
export interface ServerInfo {
  readonly pid: number
  readonly url: string
  readonly adminToken: string
}

/**
 * Opens the store of a configuration: a ClickHouse server when the file says so (`store`; its
 * password from TEMOIN_CLICKHOUSE_PASSWORD), else the embedded store of the data folder. Makes the
 * folder (owner-only) when it is new. The embedded store opens with the dashboard's rollups:
 * every command opens it here, so that none leaves them stale (a store opened without a rollup
 * drops it; opening builds the missing ones from the events). Events the store sets aside because
 * it cannot read them back are logged by id, never by content. Every command passes its
 * configuration's `store`, so that none reads another store than the server writes.
 *
 * @example const store = await openDataStore('.data', config.store, env, (line) => io.stderr.write(`${line}\n`))
 */
export async function openDataStore(
  dataDir: string,
  store: StoreSettings | undefined,
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
): Promise<Store> {
  const paths = dataPaths(dataDir)
  await mkdir(paths.dir, { recursive: true, mode: 0o700 })
  if (store?.clickhouse) {
    const { url, database, username, cluster, insertQuorum } = store.clickhouse
    const password = env.TEMOIN_CLICKHOUSE_PASSWORD ?? ''
    const where = cluster === undefined ? {} : { cluster }
    return createClickhouseStore(
      await connectClickhouseHttp({ url, database, username, password, ...where }),
      { ...where, insertQuorum },
    )
  }
  return createDuckdbStore({
    path: paths.database,
    rollups: statsRollups,
    onSetAside: (setAside) => log(formatSetAside(setAside)),
  })
}

/**
 * Where a configuration's store is, for a log line: never its password.
 *
 * @example describeStore(undefined, '.data') // 'DuckDB /abs/.data/temoin.duckdb'
 */
export function describeStore(store: StoreSettings | undefined, dataDir: string): string {
  if (!store?.clickhouse) return `DuckDB ${dataPaths(dataDir).database}`
  const { url, database, cluster, insertQuorum } = store.clickhouse
  const where = cluster === undefined ? '' : `, cluster ${cluster}, insert quorum ${insertQuorum}`
  return `ClickHouse ${url}, database ${database}${where}`
}

/** How many ids one log line names; the rest are counted. */
const IDS_SHOWN = 20

/**
 * The log line for events set aside: how many, why, their ids (never their content).
 *
 * @example formatSetAside({ ids: ['0a…'], reason: 'props is not JSON that DuckDB reads' })
 */
export function formatSetAside(setAside: SetAside): string {
  const { ids, reason } = setAside
  const shown = ids.slice(0, IDS_SHOWN).join(', ')
  const more = ids.length > IDS_SHOWN ? ` and ${ids.length - IDS_SHOWN} more` : ''
  return `store: set aside ${ids.length} stored event${ids.length === 1 ? '' : 's'} that cannot be read back (${reason}): ids ${shown}${more}. They are out of every statistic, kept in the table events_set_aside, and still removed by retention and erasure.`
}
