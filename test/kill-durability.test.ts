import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import { CHROME_UA, freePort, makeWorkdir, startServerProcess } from './helpers/server-process.js'

/**
 * DESIGN.md rule 6, "nothing acknowledged is lost", against a real process: 5,000 events from
 * concurrent clients, SIGKILL in the middle of the stream, a restart on the same data folder.
 * Every event answered 2xx must be stored, and no event twice.
 */
const TOTAL = 5000
const CLIENTS = 24
// A documentation-range address sent as X-Forwarded-For (trustProxy): it must reach no file, no log.
const CLIENT_IP = '198.51.100.23'

describe('temoin serve under SIGKILL', () => {
  let dir = ''
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('keeps every acknowledged event exactly once across a kill and a restart', async () => {
    const work = await makeWorkdir({ rateLimitPerMinute: 1_000_000, trustProxy: true })
    dir = work.dir
    const port = await freePort()
    const first = await startServerProcess({ config: work.config, data: work.data, port })

    const acked = new Set<number>()
    const unknown = new Set<number>() // sent, but the answer was lost with the process
    let next = 0
    let killed = false
    const send = async (url: string, i: number): Promise<void> => {
      try {
        const res = await fetch(`${url}/api/event`, {
          method: 'POST',
          headers: {
            'content-type': 'text/plain',
            'user-agent': CHROME_UA,
            origin: 'http://localhost:4000',
            'x-forwarded-for': CLIENT_IP,
          },
          body: JSON.stringify({
            type: 'pageview',
            url: `http://localhost:4000/p/${i}`,
            referrer: 'https://duckduckgo.com/',
          }),
        })
        await res.arrayBuffer()
        if (res.status >= 200 && res.status < 300) acked.add(i)
        else throw new Error(`event ${i}: HTTP ${res.status}`)
      } catch (e) {
        if (!killed) throw e
        unknown.add(i)
      }
    }
    const client = async (url: string, phase: 1 | 2) => {
      while (next < TOTAL) {
        if (killed && phase === 1) return // the server is gone: wait for the restart
        const i = next++
        await send(url, i)
        if (!killed && phase === 1 && acked.size >= TOTAL / 2) {
          killed = true
          first.child.kill('SIGKILL')
        }
      }
    }
    await Promise.all(Array.from({ length: CLIENTS }, () => client(first.url, 1)))
    expect(await first.exited).toBe('SIGKILL')
    expect(acked.size).toBeGreaterThanOrEqual(TOTAL / 2)
    // Before the restart folds it into the (compressed) database file, the WAL holds the rows
    // as written: the client address must not be among them.
    await expectNoAddressIn(work.data)

    // Restart on the same folder and send the rest of the stream (never what was already sent).
    const second = await startServerProcess({ config: work.config, data: work.data, port })
    killed = false
    await Promise.all(Array.from({ length: CLIENTS }, () => client(second.url, 2)))
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)

    const store = await createDuckdbStore({ path: join(work.data, 'temoin.duckdb') })
    try {
      const events = await store.listEvents({ limit: TOTAL * 2 })
      expect(JSON.stringify(events)).not.toContain(CLIENT_IP)
      const seen = new Map<number, number>()
      for (const e of events) {
        const i = Number(/^\/p\/(\d+)$/.exec(e.path)?.[1])
        seen.set(i, (seen.get(i) ?? 0) + 1)
      }
      const lost = [...acked].filter((i) => !seen.has(i))
      expect(lost, 'acknowledged events missing after the kill').toEqual([])
      const twice = [...seen].filter(([, n]) => n > 1)
      expect(twice, 'events stored twice').toEqual([])
      // Only the requests cut by the kill may be missing (committed or not, no answer came).
      expect(acked.size + unknown.size).toBe(TOTAL)
      expect(events.length).toBeGreaterThanOrEqual(acked.size)
      expect(events.length).toBeLessThanOrEqual(TOTAL)
    } finally {
      await store.close()
    }

    // The client address reached no line of the logs, and no file of the data folder.
    expect(first.output() + second.output()).not.toContain(CLIENT_IP)
    await expectNoAddressIn(work.data)
  }, 120_000)
})

async function expectNoAddressIn(folder: string): Promise<void> {
  const names = await readdir(folder)
  expect(names).toContain('temoin.duckdb')
  for (const name of names) {
    const bytes = await readFile(join(folder, name))
    expect(bytes.includes(CLIENT_IP), `${name} holds the client address`).toBe(false)
  }
}
