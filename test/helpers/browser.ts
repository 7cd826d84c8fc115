import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../../src/cli/start-server.js'
import type { Clock } from '../../src/lib/clock.js'
import type { Config } from '../../src/policy/policy-schema.js'
import type { ConsentReceipt, StoredEvent } from '../../src/store/store.js'

export const CHROMIUM = '/usr/bin/chromium'

/**
 * Debian's Chromium, headless, with a fresh profile, and `args` for a test's needs (e.g.
 * `--host-resolver-rules` for sites on names of their own). A missing browser fails the test with
 * the way to install it: a browser test that skips proves nothing.
 */
export async function launchChromium(
  options: { readonly args?: readonly string[] } = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium), or run scripts/setup.sh as root`,
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  })
}

/** A clock the test moves, shared by the collector (and set on the page with page.clock). */
export interface ShiftableClock extends Clock {
  /** Milliseconds added to the real time. */
  offset: number
}

export function createShiftableClock(): ShiftableClock {
  const clock: ShiftableClock = { offset: 0, now: () => Date.now() + clock.offset }
  return clock
}

/**
 * A site and its collector, both real: the collector is `temoin serve`'s composition on a temp
 * data folder (DuckDB file) at 127.0.0.1; the site's pages are served at http://localhost:PORT
 * (a host of the example policy) from `pages` (path → HTML, where `{{collector}}` is replaced by
 * the collector's URL).
 */
export interface TestSite {
  readonly siteUrl: string
  readonly collectorUrl: string
  readonly clock: ShiftableClock
  /** Everything the collector acknowledged so far. */
  stored(): Promise<{ events: StoredEvent[]; receipts: ConsentReceipt[] }>
  close(): Promise<void>
}

export async function startTestSite(
  config: Config,
  pages: Record<string, string>,
): Promise<TestSite> {
  const dataDir = await mkdtemp(join(tmpdir(), 'temoin-browser-'))
  const clock = createShiftableClock()
  const collector: RunningServer = await startServer({
    config: {
      ...config,
      server: { ...config.server, host: '127.0.0.1', port: 0, rateLimitPerMinute: 100_000 },
    },
    dataDir,
    clock,
    log: () => undefined,
  })
  const collectorUrl = collector.url
  const site: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const html = pages[path]
    if (html === undefined) {
      res.writeHead(404).end('not found')
      return
    }
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(html.replaceAll('{{collector}}', collectorUrl))
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  const siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`

  return {
    siteUrl,
    collectorUrl,
    clock,
    async stored() {
      const store = collector.store
      return {
        events: await store.listEvents({ limit: 100_000 }),
        receipts: await store.listReceipts({ limit: 100_000 }),
      }
    },
    async close() {
      await collector.close()
      await new Promise<void>((resolve) => site.close(() => resolve()))
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
