import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { consentReceipt, fixtureId, storedEvent } from '../../../test/helpers/fixtures.js'
import { perPath } from '../../../test/helpers/per-path-rollup.js'
import { withRawConnection } from '../../../test/helpers/raw-duckdb.js'
import { defineStoreConformance } from '../../../test/store-conformance.js'
import { AppError } from '../../lib/app-error.js'
import { createFakeClock } from '../../lib/clock.js'
import type { RollupFactory } from '../rollup.js'
import type { Store, StoredEvent } from '../store.js'
import { createDuckdbStore } from './duckdb-store.js'
import { MIGRATIONS } from './migrations.js'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

defineStoreConformance(
  'duckdb file',
  async (rollups) => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-store-'))
    const path = join(dir, 'temoin.duckdb')
    const opened = [await createDuckdbStore({ path, rollups })]
    return {
      store: opened[0]!,
      reopen: async () => {
        const store = await createDuckdbStore({ path, rollups })
        opened.push(store)
        return store
      },
      cleanup: async () => {
        for (const store of opened) await store.close()
        await rm(dir, { recursive: true, force: true })
      },
    }
  },
  { persistent: true },
)

// Compacting after every write here, never at these sizes on the file: both paths are checked.
defineStoreConformance(
  'duckdb :memory:',
  async (rollups) => {
    const store = await createDuckdbStore({ path: ':memory:', rollups, compactMinRows: 1 })
    return { store, cleanup: () => store.close() }
  },
  { persistent: false },
)

const event = (i: number, time: number): StoredEvent =>
  storedEvent({ id: fixtureId(i), time, path: `/p/${i}` })

/** Starts a child `node` process; resolves once it printed `line`. */
function startChild(args: string[], line: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes(line)) resolve(child)
    })
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code, signal) =>
      reject(new Error(`child exited (${code ?? signal}) before "${line}": ${err}`)),
    )
  })
}

function exited(child: ChildProcess): Promise<unknown> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', resolve))
}

describe('createDuckdbStore (DuckDB specifics)', () => {
  let dir = ''
  let path = ''
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-store-'))
    path = join(dir, 'temoin.duckdb')
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const readMigrations = async (): Promise<unknown[][]> => {
    return withRawConnection(path, async (connection) =>
      (
        await connection.runAndReadAll(
          'SELECT version, name, epoch_ms(applied_at) FROM schema_migrations ORDER BY version',
        )
      ).getRowsJS(),
    )
  }

  it('applies the migrations once and records each with its time', async () => {
    const clock = createFakeClock('2026-03-01T12:00:00Z')
    await (await createDuckdbStore({ path, clock })).close()
    clock.advance(86_400_000)
    await (await createDuckdbStore({ path, clock })).close()
    expect(await readMigrations()).toEqual(
      MIGRATIONS.map((m) => [m.version, m.name, BigInt(Date.parse('2026-03-01T12:00:00Z'))]),
    )
  })

  it('refuses a database migrated by a newer Témoin (STORE_TOO_NEW)', async () => {
    await (await createDuckdbStore({ path })).close()
    await withRawConnection(path, (connection) =>
      connection.run(
        `INSERT INTO schema_migrations VALUES (999, 'from the future', TIMESTAMP '2030-01-01 00:00:00')`,
      ),
    )

    const opening = createDuckdbStore({ path })
    await expect(opening).rejects.toBeInstanceOf(AppError)
    await expect(opening).rejects.toMatchObject({
      code: 'STORE_TOO_NEW',
      message: expect.stringContaining('999') as unknown,
    })
    // The refused open released the file: it can be opened (and refused) again.
    await expect(createDuckdbStore({ path })).rejects.toMatchObject({ code: 'STORE_TOO_NEW' })
  })

  it('says STORE_LOCKED, naming the file and `temoin serve`, when another process holds the file', async () => {
    const holder = await startChild(
      [
        '--input-type=module',
        '-e',
        `import { DuckDBInstance } from '@duckdb/node-api'
         const instance = await DuckDBInstance.create(${JSON.stringify(path)})
         await instance.connect()
         console.log('holding')
         setInterval(() => {}, 1000)`,
      ],
      'holding',
    )
    try {
      const opening = createDuckdbStore({ path })
      await expect(opening).rejects.toMatchObject({ code: 'STORE_LOCKED' })
      const error = (await opening.catch((e: unknown) => e)) as AppError
      expect(error.message).toContain(path)
      expect(error.message).toContain('temoin serve')
      expect(error.message).toContain('through the server')
      // kills: open-duckdb-instance.ts:60 ObjectLiteral → {} (the file, and DuckDB's own error)
      expect(error.where).toBe(path)
      expect(error.cause).toBeInstanceOf(Error)
      expect((error.cause as Error).message).toMatch(/Could not set lock on file/i)
    } finally {
      holder.kill('SIGKILL')
      await exited(holder)
    }
    // Once the holder is gone, the file opens.
    await (await createDuckdbStore({ path })).close()
  })

  it('refuses to open the same file twice in one process (STORE_LOCKED), and allows it after close', async () => {
    const first = await createDuckdbStore({ path })
    await expect(
      createDuckdbStore({ path: join(dir, '.', 'temoin.duckdb') }),
    ).rejects.toMatchObject({
      code: 'STORE_LOCKED',
    })
    await first.close()
    await (await createDuckdbStore({ path })).close()
  })

  it('rolls back a batch that fails inside the database (a duplicate receipt id)', async () => {
    const store = await createDuckdbStore({ path })
    try {
      const receipt = consentReceipt({ id: 'dup' })
      const events = Array.from({ length: 5000 }, (_, i) => event(i, Date.UTC(2026, 0, 1) + i))
      const failing = store.write({ events, receipts: [receipt, receipt] })
      await expect(failing).rejects.toMatchObject({ code: 'STORE_FAILED' })
      expect(await store.countEvents({})).toBe(0)
      expect(await store.listReceipts({})).toEqual([])
      await store.write({ events: events.slice(0, 3), receipts: [receipt] })
      expect(await store.countEvents({})).toBe(3)
    } finally {
      await store.close()
    }
  })

  it('drops the rollups a later open does not define, and rebuilds a changed one from the events', async () => {
    const perDay =
      (label: string): RollupFactory =>
      (d) => [
        {
          name: 'per_day',
          bucket: 'day',
          keys: ['label'],
          measures: ['n'],
          select: (from) =>
            `SELECT ${d.truncate('day', 'time')} AS bucket, '${label}' AS label, count(*) AS n FROM ${from} GROUP BY 1, 2`,
        },
      ]
    const read = (store: Store) =>
      store.query('SELECT label, CAST(sum(n) AS BIGINT) AS n FROM rollup_per_day GROUP BY label')
    const first = await createDuckdbStore({ path, rollups: perDay('a') })
    await first.write({
      events: [event(1, Date.UTC(2026, 0, 1)), event(2, Date.UTC(2026, 0, 2))],
      receipts: [],
    })
    expect(await read(first)).toEqual([{ label: 'a', n: 2 }])
    await first.close()
    // Opened without it (an older command, a tool): the rollup is dropped, not left stale.
    const bare = await createDuckdbStore({ path })
    expect(bare.rollups).toEqual([])
    await bare.write({ events: [event(3, Date.UTC(2026, 0, 3))], receipts: [] })
    await expect(read(bare)).rejects.toThrow()
    await bare.close()
    const changed = await createDuckdbStore({ path, rollups: perDay('b') })
    try {
      expect(changed.rollups).toEqual(['per_day'])
      expect(await read(changed)).toEqual([{ label: 'b', n: 3 }])
    } finally {
      await changed.close()
    }
  })

  const pendingRows = async (store: Store) =>
    (await store.query('SELECT count(*) AS n FROM rollup_pending'))[0]?.n
  const rolledUp = (store: Store) =>
    store.query('SELECT CAST(sum(n) AS BIGINT) AS n FROM rollup_per_path')

  it('keeps rollups out of the write: a query on a rollup folds what is pending first', async () => {
    const store = await createDuckdbStore({ path, rollups: perPath, foldAfterMs: 3_600_000 })
    try {
      await store.write({ events: [event(1, 1), event(2, 2), event(3, 3)], receipts: [] })
      // Committed with the events, not yet in the rollup (the fold is an hour away).
      expect(await pendingRows(store)).toBe(3)
      expect(await rolledUp(store)).toEqual([{ n: 3 }])
      expect(await pendingRows(store)).toBe(0)
    } finally {
      await store.close()
    }
  })

  it('folds on its own after foldAfterMs, and at once when foldAtEvents wait', async () => {
    const timed = await createDuckdbStore({ path, rollups: perPath, foldAfterMs: 20 })
    try {
      await timed.write({ events: [event(1, 1), event(2, 2)], receipts: [] })
      await vi.waitFor(async () => expect(await pendingRows(timed)).toBe(0), { timeout: 10_000 })
    } finally {
      await timed.close()
    }
    const counted = await createDuckdbStore({
      path,
      rollups: perPath,
      foldAfterMs: 3_600_000,
      foldAtEvents: 5,
    })
    try {
      await counted.write({ events: [event(3, 3), event(4, 4)], receipts: [] })
      expect(await pendingRows(counted)).toBe(2)
      await counted.write({ events: [event(5, 5), event(6, 6), event(7, 7)], receipts: [] })
      await vi.waitFor(async () => expect(await pendingRows(counted)).toBe(0), { timeout: 10_000 })
      expect(await rolledUp(counted)).toEqual([{ n: 7 }])
    } finally {
      await counted.close()
    }
  })

  it('refuses a rollup named after one of the store’s own tables', async () => {
    const named =
      (name: string): RollupFactory =>
      (d) => [{ ...perPath(d)[0]!, name }]
    for (const name of ['pending', 'definitions'])
      await expect(createDuckdbStore({ path, rollups: named(name) })).rejects.toThrow(
        `rollup_${name}`,
      )
  })

  it('answers reads on several connections: a short query does not wait behind a long one', async () => {
    const order = async (readConnections: number) => {
      const store = await createDuckdbStore({ path: ':memory:', readConnections })
      try {
        const answered: string[] = []
        await Promise.all([
          store
            .query('SELECT count(*) AS n FROM range(100000000) AS t(i) WHERE i % 7 = 3')
            .then(() => answered.push('long')),
          store.query('SELECT 1 AS n').then(() => answered.push('short')),
        ])
        return answered
      } finally {
        await store.close()
      }
    }
    expect(await order(2)).toEqual(['short', 'long'])
    expect(await order(1)).toEqual(['long', 'short'])
    await expect(createDuckdbStore({ path: ':memory:', readConnections: 0 })).rejects.toThrow(
      'readConnections must be a whole number ≥ 1, got 0',
    )
  })

  it('keys a text by the first 64 bits of its MD5 (textKey), the same on every version', async () => {
    const store = await createDuckdbStore({ path: ':memory:' })
    try {
      for (const text of ['localhost', 'example.org', '']) {
        const [row] = await store.query(
          `SELECT CAST(${store.dialect.textKey('$1')} AS VARCHAR) AS k`,
          [text],
        )
        const md5 = createHash('md5').update(text).digest('hex')
        expect(row?.k).toBe(BigInt(`0x${md5.slice(0, 16)}`).toString())
      }
    } finally {
      await store.close()
    }
  })

  it('rejects calls after close with SHUTTING_DOWN', async () => {
    const store = await createDuckdbStore({ path: ':memory:' })
    await store.close()
    await expect(store.countEvents({})).rejects.toMatchObject({ code: 'SHUTTING_DOWN' })
    await expect(store.write({ events: [event(1, 1)], receipts: [] })).rejects.toMatchObject({
      code: 'SHUTTING_DOWN',
    })
  })

  it('keeps a resolved write when the process is killed with SIGKILL right after (WAL)', async () => {
    const script = join(dir, 'writer.mts')
    await writeFile(
      script,
      `import { createDuckdbStore } from ${JSON.stringify(join(ROOT, 'src/store/duckdb/duckdb-store.ts'))}
       const store = await createDuckdbStore({ path: ${JSON.stringify(path)} })
       const events = Array.from({ length: 1000 }, (_, i) => ({
         id: i.toString(16).padStart(32, '0'), time: Date.UTC(2026, 0, 1) + i, site: 'example.org', type: 'pageview',
         name: '', path: '/', query: '', referrer: '', visitor: null, country: '', device: 'other', browser: '', os: '', props: { i },
       }))
       await store.write({ events, receipts: [] })
       console.log('committed')
       setInterval(() => {}, 1000)`,
    )
    const child = await startChild(['--import', 'tsx', script], 'committed')
    child.kill('SIGKILL')
    await exited(child)

    const store = await createDuckdbStore({ path })
    try {
      expect(await store.countEvents({})).toBe(1000)
      expect((await store.listEvents({ offset: 999 }))[0]?.props).toEqual({ i: 999 })
    } finally {
      await store.close()
    }
  })

  it('folds at the next open the events a killed process wrote but had not folded', async () => {
    const script = join(dir, 'writer.mts')
    await writeFile(
      script,
      `import { createDuckdbStore } from ${JSON.stringify(join(ROOT, 'src/store/duckdb/duckdb-store.ts'))}
       const rollups = (d) => [{
         name: 'per_path', bucket: 'day', keys: ['path'], measures: ['n'],
         select: (from) => \`SELECT \${d.truncate('day', 'time')} AS bucket, path, count(*) AS n FROM \${from} GROUP BY 1, 2\`,
       }]
       const store = await createDuckdbStore({ path: ${JSON.stringify(path)}, rollups, foldAfterMs: 3_600_000 })
       await store.write({ events: [${JSON.stringify(event(9, 9))}], receipts: [] })
       const events = Array.from({ length: 1000 }, (_, i) => ({
         id: i.toString(16).padStart(32, '0'), time: Date.UTC(2026, 0, 1) + i, site: 'example.org', type: 'pageview',
         name: '', path: '/p' + (i % 3), query: '', referrer: '', visitor: null, country: '', device: 'other', browser: '', os: '', props: {},
       }))
       await store.query('SELECT sum(n) FROM rollup_per_path')
       await store.write({ events, receipts: [] })
       console.log('committed')
       setInterval(() => {}, 1000)`,
    )
    const child = await startChild(['--import', 'tsx', script], 'committed')
    child.kill('SIGKILL')
    await exited(child)

    // In the file: the first write folded (the query asked for it), the 1000 others pending.
    const counts = await withRawConnection(path, async (connection) =>
      (
        await connection.runAndReadAll(
          'SELECT (SELECT count(*) FROM rollup_pending), (SELECT sum(n) FROM rollup_per_path)',
        )
      ).getRowsJS(),
    )
    expect(counts).toEqual([[1000n, 1n]])
    const store = await createDuckdbStore({ path, rollups: perPath, foldAfterMs: 3_600_000 })
    try {
      expect(await pendingRows(store)).toBe(0)
      expect(
        await store.query(
          'SELECT path, CAST(sum(n) AS BIGINT) AS n FROM rollup_per_path GROUP BY path ORDER BY path',
        ),
      ).toEqual([
        { path: '/p/9', n: 1 },
        { path: '/p0', n: 334 },
        { path: '/p1', n: 333 },
        { path: '/p2', n: 333 },
      ])
    } finally {
      await store.close()
    }
  })
})
