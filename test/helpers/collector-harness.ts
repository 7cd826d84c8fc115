import { afterEach } from 'vitest'
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'
import { createCollector } from '../../src/collector/create-collector.js'
import { createGeoLookup, type GeoLookup } from '../../src/collector/geo-lookup.js'
import { createFakeClock, type FakeClock } from '../../src/lib/clock.js'
import { inspectConfigText } from '../../src/policy/load-config.js'
import type { Config } from '../../src/policy/policy-schema.js'
import { createDuckdbStore, type DuckdbStoreOptions } from '../../src/store/duckdb/duckdb-store.js'
import { createGroupCommitWriter } from '../../src/store/group-commit-writer.js'
import type { Store } from '../../src/store/store.js'
import type { Writer } from '../../src/store/writer.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** A browser user agent (Chrome on Windows), so that the bot filter lets test hits through. */
export const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
/** Safari on an iPhone. */
export const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'
/** The time every harness starts at. */
export const START = '2026-11-26T10:00:00.000Z'
/** A routable address the DB-IP database places in France (free.fr). */
export const FRENCH_IP = '212.27.48.10'

let geo: Promise<GeoLookup> | undefined

/**
 * The example policy (examples/temoin.yaml), optionally with `statistics` on the consent basis
 * (the example uses the CNIL exemption for its anonymous measurement) and other
 * `server` settings; checked by the policy's own rules.
 */
export async function loadTestConfig(
  options: {
    statistics?: 'consent' | 'exempt'
    server?: Record<string, unknown>
    policy?: Record<string, unknown>
  } = {},
): Promise<Config> {
  const doc = YAML.parse(await readFile(join(ROOT, 'examples/temoin.yaml'), 'utf8')) as Record<
    string,
    unknown
  > & {
    purposes: { statistics: { basis: string } }
    server?: Record<string, unknown>
  }
  if (options.statistics) doc.purposes.statistics.basis = options.statistics
  Object.assign(doc, options.policy ?? {})
  doc.server = { ...doc.server, ...options.server }
  const { config, problems } = inspectConfigText(YAML.stringify(doc), 'test config')
  if (!config) throw new Error(`test config invalid: ${JSON.stringify(problems)}`)
  return config
}

/** A collector on a real DuckDB store and a real group-commit writer, with a fake clock. */
export interface Harness {
  readonly config: Config
  readonly store: Store
  readonly writer: Writer
  readonly clock: FakeClock
  /** The address every request comes from; change it to be another client. */
  address: string | undefined
  fetch(req: Request): Promise<Response>
  /** POSTs a JSON value as text/plain (as sendBeacon does) with a browser user agent. */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>
  counts(): Promise<{ events: number; receipts: number }>
  close(): Promise<void>
}

/** @example const h = await createHarness({ statistics: 'consent' }) */
export async function createHarness(
  options: {
    statistics?: 'consent' | 'exempt'
    server?: Record<string, unknown>
    policy?: Record<string, unknown>
    storePath?: string
    /** Options of the DuckDB store beyond its path (e.g. the dashboard's rollups). */
    store?: Omit<DuckdbStoreOptions, 'path'>
    log?: (line: string) => void
    /** Replaces the fixed test address (e.g. with one that throws). */
    clientAddress?: (req: Request, env: unknown) => string | undefined
  } = {},
): Promise<Harness> {
  const config = await loadTestConfig(options)
  const store = await createDuckdbStore({ ...options.store, path: options.storePath ?? ':memory:' })
  const writer = createGroupCommitWriter({ store })
  const clock = createFakeClock(START)
  geo ??= createGeoLookup()
  const harness: Harness = {
    config,
    store,
    writer,
    clock,
    address: FRENCH_IP,
    fetch: (req) => collector.fetch(req, undefined),
    post: (path, body, headers = {}) =>
      collector.fetch(
        new Request(`http://collector.test${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'text/plain;charset=UTF-8',
            'user-agent': CHROME_WINDOWS,
            ...headers,
          },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    async counts() {
      return {
        events: await store.countEvents({}),
        receipts: (await store.listReceipts({ limit: 100_000 })).length,
      }
    },
    async close() {
      await writer.close()
      await store.close()
    },
  }
  const collector = createCollector({
    config,
    store,
    writer,
    clock,
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    geo: await geo,
    clientAddress: options.clientAddress ?? (() => harness.address),
    ...(options.log ? { log: options.log } : {}),
  })
  return harness
}

/** `harness(options)` for a test file: every harness it makes is closed after each test. */
export function useHarnesses(): (
  options?: Parameters<typeof createHarness>[0],
) => Promise<Harness> {
  const open: Harness[] = []
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close().catch(() => undefined)
  })
  return async (options = {}) => {
    const h = await createHarness(options)
    open.push(h)
    return h
  }
}
