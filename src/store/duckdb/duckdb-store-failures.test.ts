import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { consentReceipt, fixtureId, storedEvent } from '../../../test/helpers/fixtures.js'
import { perPath } from '../../../test/helpers/per-path-rollup.js'
import { POISONED_PROPS } from '../../../test/helpers/poisoned-store.js'
import { withRawConnection } from '../../../test/helpers/raw-duckdb.js'
import { AppError } from '../../lib/app-error.js'
import type { RollupFactory } from '../rollup.js'
import type { Store } from '../store.js'
import { createDuckdbStore } from './duckdb-store.js'
import { toTimestamp } from './sql-values.js'

/**
 * What the DuckDB store tells an operator when something fails (code, file, cause), and the
 * paths that only a damaged file or an unlucky moment takes. The conformance suite checks what
 * every store does when all goes well; these are DuckDB's own.
 */
let dir = ''
let path = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-store-failures-'))
  path = join(dir, 'temoin.duckdb')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Rows of a closed file, read below the store. */
const rawRows = (sql: string): Promise<unknown[][]> =>
  withRawConnection(path, async (connection) => (await connection.runAndReadAll(sql)).getRowsJS())

/** Puts one event DuckDB's JSON reader refuses into `events` of a closed file. */
const poisonEvents = (id: string): Promise<unknown> =>
  withRawConnection(path, (connection) =>
    connection.run(
      `INSERT INTO events VALUES ($1, $2, 'example.org', 'event', 'x', '/', '', '', NULL, 'FR', 'desktop', 'Firefox', 'Linux', $3)`,
      [id, toTimestamp(Date.UTC(2026, 0, 1)), POISONED_PROPS],
    ),
  )

const errorOf = (promise: Promise<unknown>): Promise<AppError> =>
  promise.then(
    () => {
      throw new Error('expected a failure')
    },
    (e: unknown) => {
      expect(e).toBeInstanceOf(AppError)
      return e as AppError
    },
  )

describe('createDuckdbStore: failures an operator reads about', () => {
  // kills: duckdb-store.ts:144 OptionalChaining (options.onSetAside?.() → options.onSetAside())
  it('opens a file holding an unreadable event when nobody asked to be told of set-aside events', async () => {
    await (await createDuckdbStore({ path })).close()
    await poisonEvents(fixtureId(7))
    const store = await createDuckdbStore({ path })
    try {
      expect(await store.countEvents({})).toBe(0)
      expect((await store.query('SELECT id FROM events_set_aside')).map((r) => r.id)).toEqual([
        fixtureId(7),
      ])
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-store.ts:107-116, the failed check of the events at open (its message, file and cause)
  it('a failed check of the events at open is STORE_FAILED naming the file, and moves nothing', async () => {
    await (await createDuckdbStore({ path })).close()
    await poisonEvents(fixtureId(7))
    // A damaged table the unreadable event cannot be moved into.
    await withRawConnection(path, (connection) =>
      connection.run('ALTER TABLE events_set_aside DROP COLUMN reason'),
    )
    const error = await errorOf(createDuckdbStore({ path }))
    expect(error.code).toBe('STORE_FAILED')
    expect(error.where).toBe(path)
    expect(error.message).toMatch(new RegExp(`^${path}: checking the events failed: .+`))
    expect(error.cause).toBeInstanceOf(Error)
    // The failed open released the file, and left the event where it was.
    expect(await rawRows('SELECT id FROM events')).toEqual([[fixtureId(7)]])
    expect(await rawRows('SELECT count(*)::INTEGER FROM events_set_aside')).toEqual([[0]])
  })

  // kills: duckdb-store.ts:121-129, the failed build of the rollups (its file and cause)
  it('a rollup that cannot be built is STORE_FAILED naming the file and the database’s reason', async () => {
    const broken: RollupFactory = () => [
      {
        name: 'broken',
        bucket: 'day',
        keys: ['path'],
        measures: ['n'],
        select: (from) => `SELECT bucket, path, n FROM ${from} JOIN no_such_table USING (id)`,
      },
    ]
    const error = await errorOf(createDuckdbStore({ path, rollups: broken }))
    expect(error.code).toBe('STORE_FAILED')
    expect(error.where).toBe(path)
    expect(error.message).toMatch(
      new RegExp(`^${path}: building the rollups failed: .*no_such_table`),
    )
    expect(error.cause).toBeInstanceOf(Error)
    // Released: the same file opens without the broken rollup.
    await (await createDuckdbStore({ path })).close()
  })

  // kills: duckdb-store.ts:182-184, the failed write's message and cause
  it('a write the database refuses is STORE_FAILED naming the file, with the database’s reason', async () => {
    const store = await createDuckdbStore({ path })
    try {
      const event = storedEvent({ id: fixtureId(1) })
      const receipt = consentReceipt({ id: 'dup' })
      const error = await errorOf(store.write({ events: [event], receipts: [receipt, receipt] }))
      expect(error.code).toBe('STORE_FAILED')
      expect(error.message).toMatch(new RegExp(`^${path}: write failed: .*dup`))
      expect(error.cause).toBeInstanceOf(Error)
    } finally {
      await store.close()
    }
  })
})

describe('createDuckdbStore: reads', () => {
  // kills: duckdb-store.ts:164 Regex (the rollup's name matched whatever its case)
  it('folds before a statement that names a rollup in capitals, as SQL allows', async () => {
    const store = await createDuckdbStore({
      path: ':memory:',
      rollups: perPath,
      foldAfterMs: 3_600_000,
    })
    try {
      await store.write({ events: [storedEvent(), storedEvent()], receipts: [] })
      expect(await store.query('SELECT CAST(sum(n) AS INTEGER) AS n FROM ROLLUP_PER_PATH')).toEqual(
        [{ n: 2 }],
      )
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-store.ts:376 MethodExpression (sql.slice(0, 80) → sql)
  it('refuses a statement that is not a SELECT with INTERNAL, quoting only its first 80 characters', async () => {
    const store = await createDuckdbStore({ path: ':memory:' })
    try {
      const sql = `DELETE FROM events WHERE path = '${'x'.repeat(200)}'`
      const error = await errorOf(store.query(sql))
      expect(error.code).toBe('INTERNAL')
      expect(error.message).toBe(`store.query runs only SELECT statements: ${sql.slice(0, 80)}`)
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-store.ts:398 (await reads.idle() removed)
  it('close waits for a read under way: the read gets its answer', async () => {
    const store: Store = await createDuckdbStore({ path: ':memory:' })
    const answers: unknown[] = []
    const long = store
      .query('SELECT count(*)::INTEGER AS n FROM range(30000000) AS t(i) WHERE i % 7 = 3')
      .then((rows) => answers.push(rows))
    await store.close()
    // One turn of the event loop for the read's callbacks; not awaiting `long` itself, since a
    // connection closed under it leaves it unsettled for good.
    await new Promise((resolve) => setImmediate(resolve))
    expect(answers).toEqual([[{ n: 4285714 }]])
    await long
  })
})

describe('createDuckdbStore: arguments a caller gets wrong', () => {
  // kills: duckdb-store.ts:438-439, positive(): the whole-number check (ConditionalExpression,
  // LogicalOperator, EqualityOperator) and its message (StringLiteral)
  it('refuses a count of connections, a delay or a threshold that is not a whole number ≥ 1', async () => {
    for (const [options, message] of [
      [{ readConnections: 1.5 }, 'readConnections must be a whole number ≥ 1, got 1.5'],
      [{ foldAfterMs: 0 }, 'foldAfterMs must be a whole number ≥ 1, got 0'],
      [{ foldAfterMs: Number.NaN }, 'foldAfterMs must be a whole number ≥ 1, got NaN'],
      [{ foldAtEvents: -3 }, 'foldAtEvents must be a whole number ≥ 1, got -3'],
      [{ foldAtEvents: Infinity }, 'foldAtEvents must be a whole number ≥ 1, got Infinity'],
    ] as const) {
      const opening = createDuckdbStore({ path: ':memory:', ...options })
      await expect(opening, message).rejects.toThrow(RangeError)
      await expect(opening, message).rejects.toThrow(message)
    }
    // 1 is a whole number ≥ 1.
    const store = await createDuckdbStore({
      path: ':memory:',
      readConnections: 1,
      foldAfterMs: 1,
      foldAtEvents: 1,
    })
    await store.close()
  })
})

describe('createDuckdbStore: a fold that fails', () => {
  /**
   * A rollup DuckDB cannot compute over an event whose path is /boom (`error()` raises): the
   * stand-in for any fold that fails. Every other event folds.
   */
  const failsOnBoom: RollupFactory = (d) => [
    {
      name: 'per_path',
      bucket: 'day',
      keys: ['path'],
      measures: ['n'],
      select: (from) =>
        `SELECT ${d.truncate('day', 'time')} AS bucket, CASE WHEN path = '/boom' THEN error('cannot fold /boom') ELSE path END AS path, count(*) AS n FROM ${from} GROUP BY 1, 2`,
    },
  ]
  const VISITOR = '1767225600.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

  // kills: duckdb-store.ts:212, :328, :343, :347 StringLiteral (what failed, in the message)
  it('says what failed, keeps the events it could not fold, and still closes', async () => {
    const store = await createDuckdbStore({ path, rollups: failsOnBoom, foldAfterMs: 3_600_000 })
    try {
      await store.write({
        events: [storedEvent({ path: '/ok' }), storedEvent({ path: '/boom', visitor: VISITOR })],
        receipts: [],
      })
      const failure = (promise: Promise<unknown>, what: string) =>
        expect(promise).rejects.toMatchObject({
          code: 'STORE_FAILED',
          message: expect.stringMatching(
            new RegExp(`^${path}: ${what} failed: .*cannot fold /boom`),
          ) as unknown,
        })
      await failure(store.query('SELECT sum(n) FROM rollup_per_path'), 'folding the rollups')
      await failure(store.eraseVisitor(VISITOR), 'erasing a visitor')
      await failure(store.purge({ events: 0, receipts: 0 }), 'purge')
      await failure(store.optimize(), 'compacting the rollups')
      // Nothing acknowledged is lost: both events are still stored and still pending.
      expect(await store.countEvents({})).toBe(2)
      expect(await store.query('SELECT count(*)::INTEGER AS n FROM rollup_pending')).toEqual([
        { n: 2 },
      ])
    } finally {
      // The failed fold at close does not keep the file from being released.
      await store.close()
    }
    expect(await rawRows('SELECT count(*)::INTEGER FROM rollup_pending')).toEqual([[2]])
  })
})
