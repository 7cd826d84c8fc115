import { resolve } from 'node:path'
import { AppError } from '../lib/app-error.js'
import { loadConfig } from '../policy/load-config.js'
import type { PolicyProblem } from '../policy/policy-problem.js'
import { storeSchema, type Config, type StoreSettings } from '../policy/policy-schema.js'
import type { Io } from './io.js'
import type { CommonOptions } from './options.js'

const FORM =
  'duckdb (the data folder’s file) or clickhouse://[user@]host[:port][/database][?cluster=NAME[&insertQuorum=N]] (clickhouses:// for HTTPS)'

/**
 * The store a `--store` value names: `duckdb` is the data folder's DuckDB file (`undefined`, as
 * a policy without `store`); `clickhouse://[user@]host[:port][/database]` a ClickHouse server
 * over HTTP (port 8123 by default; `clickhouses://` is HTTPS, port 8443), its database `temoin`
 * unless the path names one; `?cluster=NAME` names the cluster of its tables, and
 * `&insertQuorum=N` the replicas an insert waits for (each at most once). The result passes the policy file's own rules for `store`
 * (policy-schema.ts). A password is refused: on a command line every user of the machine sees
 * it; it comes from TEMOIN_CLICKHOUSE_PASSWORD.
 *
 * @example parseStoreOption('clickhouse://db1:8123/stats') // { clickhouse: { url: 'http://db1:8123', database: 'stats', username: 'default' } }
 */
export function parseStoreOption(raw: string): StoreSettings | undefined {
  if (raw === 'duckdb') return undefined
  // A password given anyway is not repeated in the error, nor in a log that keeps it.
  const shown = JSON.stringify(raw.replace(/^([a-z]+:\/\/[^/@:]*):[^/@]*@/i, '$1:***@'))
  const refuse = (why: string) => new AppError('USAGE', `--store ${shown}: ${why}. Give ${FORM}.`)
  const form = /^(clickhouses?):\/\//.exec(raw)
  if (!form) throw refuse('not a store Témoin knows')
  const https = form[1] === 'clickhouses'
  let url: URL
  try {
    // Read as the HTTP address it stands for, so that the host is checked and written as DNS
    // knows it (punycode), as `clickhouse:` alone would not be.
    url = new URL(`${https ? 'https' : 'http'}${raw.slice(form[1]!.length)}`)
  } catch {
    throw refuse('not an address')
  }
  if (url.password !== '')
    throw refuse(
      'holds a password, which every user of this machine could read in the process list; set TEMOIN_CLICKHOUSE_PASSWORD instead',
    )
  if (url.hash !== '') throw refuse('has a #fragment')
  const settings: Record<string, string | number> = {}
  for (const [key, value] of url.searchParams) {
    if (key !== 'cluster' && key !== 'insertQuorum')
      throw refuse(
        `has ?${JSON.stringify(key).slice(1, -1)}=, which is neither cluster nor insertQuorum`,
      )
    if (key in settings) throw refuse(`names ${key} twice`)
    settings[key] = key === 'insertQuorum' && /^\d{1,2}$/.test(value) ? Number(value) : value
  }
  // The URL parser drops a port that is HTTP's own (80, 443): one written is one meant.
  const written = /:(\d+)$/.exec(raw.slice(form[0].length).split('/')[0] ?? '')?.[1]
  const port = url.port !== '' ? url.port : (written ?? (https ? 8443 : 8123))
  const decode = (part: string, what: string): string => {
    try {
      return decodeURIComponent(part)
    } catch {
      throw refuse(`its ${what} is not valid percent-encoding`)
    }
  }
  const path = url.pathname.replace(/^\/|\/$/g, '')
  const parsed = storeSchema.safeParse({
    clickhouse: {
      url: `${https ? 'https' : 'http'}://${url.hostname}:${port}`,
      ...(path === '' ? {} : { database: decode(path, 'database') }),
      ...(url.username === '' ? {} : { username: decode(url.username, 'user') }),
      ...settings,
    },
  })
  if (!parsed.success)
    throw refuse(
      parsed.error.issues
        .map((issue) => `its ${String(issue.path.at(-1) ?? 'form')} must be ${issue.message}`)
        .join('; '),
    )
  return parsed.data
}

/**
 * A command's configuration: the policy file of `--config`, its `store` replaced by `--store`
 * (or TEMOIN_STORE) when one is given.
 *
 * @example const config = await loadCommandConfig(common, io)
 */
export async function loadCommandConfig(
  common: CommonOptions,
  io: Io,
  onWarning?: (problem: PolicyProblem) => void,
): Promise<Config> {
  // A wrong --store is told before the file is read.
  const chosen = common.store === undefined ? 'configured' : parseStoreOption(common.store)
  const config = await loadConfig(resolve(io.cwd, common.config), onWarning)
  if (chosen === 'configured') return config
  // Every other key of the configuration kept; `store` replaced, or gone for `duckdb`.
  const { store: _replaced, ...rest } = config
  return chosen === undefined ? rest : { ...rest, store: chosen }
}
