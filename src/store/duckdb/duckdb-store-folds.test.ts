import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { consentReceipt, storedEvent } from '../../../test/helpers/fixtures.js'
import { perPath } from '../../../test/helpers/per-path-rollup.js'
import { withRawConnection } from '../../../test/helpers/raw-duckdb.js'
import type { RollupFactory } from '../rollup.js'
import type { Store } from '../store.js'
import { createDuckdbStore } from './duckdb-store.js'

/**
 * When the DuckDB store folds its pending events into the rollups, and when it compacts them:
 * invisible in any statistics answer (a query folds first), visible in the rollup tables a
 * statement reads as they are, and in how long the file lags.
 */

/** Rows waiting in `rollup_pending` (a statement that reads no rollup folds nothing first). */
const pending = async (store: Store): Promise<number> =>
  Number((await store.query('SELECT count(*) AS n FROM rollup_pending'))[0]?.n)

/**
 * Waits for every task on the write connection, a fold the timer started included: a write is
 * queued behind them. A receipt, since an empty batch returns at once and an event would add
 * to the pending ones.
 */
const writesDone = (store: Store): Promise<void> =>
  store.write({ events: [], receipts: [consentReceipt()] })

afterEach(() => {
  vi.useRealTimers()
})

describe('createDuckdbStore: when it folds', () => {
  // kills: duckdb-store.ts:157 LogicalOperator (foldAfterMs ?? 1000 → &&: the default instead of
  // the delay asked for) and the timer's delay
  it('folds foldAfterMs after the first unfolded write, not before', async () => {
    // Only the store's timer is faked; DuckDB's work runs on its own threads.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const store = await createDuckdbStore({ path: ':memory:', rollups: perPath, foldAfterMs: 5000 })
    try {
      await store.write({ events: [storedEvent(), storedEvent()], receipts: [] })
      vi.advanceTimersByTime(4999)
      await writesDone(store)
      expect(await pending(store)).toBe(2)
      vi.advanceTimersByTime(1)
      await writesDone(store)
      expect(await pending(store)).toBe(0)
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-store.ts:256 ConditionalExpression → true, EqualityOperator → >= (a write
  // without events would start the delay)
  it('starts the delay at the first write with events, not at a write of receipts only', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const store = await createDuckdbStore({ path: ':memory:', rollups: perPath, foldAfterMs: 5000 })
    try {
      await writesDone(store)
      vi.advanceTimersByTime(3000)
      await store.write({ events: [storedEvent()], receipts: [] })
      vi.advanceTimersByTime(4999)
      await writesDone(store)
      expect(await pending(store)).toBe(1)
      vi.advanceTimersByTime(1)
      await writesDone(store)
      expect(await pending(store)).toBe(0)
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-store.ts:369 ConditionalExpression → true, EqualityOperator → >= (a query on a
  // rollup with nothing pending would queue a fold behind the writes under way)
  it('does not make a query on a rollup wait for a write still under way', async () => {
    const store = await createDuckdbStore({
      path: ':memory:',
      rollups: perPath,
      foldAfterMs: 3_600_000,
    })
    try {
      const writing = store.write({
        events: Array.from({ length: 2000 }, () => storedEvent()),
        receipts: [],
      })
      // Asked before the write resolved: it answers what was acknowledged then, nothing.
      const asked = store.query('SELECT count(*)::INTEGER AS n FROM rollup_per_path')
      await writing
      expect(await asked).toEqual([{ n: 0 }])
      // Asked after: the write is folded first.
      expect(await store.query('SELECT CAST(sum(n) AS INTEGER) AS n FROM rollup_per_path')).toEqual(
        [{ n: 2000 }],
      )
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-store.ts:390 BlockStatement → {} (close neither waits for the writes nor folds)
  it('close waits for a write under way and folds what is pending into the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-folds-'))
    const path = join(dir, 'temoin.duckdb')
    try {
      const store = await createDuckdbStore({ path, rollups: perPath, foldAfterMs: 3_600_000 })
      const writing = store.write({ events: [storedEvent(), storedEvent()], receipts: [] })
      await store.close()
      await writing
      expect(
        await withRawConnection(path, async (c) =>
          (
            await c.runAndReadAll(
              'SELECT (SELECT count(*) FROM rollup_pending)::INTEGER, (SELECT sum(n) FROM rollup_per_path)::INTEGER',
            )
          ).getRowsJS(),
        ),
      ).toEqual([[0, 2]])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('createDuckdbStore: when it compacts', () => {
  const rollupRows = async (store: Store): Promise<number> =>
    Number((await store.query('SELECT count(*) AS n FROM rollup_per_path'))[0]?.n)

  // kills: duckdb-store.ts:120 LogicalOperator (compactMinRows ?? 50_000 → &&: the default
  // instead of the threshold asked for)
  it('compacts a rollup once compactMinRows rows were added to it', async () => {
    const store = await createDuckdbStore({ path: ':memory:', rollups: perPath, compactMinRows: 2 })
    try {
      // Each fold adds one row (the same day and path); a statement on the rollup folds first.
      await store.write({ events: [storedEvent()], receipts: [] })
      expect(await rollupRows(store)).toBe(1)
      await store.write({ events: [storedEvent()], receipts: [] })
      // Two rows added: regrouped into one.
      expect(await rollupRows(store)).toBe(1)
      expect(await store.query('SELECT CAST(sum(n) AS INTEGER) AS n FROM rollup_per_path')).toEqual(
        [{ n: 2 }],
      )
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-store.ts:197 (unfolded > 0 → true, >=) and :211 (unfolded === 0 → false): a
  // fold with nothing pending, which would compact what an erasure added
  it('folds only when something is pending: an erasure’s rows wait for the next fold to be compacted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-folds-'))
    const path = join(dir, 'temoin.duckdb')
    try {
      const store = await createDuckdbStore({ path, rollups: perPath, compactMinRows: 1 })
      const [a, b] = ['1767225600.' + 'a'.repeat(32), '1767225600.' + 'b'.repeat(32)]
      await store.write({
        events: [storedEvent({ visitor: a }), storedEvent({ visitor: b })],
        receipts: [],
      })
      // Folded and compacted: one row for the day and path.
      expect(await rollupRows(store)).toBe(1)
      // The erasure subtracts visitor a's count: one more row, not compacted in its transaction.
      await store.eraseVisitor(a)
      expect(await rollupRows(store)).toBe(2)
      // Nothing pending: another erasure, a purge of nothing and the close fold nothing.
      await store.eraseVisitor('1767225600.' + 'c'.repeat(32))
      await store.purge({ events: 0, receipts: 0 })
      expect(await rollupRows(store)).toBe(2)
      await store.close()
      expect(
        await withRawConnection(path, async (c) =>
          (
            await c.runAndReadAll('SELECT path, CAST(n AS INTEGER) FROM rollup_per_path ORDER BY n')
          ).getRowsJS(),
        ),
      ).toEqual([
        ['/', -1],
        ['/', 2],
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  // kills: duckdb-store.ts:248 ConditionalExpression → true (batch.receipts.length > 0: a batch
  // without receipts through the receipts' rollups, which compacts them)
  it('leaves the receipts’ rollups alone when a batch holds no receipt', async () => {
    const perVersion: RollupFactory = (d) => [
      {
        name: 'per_version',
        source: 'receipts',
        bucket: 'day',
        keys: ['policy_version'],
        measures: ['n'],
        select: (from) =>
          `SELECT ${d.truncate('day', 'time')} AS bucket, policy_version, count(*) AS n FROM ${from} GROUP BY 1, 2`,
      },
    ]
    const day = (n: number, hour: number) => Date.UTC(2026, 2, n, hour)
    const store = await createDuckdbStore({
      path: ':memory:',
      rollups: perVersion,
      compactMinRows: 4,
    })
    const rows = async () =>
      Number((await store.query('SELECT count(*) AS n FROM rollup_per_version'))[0]?.n)
    try {
      await store.write({
        events: [],
        receipts: [consentReceipt({ time: day(2, 10) }), consentReceipt({ time: day(3, 10) })],
      })
      await store.write({ events: [], receipts: [consentReceipt({ time: day(3, 11) })] })
      // Three rows added, under the threshold of 4: not compacted.
      expect(await rows()).toBe(3)
      // The purge subtracts day 2 (a fourth row added) and leaves day 3 as it was.
      await store.purge({ events: 0, receipts: day(2, 12) })
      expect(await rows()).toBe(2)
      // A batch of events only: the receipts' rollup is not touched, so not compacted either.
      await store.write({ events: [storedEvent()], receipts: [] })
      expect(await rows()).toBe(2)
      // The next receipt compacts it (day 3 into one row, and the new day's).
      await store.write({ events: [], receipts: [consentReceipt({ time: day(4, 10) })] })
      expect(await rows()).toBe(2)
    } finally {
      await store.close()
    }
  })
})

describe('createDuckdbStore: closed', () => {
  // kills: duckdb-store.ts:168 StringLiteral (the message)
  it('answers SHUTTING_DOWN naming the store', async () => {
    const store = await createDuckdbStore({ path: ':memory:' })
    await store.close()
    await expect(store.ping()).rejects.toMatchObject({
      code: 'SHUTTING_DOWN',
      message: 'the store :memory: is closed.',
    })
  })
})

describe('createDuckdbStore: an empty batch', () => {
  // kills: duckdb-store.ts:237 ConditionalExpression → false (an empty batch queued like a write)
  it('resolves at once: it waits for no write under way and needs no open store', async () => {
    const store = await createDuckdbStore({ path: ':memory:' })
    const order: string[] = []
    const big = store
      .write({ events: Array.from({ length: 2000 }, () => storedEvent()), receipts: [] })
      .then(() => order.push('big'))
    const empty = store.write({ events: [], receipts: [] }).then(() => order.push('empty'))
    await Promise.all([big, empty])
    expect(order).toEqual(['empty', 'big'])
    await store.close()
    // Nothing to keep, so nothing to refuse.
    await expect(store.write({ events: [], receipts: [] })).resolves.toBeUndefined()
  })
})
