import { readFile, rm, writeFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { startClickhouseServer, type ClickhouseServer } from './helpers/clickhouse-server.js'
import {
  CHROME_UA,
  freePort,
  makeWorkdir,
  startServerProcess,
  type ServerProcess,
} from './helpers/server-process.js'

/**
 * `temoin serve` on a ClickHouse server (`store.clickhouse` in the configuration), both real
 * processes: what it acknowledges is in ClickHouse, and while ClickHouse is down it acknowledges
 * nothing, says so, and recovers by itself once ClickHouse is back.
 */
let clickhouse: ClickhouseServer
let serve: ServerProcess | undefined
let dir: string | undefined
beforeAll(async () => {
  clickhouse = await startClickhouseServer()
}, 90_000)
afterAll(async () => {
  serve?.child.kill('SIGKILL')
  await serve?.exited
  await clickhouse?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const DATABASE = 'temoin_serve'
const storedPaths = async (): Promise<string[]> => {
  const res = await fetch(`${clickhouse.url}/`, {
    method: 'POST',
    body: `SELECT path FROM ${DATABASE}.events ORDER BY path FORMAT JSONEachRow`,
  })
  const text = await res.text()
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { path: string }).path)
}

describe('temoin serve with store.clickhouse: a real ClickHouse 18.16 server', () => {
  it('stores what it acknowledges there; while ClickHouse is down it answers 503 and acknowledges nothing; then recovers', async () => {
    const work = await makeWorkdir({ rateLimitPerMinute: 1_000_000 })
    dir = work.dir
    const config = YAML.parse(await readFile(work.config, 'utf8')) as Record<string, unknown>
    config.store = { clickhouse: { url: clickhouse.url, database: DATABASE } }
    await writeFile(work.config, YAML.stringify(config))
    serve = await startServerProcess({
      config: work.config,
      data: work.data,
      port: await freePort(),
    })
    const url = serve.url
    const send = (path: string) =>
      fetch(`${url}/api/event`, {
        method: 'POST',
        headers: {
          'content-type': 'text/plain',
          'user-agent': CHROME_UA,
          origin: 'http://localhost:4000',
        },
        body: JSON.stringify({ type: 'pageview', url: `http://localhost:4000${path}` }),
      })

    const sent = Array.from({ length: 12 }, (_, i) => `/p/${String(i).padStart(2, '0')}`)
    for (const path of sent) expect((await send(path)).status, path).toBe(202)
    expect(await storedPaths()).toEqual(sent)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)

    await clickhouse.kill()
    const refused = await send('/down')
    expect(refused.status).toBe(503)
    const body = (await refused.json()) as { error: { code: string } }
    expect(body.error.code).toMatch(/^STORE_/)
    expect((await fetch(`${url}/healthz`)).status).toBe(503)

    await clickhouse.start()
    // By itself: no restart of temoin serve.
    expect((await send('/back')).status).toBe(202)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)
    expect(await storedPaths()).toEqual([...sent, '/back'].sort())
  }, 120_000)
})
