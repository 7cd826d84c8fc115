import { readFile, rm, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { startClickhouseServer, type ClickhouseServer } from './helpers/clickhouse-server.js'
import {
  freePort,
  makeWorkdir,
  sendPageview,
  startServerProcess,
  type ServerProcess,
} from './helpers/server-process.js'

/**
 * `temoin serve` on ClickHouse, with real processes: Debian's ClickHouse 18.16 server, and the
 * store named in the configuration file or on the command line (`--store clickhouse://…`).
 * DESIGN.md rule 6, "nothing acknowledged is lost": page views tagged `/p/<n>` come from
 * concurrent clients, one process is SIGKILLed under that load, and every event answered 2xx
 * must be stored, none twice.
 */
const CLIENTS = 16
let clickhouse: ClickhouseServer
const started: ServerProcess[] = []
const folders: string[] = []
beforeAll(async () => {
  clickhouse = await startClickhouseServer()
}, 90_000)
afterAll(async () => {
  for (const serve of started) serve.child.kill('SIGKILL')
  await Promise.all(started.map((serve) => serve.exited))
  await clickhouse?.stop()
  for (const folder of folders) await rm(folder, { recursive: true, force: true })
})

/**
 * `temoin serve` on a new data folder, storing in `database` of the test's ClickHouse, named by
 * `--store` (or by the configuration file's `store.clickhouse`).
 */
async function serveOn(
  database: string,
  port: number,
  named: 'option' | 'file' = 'option',
): Promise<ServerProcess> {
  const work = await makeWorkdir({ rateLimitPerMinute: 1_000_000 })
  folders.push(work.dir)
  if (named === 'file') {
    const config = YAML.parse(await readFile(work.config, 'utf8')) as Record<string, unknown>
    config.store = { clickhouse: { url: clickhouse.url, database } }
    await writeFile(work.config, YAML.stringify(config))
  }
  const store = `${clickhouse.url.replace(/^http:/, 'clickhouse:')}/${database}`
  const serve = await startServerProcess({
    config: work.config,
    data: work.data,
    port,
    args: named === 'option' ? ['--store', store] : [],
  })
  started.push(serve)
  return serve
}

/** What the clients saw: answered 2xx, answered otherwise, or no answer at all. */
interface Seen {
  readonly acked: Set<number>
  /** The status and error code of each refused tag, e.g. `503 STORE_UNREACHABLE`. */
  readonly refused: Map<number, string>
  readonly unanswered: Set<number>
}

const newSeen = (): Seen => ({ acked: new Set(), refused: new Map(), unanswered: new Set() })

/** Sends tags from `next.value` up to `total` with CLIENTS clients, until `stop()` says so. */
async function sendTags(
  url: string,
  next: { value: number },
  total: number,
  seen: Seen,
  stop: () => boolean = () => false,
): Promise<void> {
  const client = async () => {
    while (next.value < total && !stop()) {
      const i = next.value++
      try {
        const res = await sendPageview(url, `/p/${i}`)
        await res.arrayBuffer()
        if (res.status >= 200 && res.status < 300) seen.acked.add(i)
        else seen.refused.set(i, `${res.status} ${res.headers.get('x-temoin-error')}`)
      } catch {
        seen.unanswered.add(i)
      }
    }
  }
  await Promise.all(Array.from({ length: CLIENTS }, client))
}

/**
 * Checks that every acknowledged tag is stored in `database`, none twice, and none that was not
 * sent (0 to total - 1); answers how many times each tag is stored.
 */
async function expectAckedStoredOnce(
  database: string,
  seen: Seen,
  total: number,
): Promise<Map<number, number>> {
  const rows = await clickhouse.rows<{ path: string; n: number }>(
    `SELECT path, count() AS n FROM ${database}.events GROUP BY path`,
  )
  const stored = new Map(
    rows.map((row) => [Number(/^\/p\/(\d+)$/.exec(row.path)?.[1]), Number(row.n)]),
  )
  expect(
    [...seen.acked].filter((i) => !stored.has(i)),
    'acknowledged, not stored',
  ).toEqual([])
  expect(
    [...stored].filter(([, n]) => n > 1),
    'stored twice',
  ).toEqual([])
  expect(
    [...stored.keys()].filter((i) => !(i >= 0 && i < total)),
    'never sent',
  ).toEqual([])
  return stored
}

describe('temoin serve with store.clickhouse in the configuration file', () => {
  it('stores what it acknowledges there; while ClickHouse is down it answers 503 STORE_UNREACHABLE; then recovers by itself', async () => {
    const database = 'temoin_serve'
    const serve = await serveOn(database, await freePort(), 'file')
    const send = (path: string) => sendPageview(serve.url, path)
    const storedPaths = async () =>
      (
        await clickhouse.rows<{ path: string }>(`SELECT path FROM ${database}.events ORDER BY path`)
      ).map((row) => row.path)

    const sent = Array.from({ length: 12 }, (_, i) => `/p/${String(i).padStart(2, '0')}`)
    for (const path of sent) expect((await send(path)).status, path).toBe(202)
    expect(await storedPaths()).toEqual(sent)
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200)

    await clickhouse.kill()
    const refused = await send('/down')
    expect(refused.status).toBe(503)
    const body = (await refused.json()) as { error: { code: string } }
    expect(body.error.code).toBe('STORE_UNREACHABLE')
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(503)

    await clickhouse.start()
    // By itself: no restart of temoin serve.
    expect((await send('/back')).status).toBe(202)
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200)
    expect(await storedPaths()).toEqual([...sent, '/back'].sort())
  }, 120_000)
})

describe('temoin serve --store clickhouse://… under SIGKILL', () => {
  it('a collector killed under load: every acknowledged event is in ClickHouse exactly once after a restart', async () => {
    const TOTAL = 2000
    const database = 'temoin_kill_collector'
    const port = await freePort()
    const first = await serveOn(database, port)
    const seen = newSeen()
    const next = { value: 0 }
    let killed = false
    await sendTags(first.url, next, TOTAL, seen, () => {
      if (!killed && seen.acked.size >= TOTAL / 2) {
        killed = true
        first.child.kill('SIGKILL')
      }
      return killed
    })
    expect(await first.exited).toBe('SIGKILL')
    // Only requests cut by the kill go unanswered; none is refused.
    expect([...seen.refused]).toEqual([])
    const second = await serveOn(database, port)
    await sendTags(second.url, next, TOTAL, seen)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)

    const stored = await expectAckedStoredOnce(database, seen, TOTAL)
    expect(stored.size).toBeGreaterThanOrEqual(seen.acked.size)
    expect(seen.acked.size + seen.unanswered.size).toBe(TOTAL)
    expect(seen.acked.size).toBeGreaterThanOrEqual(TOTAL - CLIENTS)
  }, 120_000)

  it('ClickHouse killed under load: the collector answers 503, acknowledges nothing it did not store, and recovers by itself', async () => {
    const TOTAL = 3000
    const database = 'temoin_kill_clickhouse'
    const serve = await serveOn(database, await freePort())
    const seen = newSeen()
    const next = { value: 0 }
    // Up: a third of the stream; then ClickHouse is killed while the clients keep sending.
    await sendTags(serve.url, next, TOTAL / 3, seen)
    const down = clickhouse.kill()
    await sendTags(serve.url, next, (2 * TOTAL) / 3, seen)
    await down
    expect(seen.refused.size).toBeGreaterThan(0)
    expect(new Set(seen.refused.values())).toEqual(new Set(['503 STORE_UNREACHABLE']))
    const health = await fetch(`${serve.url}/healthz`)
    expect([health.status, health.headers.get('x-temoin-error')]).toEqual([
      503,
      'STORE_UNREACHABLE',
    ])
    // Back, and no restart of temoin serve: the rest of the stream is acknowledged.
    await clickhouse.start()
    const ackedBefore = seen.acked.size
    await sendTags(serve.url, next, TOTAL, seen)
    expect(seen.acked.size - ackedBefore).toBe(TOTAL / 3)
    expect((await fetch(`${serve.url}/healthz`)).status).toBe(200)
    expect(seen.unanswered.size).toBe(0)

    const stored = await expectAckedStoredOnce(database, seen, TOTAL)
    // A refused event may be stored (ClickHouse wrote it, the answer was lost with the
    // process): an unacknowledged event is stored whole or not at all, never half.
    const refusedStored = [...seen.refused.keys()].filter((i) => stored.has(i)).length
    expect(stored.size).toBe(seen.acked.size + refusedStored)
    // Logged, one line per refusal or probe: no stack trace for a store that is down.
    expect(serve.output()).toContain('healthz: the clickhouse store does not answer: ClickHouse:')
    expect(serve.output()).not.toMatch(/^\s+at /m)
  }, 180_000)
})
