import { spawn } from 'node:child_process'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../src/cli/run.js'
import { isAppError } from '../src/lib/app-error.js'
import { connectClickhouseHttp } from '../src/store/clickhouse/clickhouse-connection.js'
import { createClickhouseStore } from '../src/store/clickhouse/clickhouse-store.js'
import { copyStore } from '../src/store/copy-store.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import type { Store } from '../src/store/store.js'
import { captureIo } from './helpers/capture-io.js'
import { startClickhouseServer, type ClickhouseServer } from './helpers/clickhouse-server.js'
import { storedEvent } from './helpers/fixtures.js'
import { BIN, makeWorkdir, ROOT } from './helpers/server-process.js'

/**
 * `temoin migrate --to clickhouse://…`: a seeded data folder copied into a real ClickHouse 18.16
 * server, by real processes, one of them SIGKILLed half-way and the copy run again.
 */
const EVENTS = 20_000
let clickhouse: ClickhouseServer
const folders: string[] = []
beforeAll(async () => {
  clickhouse = await startClickhouseServer()
}, 90_000)
afterAll(async () => {
  await clickhouse?.stop()
  for (const folder of folders) await rm(folder, { recursive: true, force: true })
})

/** A work folder whose data folder holds `events` seeded events over 3 months (and receipts). */
async function seeded(events: number, seed = 1) {
  const work = await makeWorkdir()
  folders.push(work.dir)
  const io = captureIo(work.dir)
  const args = ['--config', work.config, '--data', work.data]
  expect(
    await run(
      ['seed', '--events', String(events), '--months', '3', '--seed', String(seed), ...args],
      io,
    ),
    io.err(),
  ).toBe(0)
  return work
}

const target = (database: string) =>
  `${clickhouse.url.replace(/^http:/, 'clickhouse:')}/${database}`

/** Each table's rows in `database`, and how many distinct ids they have. */
async function inClickhouse(database: string) {
  const count = async (table: string) => {
    const [row] = await clickhouse.rows<{ n: number; ids: number }>(
      `SELECT count() AS n, uniqExact(id) AS ids FROM ${database}.${table}`,
    )
    return { rows: Number(row?.n), ids: Number(row?.ids) }
  }
  return { events: await count('events'), receipts: await count('receipts') }
}

/** `temoin migrate` as a real process; killed at the first progress line when asked. */
function migrateProcess(
  data: string,
  to: string,
  killAtFirstProgress: boolean,
): Promise<{ code: number | NodeJS.Signals | null; out: string }> {
  const child = spawn(process.execPath, [BIN, 'migrate', '--data', data, '--to', to], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString()
    if (killAtFirstProgress && /migrating: \d+\/\d+ rows/.test(out)) child.kill('SIGKILL')
  })
  return new Promise((resolve) =>
    child.once('exit', (code, signal) => resolve({ code: code ?? signal, out })),
  )
}

describe('temoin migrate --to clickhouse://…', () => {
  it('copies every event and receipt; killed half-way, run again, it finishes without copying anything twice', async () => {
    const work = await seeded(EVENTS)
    const database = 'temoin_migrated'
    const killed = await migrateProcess(work.data, target(database), true)
    expect(killed.code, killed.out).toBe('SIGKILL')
    const partial = await inClickhouse(database)
    expect(partial.events.rows).toBeGreaterThan(0)
    expect(partial.events.rows + partial.receipts.rows).toBeLessThan(EVENTS + EVENTS / 20)

    const resumed = await migrateProcess(work.data, target(database), false)
    expect(resumed.code, resumed.out).toBe(0)
    expect(resumed.out).toContain(
      `migrated ${EVENTS} events and ${EVENTS / 20} consent receipts from ${join(work.data, 'temoin.duckdb')} into ClickHouse`,
    )
    expect(resumed.out).toMatch(/found already there from an earlier run/)
    expect(resumed.out).toMatch(/table-months checked equal in both/)
    expect(await inClickhouse(database)).toEqual({
      events: { rows: EVENTS, ids: EVENTS },
      receipts: { rows: EVENTS / 20, ids: EVENTS / 20 },
    })

    // A third run finds everything there and copies nothing.
    const again = captureIo(work.dir)
    expect(await run(['migrate', '--data', work.data, '--to', target(database)], again)).toBe(0)
    expect(again.out()).toContain('0 rows copied by this run')
    expect((await inClickhouse(database)).events.rows).toBe(EVENTS)
  }, 180_000)

  it('refuses a database that holds more rows of a month than the data folder, writing nothing', async () => {
    const big = await seeded(3000, 2)
    const small = await seeded(1000, 3)
    const database = 'temoin_not_empty'
    expect((await migrateProcess(big.data, target(database), false)).code).toBe(0)
    const before = await inClickhouse(database)
    const io = captureIo(small.dir)
    expect(await run(['migrate', '--data', small.data, '--to', target(database)], io)).toBe(1)
    expect(io.err()).toMatch(
      /MIGRATE_MISMATCH: the target holds more rows than the source in events 20\d\d-\d\d/,
    )
    expect(await inClickhouse(database)).toEqual(before)
  }, 120_000)

  it('takes only a ClickHouse target, no password in it, and an existing data folder', async () => {
    const io = captureIo(ROOT)
    expect(await run(['migrate', '--to', 'duckdb'], io)).toBe(2)
    expect(io.err()).toContain('USAGE: --to must name a ClickHouse server')
    const nothing = captureIo(ROOT)
    expect(
      await run(['migrate', '--data', '/nonexistent/data', '--to', target('t')], nothing),
    ).toBe(2)
    expect(nothing.err()).toContain(
      'USAGE: there is nothing to migrate: /nonexistent/data/temoin.duckdb does not exist.',
    )
    const secret = captureIo(ROOT)
    expect(await run(['migrate', '--to', 'clickhouse://u:hunter2@db1/t'], secret)).toBe(2)
    expect(secret.err()).not.toContain('hunter2')
  })
})

describe('copyStore: what a copy checks', () => {
  let source: Store
  let house: Store
  beforeAll(async () => {
    source = await createDuckdbStore({ path: ':memory:' })
    house = await createClickhouseStore(
      await connectClickhouseHttp({ url: clickhouse.url, database: 'temoin_copy_checks' }),
    )
  })
  afterAll(async () => {
    await source?.close()
    await house?.close()
  })
  const MARCH = Date.parse('2026-03-01T00:00:00Z')
  const events = Array.from({ length: 50 }, (_, i) =>
    storedEvent({ time: MARCH + i * 3_600_000, path: `/p/${i}` }),
  )

  it('stops between two writes when asked, and a new run goes on from there', async () => {
    await source.write({ events, receipts: [] })
    const stop = new AbortController()
    const stopped = await copyStore(source, house, {
      batchSize: 20,
      signal: stop.signal,
      onProgress: (done) => {
        if (done >= 20) stop.abort()
      },
    }).catch((e: unknown) => e)
    expect(isAppError(stopped) && stopped.code).toBe('MIGRATE_STOPPED')
    expect(String(stopped)).toContain('stopped after 20 of 50 rows; run the same command again')
    expect(await house.countEvents({})).toBe(20)
    const report = await copyStore(source, house, { batchSize: 20 })
    expect(report).toEqual({
      months: [{ table: 'events', month: '2026-03', rows: 50, skipped: 20 }],
      copied: 30,
    })
    expect((await house.listEvents({ limit: 100 })).map((e) => e.path)).toEqual(
      events.map((e) => e.path),
    )
  })

  it('fails with MIGRATE_MISMATCH when the target held a row of its own in a month it copies', async () => {
    const foreign = storedEvent({ time: MARCH + 30 * 86_400_000 - 1, path: '/not-from-the-source' })
    const target = await createClickhouseStore(
      await connectClickhouseHttp({ url: clickhouse.url, database: 'temoin_copy_foreign' }),
    )
    try {
      await target.write({ events: [foreign], receipts: [] })
      const failed = await copyStore(source, target, { batchSize: 20 }).catch((e: unknown) => e)
      expect(isAppError(failed) && failed.code).toBe('MIGRATE_MISMATCH')
      expect(String(failed)).toContain(
        'after the copy, the stores differ in events 2026-03 (50 rows in the source, 50 in the target)',
      )
    } finally {
      await target.close()
    }
  })

  it('refuses a target that holds rows of a month the source has none of, writing nothing', async () => {
    const elsewhere = storedEvent({ time: Date.parse('2025-12-31T23:59:59.999Z'), path: '/old' })
    const target = await createClickhouseStore(
      await connectClickhouseHttp({ url: clickhouse.url, database: 'temoin_copy_elsewhere' }),
    )
    try {
      await target.write({ events: [elsewhere], receipts: [] })
      const failed = await copyStore(source, target).catch((e: unknown) => e)
      expect(isAppError(failed) && failed.code).toBe('MIGRATE_MISMATCH')
      expect(String(failed)).toContain(
        'the target holds more rows than the source in events 2025-12',
      )
      expect(await target.countEvents({})).toBe(1)
    } finally {
      await target.close()
    }
  })
})
