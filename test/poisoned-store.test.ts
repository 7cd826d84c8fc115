import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { run } from '../src/cli/run.js'
import { statsRollups } from '../src/stats/stats-rollups.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import { captureIo } from './helpers/capture-io.js'
import { POISONED_PROPS, poisonDatabase } from './helpers/poisoned-store.js'
import {
  CHROME_UA,
  freePort,
  makeWorkdir,
  startServerProcess,
  type ServerProcess,
} from './helpers/server-process.js'

/**
 * Issue 16's denial of service, through a real `temoin serve`: one anonymous request with a lone
 * surrogate in an event's props made every rollup fold fail — statistics, erasure and purge
 * answered 5xx and the server no longer started. Now the request is refused at the edge, and a
 * data folder that already holds such a row (written by an older version) is repaired by the
 * next start: the statistics, erasure, purge and a restart all work.
 */
const POISON_BODY = '{"type":"event","name":"x","url":"http://localhost/","props":{"k":"\\ud800"}}'
const VISITOR_HEX = '8f14e45fceea167a5a36dedd4bea2543'

let server: ServerProcess | undefined
const dirs: string[] = []
afterEach(async () => {
  server?.child.kill('SIGTERM')
  await server?.exited
  server = undefined
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

async function stop(s: ServerProcess): Promise<void> {
  s.child.kill('SIGTERM')
  expect(await s.exited).toBe(0)
}

function post(url: string, body: string): Promise<Response> {
  return fetch(`${url}/api/event`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA },
    body,
  })
}

/** Every statistics call of the page that reads props, from the rollups and from the raw events. */
async function expectStatsAnswer(url: string, token: string): Promise<void> {
  const calls = [
    'summary',
    'events',
    'event-props?event=signup',
    // A filter no rollup keeps: answered from the raw events, props read with json_each.
    'event-props?event=signup&filter.referrer=',
    'pages',
  ]
  for (const call of calls) {
    const sep = call.includes('?') ? '&' : '?'
    const res = await fetch(`${url}/api/stats/${call}${sep}site=localhost`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect({ call, status: res.status }).toEqual({ call, status: 200 })
    await res.arrayBuffer()
  }
}

async function makeToken(dir: string, data: string): Promise<string> {
  const io = captureIo(dir)
  expect(await run(['token', 'create', '--name', 'test', '--data', data], io)).toBe(0)
  return /^ {4}(temoin_\S+)$/m.exec(io.out())?.[1] ?? ''
}

async function purge(dir: string, config: string, data: string): Promise<string> {
  const io = captureIo(dir)
  expect(await run(['purge', '--config', config, '--data', data], io), io.err()).toBe(0)
  return io.out()
}

describe('one hostile event can no longer brick the store', () => {
  it('refuses the poisoning request; statistics, erasure, purge and a restart all work', async () => {
    const w = await makeWorkdir()
    dirs.push(w.dir)
    const port = await freePort()
    server = await startServerProcess({ config: w.config, data: w.data, port })
    const token = await makeToken(w.dir, w.data)

    const refused = await post(server.url, POISON_BODY)
    expect(refused.status).toBe(400)
    expect(refused.headers.get('x-temoin-error')).toBe('TEXT_INVALID')
    expect(((await refused.json()) as { error: { where: string } }).error.where).toBe('props.k')

    const visitor = `${Math.floor(Date.now() / 1000) - 3600}.${VISITOR_HEX}`
    const accepted = await post(
      server.url,
      JSON.stringify({
        type: 'event',
        name: 'signup',
        url: 'http://localhost/',
        visitor,
        props: { plan: 'pro' },
      }),
    )
    expect(accepted.status).toBe(202)

    await expectStatsAnswer(server.url, token)
    const erased = await fetch(`${server.url}/api/visitor/${visitor}`, { method: 'DELETE' })
    expect(erased.status).toBe(200)
    expect(await purge(w.dir, w.config, w.data)).toContain('purged through the running server')

    await stop(server)
    server = await startServerProcess({ config: w.config, data: w.data, port })
    await expectStatsAnswer(server.url, token)
    expect(server.output()).not.toMatch(/INTERNAL|STORE_FAILED|set aside/)
  }, 60_000)

  it('repairs at start a data folder that already holds a poisoned row, and logs its id only', async () => {
    const w = await makeWorkdir()
    dirs.push(w.dir)
    const database = join(w.data, 'temoin.duckdb')
    const token = await makeToken(w.dir, w.data)
    // A folder made by the store, then left as an older version left it.
    const made = await createDuckdbStore({ path: database, rollups: statsRollups })
    await made.close()
    const visitor = `${Math.floor(Date.now() / 1000) - 7200}.${VISITOR_HEX}`
    const id = 'f'.repeat(32)
    await poisonDatabase(database, { id, time: Date.now() - 3_600_000, visitor })

    const port = await freePort()
    server = await startServerProcess({ config: w.config, data: w.data, port })
    expect(server.output()).toMatch(
      new RegExp(
        `store: set aside 1 stored event that cannot be read back \\(props[^)]*\\): ids ${id}\\.`,
      ),
    )
    // The id, never the content.
    expect(server.output()).not.toContain(POISONED_PROPS)
    expect(server.output()).not.toMatch(/ud800|"k"/i)

    await expectStatsAnswer(server.url, token)
    // The visitor sees the set-aside event (their data), and erasure removes it.
    const seen = await fetch(`${server.url}/api/visitor/${visitor}`)
    expect(seen.status).toBe(200)
    const mine = (await seen.json()) as { events: unknown[]; setAside: { id: string }[] }
    expect({ events: mine.events.length, setAside: mine.setAside.map((e) => e.id) }).toEqual({
      events: 0,
      setAside: [id],
    })
    const erased = await fetch(`${server.url}/api/visitor/${visitor}`, { method: 'DELETE' })
    expect(erased.status).toBe(200)
    expect(((await erased.json()) as { removed: { events: number } }).removed.events).toBe(1)
    expect(await purge(w.dir, w.config, w.data)).toContain('purged through the running server')

    await stop(server)
    server = await startServerProcess({ config: w.config, data: w.data, port })
    await expectStatsAnswer(server.url, token)
    // Repaired once: the second start finds nothing to set aside.
    expect(server.output()).not.toMatch(/set aside|INTERNAL|STORE_FAILED/)
  }, 60_000)
})
