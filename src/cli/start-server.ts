import { randomBytes } from 'node:crypto'
import { rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createBearerAuthorize } from '../collector/bearer-authorize.js'
import { createAdminApi } from '../collector/create-admin-api.js'
import { createCollector } from '../collector/create-collector.js'
import { createStatsApi, type StatsAuthorize } from '../collector/create-stats-api.js'
import { createGeoLookup } from '../collector/geo-lookup.js'
import { AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import { errorMessage } from '../lib/error-message.js'
import type { Config } from '../policy/policy-schema.js'
import { createGroupCommitWriter } from '../store/group-commit-writer.js'
import { purgeExpired } from '../store/retention.js'
import type { Store } from '../store/store.js'
import { loadBrowserScripts } from './browser-scripts.js'
import { createClientAddress } from './client-address.js'
import { dataPaths, openDataStore, type ServerInfo } from './data-dir.js'
import { createStaticSite, isSiteRequest } from './static-site.js'

/** A running server. */
export interface RunningServer {
  readonly url: string
  /** The server's store (reads see every acknowledged write): for in-process tests and tools. */
  readonly store: Store
  /** Stops accepting, commits what was accepted, closes the store. */
  close(): Promise<void>
}

/**
 * The composition root of `temoin serve`: the embedded DuckDB store in the data folder, the
 * group-commit writer, the collector and the admin API on one port, and the retention purge on
 * a timer. The address of every request is used for the country and the rate limit, then
 * dropped: nothing here logs it. With `staticRoot` (`temoin demo`), the built site in that folder
 * answers the GET requests that are not the collector's (`/api/`, the scripts, `/healthz`).
 *
 * @example const server = await startServer({ config, dataDir: '.data', clock: systemClock, log })
 */
export async function startServer(options: {
  config: Config
  dataDir: string
  clock: Clock
  log: (line: string) => void
  /** Absolute path of a built static site to serve on the same port. */
  staticRoot?: string
  /**
   * Who may read `/api/stats/*`. By default only a caller holding the admin token of
   * `server.json`: the statistics are never public unless this says so.
   */
  authorizeStats?: StatsAuthorize
}): Promise<RunningServer> {
  const { config, clock, log } = options
  const paths = dataPaths(options.dataDir)
  const scripts = await loadBrowserScripts(config.policy)
  const store = await openDataStore(paths.dir)
  const writer = createGroupCommitWriter({ store })
  const geo = await createGeoLookup()
  const collector = createCollector({
    config,
    store,
    writer,
    clock,
    randomBytes: (n) => randomBytes(n),
    geo,
    clientAddress: createClientAddress(config.server.trustProxy),
    scripts,
    log,
  })
  const adminToken = randomBytes(32).toString('hex')
  const admin = createAdminApi({ token: adminToken, store, policy: config.policy, clock })
  const stats = createStatsApi({
    store,
    policy: config.policy,
    clock,
    authorize: options.authorizeStats ?? createBearerAuthorize(adminToken),
    log,
  })

  const purge = async () => {
    try {
      const removed = await purgeExpired(store, config.policy, clock)
      if (removed.events + removed.receipts > 0) {
        log(
          `retention: deleted ${removed.events} events and ${removed.receipts} receipts past their retention period`,
        )
      }
    } catch (e) {
      log(`retention: purge failed: ${e instanceof Error ? e.message : String(e)}`)
    }
  }
  await purge()
  const timer = setInterval(() => void purge(), config.server.purgeEveryMinutes * 60_000)
  timer.unref()

  const site = options.staticRoot === undefined ? undefined : createStaticSite(options.staticRoot)
  const server = serve({
    fetch: (req, env) => {
      const { pathname } = new URL(req.url)
      if (pathname.startsWith('/api/admin/')) return admin.fetch(req)
      if (pathname.startsWith('/api/stats/')) return stats.fetch(req)
      if (site && isSiteRequest(req.method, pathname)) return site.fetch(req)
      return collector.fetch(req, env)
    },
    port: config.server.port,
    hostname: config.server.host,
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
  } catch (e) {
    // Port taken, address not ours…: leave the data folder as cleanly as a normal stop would.
    clearInterval(timer)
    await writer.close()
    await store.close()
    throw new AppError(
      'USAGE',
      `cannot listen on ${config.server.host}:${config.server.port}: ${errorMessage(e)}`,
      { cause: e },
    )
  }
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = `http://${host}:${address.port}`
  const info: ServerInfo = { pid: process.pid, url, adminToken }
  await writeFile(paths.serverInfo, JSON.stringify(info), { mode: 0o600 })
  log(
    `listening on ${url} (store: DuckDB ${paths.database}; policy version ${config.policy.version})`,
  )

  let closing: Promise<void> | undefined
  return {
    url,
    store,
    close() {
      closing ??= (async () => {
        clearInterval(timer)
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          // Idle keep-alive connections would hold close() open; busy ones finish their request.
          if ('closeIdleConnections' in server) server.closeIdleConnections()
        })
        await writer.close()
        await store.close()
        await rm(paths.serverInfo, { force: true })
        log('stopped: every accepted event is committed')
      })()
      return closing
    },
  }
}
