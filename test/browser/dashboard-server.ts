import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { run } from '../../src/cli/run.js'
import { startServer, type RunningServer } from '../../src/cli/start-server.js'
import { systemClock } from '../../src/lib/clock.js'
import { captureIo } from '../helpers/capture-io.js'
import { loadTestConfig } from '../helpers/collector-harness.js'
import { ROOT } from '../helpers/server-process.js'

/** The admin secret of the dashboard tests (given as TEMOIN_ADMIN_SECRET would be). */
export const SECRET = 'dashboard test secret, long enough'
export const SITE = 'demo.temoin.example'

/** `temoin serve`'s composition on a temp data folder, optionally seeded by `temoin seed`. */
export interface DashboardServer {
  readonly url: string
  readonly server: RunningServer
  close(): Promise<void>
}

/**
 * Seeds a fresh data folder with `temoin seed` (in-process, as a user would run it), then starts
 * the real server on it at 127.0.0.1 on a free port.
 *
 * @example const s = await startDashboardServer({ seedEvents: 20_000 })
 */
export async function startDashboardServer(
  options: { seedEvents?: number; server?: Record<string, unknown> } = {},
): Promise<DashboardServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'temoin-dashboard-'))
  if (options.seedEvents) {
    const io = captureIo(ROOT)
    const code = await run(
      [
        'seed',
        ...['--events', String(options.seedEvents), '--months', '3'],
        ...['--config', join(ROOT, 'examples/temoin.yaml'), '--data', dataDir],
      ],
      io,
    )
    expect(code, io.err()).toBe(0)
  }
  const config = await loadTestConfig({
    server: {
      host: '127.0.0.1',
      port: 0,
      // The tests open many pages in a minute, from one address.
      rateLimitPerMinute: 100_000,
      dashboard: { rateLimitPerMinute: 100_000 },
      ...options.server,
    },
  })
  const server = await startServer({
    config,
    dataDir,
    clock: systemClock,
    log: () => undefined,
    adminSecret: SECRET,
  })
  return {
    url: server.url,
    server,
    async close() {
      await server.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Logs in through the form, as a person would, and waits for the dashboard.
 *
 * @example await logIn(page, server.url)
 */
export async function logIn(page: Page, url: string, secret = SECRET): Promise<void> {
  await page.goto(`${url}/dashboard/login`)
  await page.getByLabel('Admin secret').fill(secret)
  await Promise.all([
    page.waitForURL(/\/dashboard(\?|$)/),
    page.getByRole('button', { name: 'Log in' }).click(),
  ])
}

/** The panels of the page, by their element id (`panel-<id>`). */
export const PANELS = [
  'pages',
  'entries',
  'referrers',
  'campaigns',
  'countries',
  'devices',
  'browsers',
  'os',
  'events',
  'frequency',
  'recency',
  'consents',
  'consent-versions',
] as const
