import { Session } from 'chdb'
import {
  readSettings,
  type ClickhouseConnection,
  type SelectOptions,
} from '../../src/store/clickhouse/clickhouse-connection.js'
import { clickhouseLiteral } from '../../src/store/clickhouse/clickhouse-literal.js'
import { quoteIdentifier } from '../../src/store/clickhouse/clickhouse-literal.js'

/**
 * The ClickHouse store's connection on chdb: a current ClickHouse engine (26.x) in this process,
 * on a folder of its own. The tests run the store on it for today's SQL, beside Debian's 18.16
 * server; production talks HTTP to a server (connectClickhouseHttp). chdb has one engine per
 * process: open one session at a time.
 *
 * @example const store = await createClickhouseStore(await connectChdb(folder, 'temoin'))
 */
export async function connectChdb(path: string, database: string): Promise<ClickhouseConnection> {
  const session = new Session(path)
  const db = quoteIdentifier(database)
  const run = async (sql: string, format = 'JSONEachRow') =>
    (await session.queryAsync(sql, { format })).text()
  await run(`CREATE DATABASE IF NOT EXISTS ${db}`)
  await run(`USE ${db}`)
  const select = async <T>(sql: string, options: SelectOptions = {}): Promise<T[]> => {
    // chdb is a current engine (26.x): its reads take a current engine's settings.
    const settings = Object.entries({
      ...readSettings('26', options.readonly ?? false),
      ...options.settings,
    })
      .map(([name, value]) => `${name} = ${clickhouseLiteral(value)}`)
      .join(', ')
    const text = await run(`${sql}\nSETTINGS ${settings}`)
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as T)
  }
  const [about] = await select<{ v: string }>('SELECT version() AS v')
  return {
    version: about?.v ?? '',
    database,
    async command(sql) {
      await run(sql)
    },
    select,
    async insert(table, rows, settings = {}) {
      // Only the cluster layout inserts with settings, and chdb is one engine, no cluster.
      if (Object.keys(settings).length > 0)
        throw new Error(`chdb inserts take no settings (${Object.keys(settings).join(', ')})`)
      await session.insert({
        table,
        values: rows.map((row) => JSON.stringify(row)).join('\n'),
        format: 'JSONEachRow',
      })
    },
    async ping() {
      await run('SELECT 1')
    },
    close: () => {
      session.close()
      return Promise.resolve()
    },
  }
}
