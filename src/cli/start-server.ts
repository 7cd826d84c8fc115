import { randomBytes } from 'node:crypto'
import { access, rm, writeFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { loadAdminSecret, type AdminSecret } from '../auth/admin-secret.js'
import { createAuth, type Auth } from '../auth/create-auth.js'
import { createReadLimit } from '../auth/read-limit.js'
import { strictTransportHeaders, withHeaders } from '../auth/strict-transport.js'
import { createTokenChecker } from '../auth/token-checker.js'
import { createAdminApi } from '../collector/create-admin-api.js'
import { createCollector } from '../collector/create-collector.js'
import { createReceiptsApi } from '../collector/create-receipts-api.js'
import { createStatsApi } from '../collector/create-stats-api.js'
import { createGeoLookup } from '../collector/geo-lookup.js'
import { reject } from '../collector/reject.js'
import { createDashboard } from '../dashboard/create-dashboard.js'
import { AppError } from '../lib/app-error.js'
import { createBoundedQueue } from '../lib/bounded-queue.js'
import type { Clock } from '../lib/clock.js'
import { admitPolicy, type RunVersion } from '../policy/admit-policy.js'
import { errorMessage } from '../lib/error-message.js'
import type { Config } from '../policy/policy-schema.js'
import { createGroupCommitWriter } from '../store/group-commit-writer.js'
import { purgeExpired } from '../store/retention.js'
import type { Store } from '../store/store.js'
import { loadBrowserScripts } from './browser-scripts.js'
import { createHttpServer } from './create-http-server.js'
import { createClientAddress } from './client-address.js'
import { loadDashboardAssets } from './dashboard-assets.js'
import { dataPaths, describeStore, openDataStore, type ServerInfo } from './data-dir.js'
import { readRunVersions, writeRunVersions } from './policy-versions.js'
import { reportDataDirMode } from './report-data-dir-mode.js'
import { createStaticSite, isSiteRequest } from './static-site.js'

/** A running server. */
export interface RunningServer {
  readonly url: string
  /** The server's store (reads see every acknowledged write): for in-process tests and tools. */
  readonly store: Store
  /** Where the admin secret came from; when `created`, the secret to print once. */
  readonly adminSecret: AdminSecret
  /** The dashboard's and stats API's authentication (for in-process tests). */
  readonly auth: Auth
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
  /** `TEMOIN_ADMIN_SECRET`: when set, the dashboard's secret (the data folder's is ignored). */
  adminSecret?: string
  /** The environment, for the store's password (`TEMOIN_CLICKHOUSE_PASSWORD`). */
  env?: Readonly<Record<string, string | undefined>>
}): Promise<RunningServer> {
  const { config, clock, log } = options
  const paths = dataPaths(options.dataDir)
  const scripts = await loadBrowserScripts(config.policy)
  const assets = await loadDashboardAssets()
  await reportDataDirMode(paths.dir, log)
  const store = await openDataStore(paths.dir, config.store, options.env ?? {}, log)
  let adminSecret: AdminSecret
  let runVersions: readonly RunVersion[]
  try {
    // Under the data folder's lock: the versions run before, and this one admitted or refused
    // (a lowering change without its notice, or before its effective date, does not start).
    const versions = await readRunVersions(paths.policyVersions)
    const next = admitPolicy(config.policy, versions.at(-1), clock.now())
    runVersions = next === undefined ? versions : [...versions, next]
    if (next !== undefined) {
      await writeRunVersions(paths.policyVersions, runVersions)
      log(
        `policy: version ${next.version} recorded in ${paths.policyVersions}${next.announced ? ` (announced ${next.announced})` : ''}`,
      )
    }
    adminSecret = await loadAdminSecret({
      file: paths.adminSecret,
      envSecret: options.adminSecret,
      randomBytes: (n) => randomBytes(n),
    })
  } catch (e) {
    await store.close()
    throw e
  }
  const writer = createGroupCommitWriter({ store })
  const geo = await createGeoLookup()
  const clientAddress = createClientAddress(config.server.trustProxy)
  const collector = createCollector({
    config,
    store,
    writer,
    clock,
    randomBytes: (n) => randomBytes(n),
    geo,
    clientAddress,
    scripts,
    log,
  })
  const auth = createAuth({
    config,
    secret: adminSecret.hash,
    tokens: createTokenChecker(paths.tokens),
    clock,
    randomBytes: (n) => randomBytes(n),
  })
  // One line for every statistics query, whoever asks: the store reads on a few connections.
  const queries = createBoundedQueue({
    concurrency: config.server.dashboard.queryConcurrency,
    queue: config.server.dashboard.queryQueue,
  })
  // Every /api/stats call needs a dashboard session or an API token, or a public site.
  const stats = createStatsApi({
    store,
    policy: config.policy,
    clock,
    authorize: (req) => auth.authorize(req),
    queries,
    log,
  })
  // The consent records, with the same credentials (never public).
  const receipts = createReceiptsApi({
    store,
    policy: config.policy,
    clock,
    authorize: (req) => auth.authorize(req),
  })
  // /api/stats and /dashboard are routed before the collector and its limit: a budget of their own.
  const readLimit = createReadLimit({
    perMinute: config.server.dashboard.rateLimitPerMinute,
    randomBytes: (n) => randomBytes(n),
  })
  const dashboard = createDashboard({
    auth,
    policy: config.policy,
    clock,
    clientAddress,
    readLimit,
    assets,
    stats: (req) => stats.fetch(req),
    receipts: (req) => receipts.fetch(req),
    policyVersions: runVersions,
    queries,
    log,
  })
  const adminToken = randomBytes(32).toString('hex')
  const admin = createAdminApi({
    token: adminToken,
    store,
    policy: config.policy,
    clock,
    ledgerDir: paths.publications,
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

  // What carries a session or reads with one is HTTPS-only when the operator says the server is.
  const hsts = strictTransportHeaders(config.server.dashboard)
  const site = options.staticRoot === undefined ? undefined : createStaticSite(options.staticRoot)
  const server = createHttpServer({
    settings: config.server,
    log,
    fetch: (req, env) => {
      const { pathname } = new URL(req.url)
      if (pathname.startsWith('/api/admin/')) return admin.fetch(req)
      // The stats and the consent records share the read budget of each client.
      const reads = pathname.startsWith('/api/stats/')
        ? stats
        : pathname === '/api/receipts'
          ? receipts
          : null
      if (reads) {
        return readLimit
          .take(clientAddress(req, env), 1)
          .then((refused) =>
            refused
              ? reject(refused.error, { 'Retry-After': String(refused.retryAfterSeconds) })
              : reads.fetch(req),
          )
          .then((res) => withHeaders(res, hsts))
      }
      if (pathname === '/dashboard' || pathname.startsWith('/dashboard/')) {
        return dashboard.fetch(req, env).then((res) => withHeaders(res, hsts))
      }
      if (site && isSiteRequest(req.method, pathname)) return site.fetch(req)
      return collector.fetch(req, env)
    },
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
      server.listen(config.server.port, config.server.host)
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
  // A killed server leaves its server.json, and writeFile keeps an existing file's mode: it goes
  // first, so the token is written into a file made 0600 ('wx': through nothing put back there).
  await rm(paths.serverInfo, { force: true })
  await writeFile(paths.serverInfo, JSON.stringify(info), { mode: 0o600, flag: 'wx' })
  log(
    `listening on ${url} (store: ${describeStore(config.store, paths.dir)}; policy version ${config.policy.version})`,
  )

  let closing: Promise<void> | undefined
  if (adminSecret.source === 'env' && (await exists(paths.adminSecret))) {
    log(`dashboard: TEMOIN_ADMIN_SECRET is set, so ${paths.adminSecret} is not used`)
  }
  return {
    url,
    store,
    adminSecret,
    auth,
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

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  )
}
