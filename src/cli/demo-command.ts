import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { AppError } from '../lib/app-error.js'
import { systemClock } from '../lib/clock.js'
import { loadConfig } from '../policy/load-config.js'
import { formatProblem } from '../policy/policy-problem.js'
import { dashboardNotice } from './dashboard-notice.js'
import { dataPaths } from './data-dir.js'
import type { Io } from './io.js'
import { parseIntegerOption } from './options.js'
import { untilAborted } from './serve-command.js'
import { startServer } from './start-server.js'

/** The demo's defaults, relative to the folder the command runs in (the repository). */
const DEMO_CONFIG = 'examples/temoin.yaml'
const DEMO_SITE = 'examples/site/_site'

/**
 * `temoin demo`: serves an already built site (the demo, `npm run demo:build`) and the collector
 * on one port, on the embedded store, until the signal aborts. It builds nothing itself.
 *
 * @example await demoCommand({ config: undefined, data: '.data', port: '0', site: '/tmp/site' }, io)
 */
export async function demoCommand(
  options: {
    /** The policy file; the demo's own when not given. */
    readonly config: string | undefined
    readonly data: string
    readonly port?: string
    readonly site?: string
  },
  io: Io,
): Promise<number> {
  const common = options
  const configFile = options.config ?? DEMO_CONFIG
  const site = resolve(io.cwd, options.site ?? DEMO_SITE)
  await stat(join(site, 'index.html')).catch((e: unknown) => {
    throw new AppError('USAGE', `no built site in ${site}: it has no index.html.`, {
      details: ['Build the demo first: npm run demo:build (or give --site DIR).'],
      cause: e,
    })
  })
  const log = (line: string) =>
    io.stderr.write(`${new Date(systemClock.now()).toISOString()} temoin: ${line}\n`)
  const config = await loadConfig(resolve(io.cwd, configFile), (p) =>
    log(`policy: ${formatProblem(p)}`),
  )
  const port = parseIntegerOption('--port', options.port, 0, 65535) ?? config.server.port
  const server = await startServer({
    config: { ...config, server: { ...config.server, port } },
    dataDir: resolve(io.cwd, common.data),
    clock: systemClock,
    log,
    staticRoot: site,
    adminSecret: io.env.TEMOIN_ADMIN_SECRET,
    env: io.env,
  })
  try {
    const policy = config.policy
    const privacy = policy.banner.privacyUrl[policy.languages[0] ?? 'fr'] ?? '/confidentialite.html'
    io.stdout.write(
      [
        `Témoin demo is running (Ctrl-C stops it):`,
        `  site:         ${server.url}/`,
        `  privacy page: ${new URL(privacy, server.url).href}`,
        `  collector:    ${server.url}/temoin.js, ${server.url}/api/, ${server.url}/healthz`,
        `  data:         ${resolve(io.cwd, common.data)}`,
        '',
      ].join('\n'),
    )
    io.stdout.write(
      dashboardNotice(
        server.url,
        server.adminSecret,
        dataPaths(resolve(io.cwd, common.data)).adminSecret,
      ),
    )
    await untilAborted(io.signal)
  } finally {
    await server.close()
  }
  return 0
}
