import { resolve } from 'node:path'
import { systemClock } from '../lib/clock.js'
import { formatProblem } from '../policy/policy-problem.js'
import { dashboardNotice } from './dashboard-notice.js'
import { dataPaths } from './data-dir.js'
import type { Io } from './io.js'
import { loadCommandConfig } from './store-option.js'
import { parseIntegerOption } from './options.js'
import type { CommonOptions } from './options.js'
import { startServer } from './start-server.js'

/**
 * `temoin serve`: runs the collector until the signal (SIGINT/SIGTERM in bin/temoin.js) aborts.
 *
 * @example await serveCommand({ config: 'temoin.yaml', data: '.data', port: '0' }, io)
 */
export async function serveCommand(
  options: CommonOptions & { readonly port?: string; readonly host?: string },
  io: Io,
): Promise<number> {
  const common = options
  const log = (line: string) =>
    io.stderr.write(`${new Date(systemClock.now()).toISOString()} temoin: ${line}\n`)
  const config = await loadCommandConfig(common, io, (p) => log(`policy: ${formatProblem(p)}`))
  const port = parseIntegerOption('--port', options.port, 0, 65535) ?? config.server.port
  const host = options.host ?? config.server.host
  const server = await startServer({
    config: { ...config, server: { ...config.server, port, host } },
    dataDir: resolve(io.cwd, common.data),
    clock: systemClock,
    log,
    adminSecret: io.env.TEMOIN_ADMIN_SECRET,
    env: io.env,
  })
  io.stdout.write(`Témoin is listening on ${server.url}\n`)
  io.stdout.write(
    dashboardNotice(
      server.url,
      server.adminSecret,
      dataPaths(resolve(io.cwd, common.data)).adminSecret,
    ),
  )
  await untilAborted(io.signal)
  await server.close()
  return 0
}

/**
 * Resolves when the signal aborts; without a signal, never (the command runs until the process
 * ends).
 *
 * @example await untilAborted(io.signal)
 */
export function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolveStop) => {
    if (!signal) return
    if (signal.aborted) return resolveStop()
    signal.addEventListener('abort', () => resolveStop(), { once: true })
  })
}
