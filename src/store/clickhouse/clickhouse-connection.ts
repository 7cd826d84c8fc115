import { ClickHouseLogLevel, createClient } from '@clickhouse/client'
import { AppError } from '../../lib/app-error.js'
import { errorMessage } from '../../lib/error-message.js'
import { clickhouseLiteral, quoteIdentifier } from './clickhouse-literal.js'

/**
 * What the ClickHouse store needs from a ClickHouse engine: statements in the store's database,
 * rows out as JSON objects (64-bit integers as numbers), rows in. A server over HTTP
 * (`connectClickhouseHttp`) in production; the tests also run the same store on chdb, a current
 * engine in-process (test/helpers/chdb-connection.ts).
 */
export interface ClickhouseConnection {
  /** What `SELECT version()` answers, e.g. `18.16.1` or `26.7.2.1`. */
  readonly version: string
  /** The database every statement runs in. */
  readonly database: string
  /** A statement that answers no rows (DDL, ALTER). */
  command(sql: string): Promise<void>
  /**
   * A SELECT's rows; `readonly`: the engine itself refuses anything that would write;
   * `settings`: more of the engine's settings for this read.
   */
  select<T>(sql: string, options?: SelectOptions): Promise<T[]>
  /** Rows into a table, one INSERT, with the engine's `settings`: answered once it has written them. */
  insert(table: string, rows: readonly object[], settings?: EngineSettings): Promise<void>
  ping(): Promise<void>
  close(): Promise<void>
}

/** Settings of the engine for one statement, by their ClickHouse names. */
export type EngineSettings = Readonly<Record<string, number | string>>

/** How a read runs. */
export interface SelectOptions {
  readonly readonly?: boolean
  readonly settings?: EngineSettings
}

/** Where a ClickHouse server is, and who Témoin is there. */
export interface ClickhouseHttpOptions {
  /** The HTTP interface, e.g. `http://127.0.0.1:8123`. */
  readonly url: string
  /** Témoin's database, created if needed (letters, digits and `_`). */
  readonly database: string
  readonly username?: string
  /** Read from the environment by the caller; never written to disk or to a log. */
  readonly password?: string
  /** The cluster Témoin's tables are on: the database is created on every node. */
  readonly cluster?: string
}

/**
 * A ClickHouse server through its HTTP interface, with the official client
 * (`@clickhouse/client`). Creates the database if it is missing; every statement after runs in
 * it. A failed request is STORE_UNREACHABLE, with what it was for and the server's message,
 * never the request's values.
 *
 * @example const connection = await connectClickhouseHttp({ url: 'http://127.0.0.1:8123', database: 'temoin' })
 */
export async function connectClickhouseHttp(
  options: ClickhouseHttpOptions,
): Promise<ClickhouseConnection> {
  const connect = (database?: string) =>
    createClient({
      url: options.url,
      username: options.username ?? 'default',
      password: options.password ?? '',
      ...(database === undefined ? {} : { database }),
      // Failures are reported by the store, without the request's arguments.
      log: { level: ClickHouseLogLevel.OFF },
    })
  const setup = connect()
  try {
    if (options.cluster !== undefined) await checkCluster(setup, options.cluster, options.database)
    await setup.command({
      query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(options.database)}${options.cluster === undefined ? '' : ` ON CLUSTER ${quoteIdentifier(options.cluster)}`}`,
    })
  } catch (e) {
    throw clickhouseFailed(`creating the database at ${options.url}`, e)
  } finally {
    await setup.close()
  }
  const client = connect(options.database)
  let version = ''
  const select = async <T>(sql: string, options: SelectOptions = {}): Promise<T[]> => {
    const result = await client.query({
      query: sql,
      format: 'JSONEachRow',
      clickhouse_settings: {
        ...readSettings(version, options.readonly ?? false),
        ...options.settings,
      },
    })
    return result.json<T>()
  }
  try {
    const [about] = await select<{ v: string }>('SELECT version() AS v')
    version = about?.v ?? ''
  } catch (e) {
    await client.close()
    throw clickhouseFailed(`asking ${options.url} for its version`, e)
  }
  return {
    version,
    database: options.database,
    async command(sql) {
      await client.command({ query: sql })
    },
    select,
    async insert(table, rows, settings = {}) {
      await client.insert({
        table,
        values: [...rows],
        format: 'JSONEachRow',
        clickhouse_settings: settings,
      })
    },
    async ping() {
      const answer = await client.ping()
      if (!answer.success) throw answer.error
    },
    close: () => client.close(),
  }
}

/** Refuses a cluster the server does not have in its `remote_servers`. */
async function checkCluster(
  client: ReturnType<typeof createClient>,
  cluster: string,
  database: string,
): Promise<void> {
  const result = await client.query({
    query: `SELECT count() AS n FROM system.clusters WHERE cluster = ${clickhouseLiteral(cluster)}`,
    format: 'JSONEachRow',
  })
  const [row] = await result.json<{ n: string }>()
  if (Number(row?.n ?? 0) === 0)
    throw new AppError(
      'STORE_MISCONFIGURED',
      `ClickHouse (database ${database}): the server has no cluster "${cluster}" in its remote_servers; name one it has (SELECT DISTINCT cluster FROM system.clusters), or remove store.clickhouse.cluster.`,
    )
}

/** A failed request to ClickHouse, with what it was for; never the request's values. */
export function clickhouseFailed(what: string, e: unknown): AppError {
  if (e instanceof AppError) return e
  return new AppError('STORE_UNREACHABLE', `ClickHouse: ${what} failed: ${errorMessage(e)}`)
}

/**
 * Whether a ClickHouse version reads SQL as the statistics write it: 21.x and later have window
 * functions, JSON functions, and `prefer_column_name_to_alias`. ClickHouse lets an alias of a
 * SELECT hide a column of the same name in the whole statement (`CASE … END AS referrer` hid
 * `referrer` inside the CASE, tried); with the setting, a name is the column's, as in standard SQL.
 */
export function isCurrentClickhouse(version: string): boolean {
  return Number.parseInt(version, 10) >= 21
}

/**
 * The settings of every read: 64-bit integers as JSON numbers, on a current engine names as in
 * standard SQL (see isCurrentClickhouse), and for a `readonly` read `readonly = 2` (settings may
 * still be sent, but nothing may be written or created).
 *
 * @example readSettings('26.7.2.1', true) // { output_format_json_quote_64bit_integers: 0, prefer_column_name_to_alias: 1, readonly: '2' }
 */
export function readSettings(
  version: string,
  readonly: boolean,
): Readonly<Record<string, number | string>> {
  return {
    output_format_json_quote_64bit_integers: 0,
    ...(isCurrentClickhouse(version) ? { prefer_column_name_to_alias: 1 } : {}),
    ...(readonly ? { readonly: '2' } : {}),
  }
}
