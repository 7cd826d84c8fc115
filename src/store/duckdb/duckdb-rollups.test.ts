import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fixtureId, storedEvent } from '../../../test/helpers/fixtures.js'
import { perPathRollup } from '../../../test/helpers/per-path-rollup.js'
import { testFolder } from '../../../test/helpers/test-folder.js'
import { withRawConnection } from '../../../test/helpers/raw-duckdb.js'
import { createFakeClock } from '../../lib/clock.js'
import type { RollupDefinition, RollupFactory } from '../rollup.js'
import type { SqlDialect } from '../sql-dialect.js'
import type { Store } from '../store.js'
import { createDuckdbStore } from './duckdb-store.js'

const T0 = Date.parse('2026-03-01T12:00:00.000Z')
const DAY = 86_400_000
const VISITOR = '1767225600.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'

/**
 * What an operator sees of the rollups kept by a DuckDB store (openDuckdbRollups), beyond the
 * conformance suite: the definitions it refuses at open, and why. In memory, unless the file is
 * the point: a mutation run reruns these for every mutant.
 */
describe('DuckDB rollups: definitions refused at open', () => {
  // kills: duckdb-rollups.ts:103 StringLiteral → `` and → ""
  it('refuses two rollups of one name, naming them', async () => {
    const twice: RollupFactory = (d) => [perPathRollup(d), perPathRollup(d, { bucket: 'hour' })]
    await expect(createDuckdbStore({ path: ':memory:', rollups: twice })).rejects.toThrow(
      'a name is defined twice in per_path, per_path',
    )
  })

  // A rollup whose SELECT fails while it is built: the operator is told what failed in it, not
  // a consequence of it.
  // kills: duckdb-rollups.ts:139 BlockStatement → {}
  it('refuses a rollup whose SELECT fails, naming the cause', async () => {
    const broken: RollupFactory = (d) => [
      perPathRollup(d, {
        select: (from) =>
          `SELECT ${d.truncate('day', 'time')} AS bucket, no_such_column AS path, count(*) AS n FROM ${from} GROUP BY 1, 2`,
      }),
    ]
    await expect(createDuckdbStore({ path: ':memory:', rollups: broken })).rejects.toThrow(
      /building the rollups failed: .*no_such_column/,
    )
  })

  /** A visitor rollup with previous buckets (the kind stats/ keeps for visits), to vary. */
  const perVisitor = (d: SqlDialect, overrides: Partial<RollupDefinition> = {}) =>
    perPathRollup(d, {
      name: 'per_visitor',
      keys: ['visitor', 'path'],
      visitorKey: 'visitor',
      previous: { seen_before: null },
      select: (from) =>
        `SELECT ${d.truncate('day', 'time')} AS bucket, coalesce(visitor, '') AS visitor, path, count(*) AS n FROM ${from} GROUP BY 1, 2, 3`,
      ...overrides,
    })

  // Each definition is refused before anything is built, with a message that names the rollup
  // and what is wrong in it (the message is what the operator reads at `temoin serve`).
  const refused: [string, (d: SqlDialect) => RollupDefinition, string][] = [
    // kills: duckdb-rollups.ts:459 ArrayDeclaration → [], :460 ConditionalExpression → false,
    // :460 LogicalOperator → &&, :461 StringLiteral → ``
    [
      'a name that is not plain',
      (d) => perPathRollup(d, { name: 'Per-Path' }),
      'rollup Per-Path: Per-Path is not a plain lower-case column name',
    ],
    [
      'a key that is not plain',
      (d) => perPathRollup(d, { keys: ['path; DROP'] }),
      'rollup per_path: path; DROP is not a plain',
    ],
    [
      'a measure that is not plain',
      (d) => perPathRollup(d, { measures: ['N'] }),
      'rollup per_path: N is not a plain',
    ],
    // kills: duckdb-rollups.ts:460 StringLiteral → "" (a key named bucket would clash with the bucket)
    [
      'a key named bucket',
      (d) => perPathRollup(d, { keys: ['bucket'] }),
      'rollup per_path: bucket is not a plain',
    ],
    // kills: duckdb-rollups.ts:473 ConditionalExpression → false and StringLiteral → "" (each
    // name would make the rollup's table one of the store's own)
    [
      'a rollup named definitions',
      (d) => perPathRollup(d, { name: 'definitions' }),
      "rollup definitions: the name is taken by the store's own rollup_definitions",
    ],
    [
      'a rollup named pending',
      (d) => perPathRollup(d, { name: 'pending' }),
      "rollup pending: the name is taken by the store's own rollup_pending",
    ],
    // kills: duckdb-rollups.ts:466 ConditionalExpression → false, :466 StringLiteral → ``
    ['no measure', (d) => perPathRollup(d, { measures: [] }), 'rollup per_path: no measure'],
    // kills: duckdb-rollups.ts:467 ConditionalExpression → false, :467 LogicalOperator → &&,
    // :469 StringLiteral → `` (an erased visitor's id would outlive it in a receipts rollup)
    [
      'a receipts rollup keyed by visitor',
      (d) => perPathRollup(d, { source: 'receipts', keys: ['visitor'], visitorKey: 'visitor' }),
      'rollup per_path: a receipts rollup keeps no visitor',
    ],
    [
      'a receipts rollup with previous buckets',
      (d) => perPathRollup(d, { source: 'receipts', previous: { seen_before: null } }),
      'rollup per_path: a receipts rollup keeps no visitor',
    ],
    // kills: duckdb-rollups.ts:471 ConditionalExpression → false, :472 StringLiteral → ``
    [
      'a visitorKey that is no key',
      (d) => perPathRollup(d, { visitorKey: 'visitor' }),
      'rollup per_path: visitorKey visitor is not one of its keys',
    ],
    // kills: duckdb-rollups.ts:474 ConditionalExpression → false, :475 StringLiteral → ``
    [
      'previous buckets without a visitorKey',
      (d) => perPathRollup(d, { previous: { seen_before: null } }),
      'rollup per_path: previous buckets need a visitorKey',
    ],
    // kills: duckdb-rollups.ts:476 ConditionalExpression → false, :477 StringLiteral → ``
    [
      'a previous column that is not plain',
      (d) => perVisitor(d, { previous: { 'Seen Before': null } }),
      'rollup per_visitor: Seen Before is not a new plain lower-case column name',
    ],
    // kills: duckdb-rollups.ts:476 ArrayDeclaration → [], :476 LogicalOperator → &&
    [
      'a previous column named like a measure',
      (d) => perVisitor(d, { previous: { n: null } }),
      'rollup per_visitor: n is not a new plain lower-case column name',
    ],
    // kills: duckdb-rollups.ts:478 ConditionalExpression → false, :479 StringLiteral → ``
    [
      'a visitorIndex that is no key',
      (d) => perVisitor(d, { visitorIndex: 'visitor_hash' }),
      'rollup per_visitor: visitorIndex visitor_hash is not one of its keys',
    ],
    // kills: duckdb-rollups.ts:480 ConditionalExpression → false, :481 StringLiteral → ``
    [
      'a previous column looking at no measure',
      (d) => perVisitor(d, { previous: { seen_before: 'pageviews' } }),
      'rollup per_visitor: seen_before looks at pageviews, not one of its measures',
    ],
  ]
  it.each(refused)('refuses %s, naming it', async (_, definition, message) => {
    await expect(
      createDuckdbStore({ path: ':memory:', rollups: (d) => [definition(d)] }),
    ).rejects.toThrow(message)
  })
})

/**
 * The rows a rollup keeps on disk: the appended aggregates of each fold, regrouped into one row
 * per bucket and keys when the rows appended since the last compaction reach the rows it had
 * then (at least `compactMinRows`). What the dashboard reads stays small: that is the point of a
 * rollup. Each write below is folded by the query that follows it (the fold timer is an hour away).
 */
describe('DuckDB rollups: compaction keeps the table small', () => {
  let serial = 0
  /** Writes one event per path, all on one day, then counts the rollup's stored rows. */
  const writeAndCount = async (store: Store, paths: readonly string[]): Promise<number> => {
    await store.write({
      events: paths.map((path) => storedEvent({ id: fixtureId(++serial), time: T0, path })),
      receipts: [],
    })
    const [row] = await store.query('SELECT count(*) AS n FROM rollup_per_path')
    return Number(row?.n)
  }
  const open = (compactMinRows: number) =>
    createDuckdbStore({
      path: ':memory:',
      rollups: (d) => [perPathRollup(d)],
      compactMinRows,
      foldAfterMs: 3_600_000,
    })

  // kills: duckdb-rollups.ts:201 EqualityOperator → >, :201 MethodExpression → Math.min,
  // :181 ArithmeticOperator → - (appended rows counted down: never compacted)
  it('regroups once the rows appended reach compactMinRows, and not before', async () => {
    const store = await open(3)
    try {
      const rows: number[] = []
      for (let i = 0; i < 7; i++) rows.push(await writeAndCount(store, ['/']))
      // One row per fold; the third fold reaches 3 and the rollup is one row again.
      expect(rows).toEqual([1, 2, 1, 2, 3, 1, 2])
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-rollups.ts:201 LogicalOperator → size.get(d.name) && 0 (the size after a
  // compaction ignored), and :201 / :181 LogicalOperator → appended.get(…) && 0
  it('waits, after a compaction, for as many appended rows as the rollup then had', async () => {
    const store = await open(2)
    try {
      // Four paths in one fold: 4 rows appended ≥ 2, compacted into 4 rows (one per path).
      expect(await writeAndCount(store, ['/a', '/b', '/c', '/d'])).toBe(4)
      const rows: number[] = []
      for (let i = 0; i < 5; i++) rows.push(await writeAndCount(store, ['/a']))
      // The next compaction waits for 4 appended rows (its size), not 2 (compactMinRows).
      expect(rows).toEqual([5, 6, 7, 4, 5])
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-rollups.ts:247 ConditionalExpression → false (optimize compacting nothing)
  it('is regrouped by optimize, whatever its size', async () => {
    const store = await open(1_000)
    try {
      await writeAndCount(store, ['/'])
      expect(await writeAndCount(store, ['/'])).toBe(2)
      await store.optimize()
      expect(await writeAndCount(store, [])).toBe(1)
    } finally {
      await store.close()
    }
  })
})

describe('DuckDB rollups: an empty `previous`', () => {
  // `previous: {}` passes checkDefinition (no column to check) and names no column: it must
  // behave as no `previous` at all. It used to take the previous-bucket path and make every fold
  // fail; that path's `d.visitorKey ?? ''` fallback is now unreachable (marked equivalent).
  it('is kept like a rollup without previous columns, exact after a write', async () => {
    const store = await createDuckdbStore({
      path: ':memory:',
      rollups: (d) => [perPathRollup(d, { previous: {} })],
      foldAfterMs: 3_600_000,
    })
    try {
      await store.write({
        events: [storedEvent({ time: T0, path: '/a' }), storedEvent({ time: T0, path: '/a' })],
        receipts: [],
      })
      expect(
        await store.query(
          'SELECT path, CAST(sum(n) AS BIGINT) AS n FROM rollup_per_path GROUP BY path',
        ),
      ).toEqual([{ path: '/a', n: 2 }])
    } finally {
      await store.close()
    }
  })
})

/**
 * A rollup in the file is rebuilt at open when its definition changed in any way, and kept as it
 * is otherwise: a rebuild reads every event (minutes at 10 M), and a kept rollup that no longer
 * matches its definition gives wrong answers or none. Seen through the time the store records for
 * each build (`rollup_definitions.built_at`), on a fake clock that moves between opens.
 */
describe('DuckDB rollups: rebuilt at open exactly when the definition changed', () => {
  /** A visitor rollup with every optional part, `vlen` an integer key (the id's length). */
  const first = (d: SqlDialect): RollupDefinition =>
    perPathRollup(d, {
      keys: ['visitor', 'path', 'vlen'],
      select: (from) =>
        `SELECT ${d.truncate('day', 'time')} AS bucket, coalesce(visitor, '') AS visitor, path, length(coalesce(visitor, '')) AS vlen, count(*) AS n FROM ${from} GROUP BY 1, 2, 3, 4`,
      visitorKey: 'visitor',
      integerKeys: { vlen: 'BIGINT' },
      previous: { seen_before: null },
      visitorIndex: 'vlen',
    })
  // Each step changes one part of the definition the one before had, from one value to another.
  const steps: [string, (d: SqlDialect) => RollupDefinition][] = [
    ['the first build', first],
    // kills: duckdb-rollups.ts:448 LogicalOperator → && (visitorKey left out of the signature)
    ['another visitorKey', (d) => ({ ...first(d), visitorKey: 'path' })],
    // kills: duckdb-rollups.ts:449 LogicalOperator → &&
    [
      'another integer type',
      (d) => ({ ...first(d), visitorKey: 'path', integerKeys: { vlen: 'UBIGINT' } }),
    ],
    // kills: duckdb-rollups.ts:450 LogicalOperator → &&
    [
      'another previous measure',
      (d) => ({
        ...first(d),
        visitorKey: 'path',
        integerKeys: { vlen: 'UBIGINT' },
        previous: { seen_before: 'n' },
      }),
    ],
    // kills: duckdb-rollups.ts:451 LogicalOperator → &&
    [
      'another visitorIndex',
      (d) => ({
        ...first(d),
        visitorKey: 'path',
        integerKeys: { vlen: 'UBIGINT' },
        previous: { seen_before: 'n' },
        visitorIndex: 'path',
      }),
    ],
  ]

  // An upgrade must not rebuild the rollups of a file whose definitions did not change (minutes
  // at 10 M events, at every start after it): the signatures below are those the release that
  // added receipts rollups wrote, the `source` field only on a receipts rollup.
  // kills: duckdb-rollups.ts:453 ConditionalExpression → true and → false, :453 EqualityOperator,
  // :453 StringLiteral → "", :453 ObjectLiteral → {}, :454 StringLiteral → ``
  it('keeps the rollups an earlier release built from the same definitions', async () => {
    const path = join(await testFolder('temoin-rollups-'), 'temoin.duckdb')
    const rollups: RollupFactory = (d) => [
      perPathRollup(d),
      perPathRollup(d, {
        name: 'per_version',
        source: 'receipts',
        keys: ['version'],
        select: (from) =>
          `SELECT ${d.truncate('day', 'time')} AS bucket, policy_version AS version, count(*) AS n FROM ${from} GROUP BY 1, 2`,
      }),
    ]
    const earlier = {
      per_path: `{"layout":2,"bucket":"day","keys":["path"],"measures":["n"],"visitorKey":null,"integerKeys":null,"previous":null,"visitorIndex":null,"select":"SELECT date_trunc('day', time) AS bucket, path, count(*) AS n FROM events AS e GROUP BY 1, 2"}`,
      per_version: `{"layout":2,"bucket":"day","keys":["version"],"measures":["n"],"visitorKey":null,"integerKeys":null,"previous":null,"visitorIndex":null,"source":"receipts","select":"SELECT date_trunc('day', time) AS bucket, policy_version AS version, count(*) AS n FROM receipts AS e GROUP BY 1, 2"}`,
    }
    await (await createDuckdbStore({ path, rollups })).close()
    // The file as the earlier release left it: its signatures, built at the epoch.
    await withRawConnection(path, async (connection) => {
      for (const [name, signature] of Object.entries(earlier))
        await connection.run(
          'UPDATE rollup_definitions SET signature = $1, built_at = epoch_ms(0) WHERE name = $2',
          [signature, name],
        )
    })
    const store = await createDuckdbStore({ path, rollups })
    try {
      expect(
        await store.query(
          'SELECT name, epoch_ms(built_at) AS built FROM rollup_definitions ORDER BY name',
        ),
      ).toEqual([
        { name: 'per_path', built: 0 },
        { name: 'per_version', built: 0 },
      ])
    } finally {
      await store.close()
    }
  })

  // kills: duckdb-rollups.ts:127 ConditionalExpression → false (rebuilt at every open),
  // :134 StringLiteral → "" (the build never recorded)
  it('records each build, keeps an unchanged rollup, and rebuilds a changed one', async () => {
    const path = join(await testFolder('temoin-rollups-'), 'temoin.duckdb')
    const clock = createFakeClock(T0)
    const builtAt = async (definition: (d: SqlDialect) => RollupDefinition): Promise<unknown> => {
      clock.advance(DAY)
      const store = await createDuckdbStore({ path, clock, rollups: (d) => [definition(d)] })
      try {
        const [row] = await store.query(
          "SELECT epoch_ms(built_at) AS t FROM rollup_definitions WHERE name = 'per_path'",
        )
        return row?.t
      } finally {
        await store.close()
      }
    }
    for (const [change, definition] of steps)
      expect(await builtAt(definition), `rebuilt for ${change}`).toBe(clock.now())
    // The last definition again: the rollup is kept, built when it was.
    const built = clock.now()
    expect(await builtAt(steps[steps.length - 1]![1]), 'kept').toBe(built)
  })
})

describe('DuckDB rollups: optimize after a restart', () => {
  // optimize (after `temoin seed`) rewrites the rollups this process added rows to; one it did
  // not touch is left as it is (rewriting a large rollup costs seconds, and answers the same).
  // kills: duckdb-rollups.ts:247 ConditionalExpression → true, :247 EqualityOperator → >= 0
  it('rewrites only the rollups this process added rows to', async () => {
    const path = join(await testFolder('temoin-rollups-'), 'temoin.duckdb')
    const open = () =>
      createDuckdbStore({
        path,
        rollups: (d) => [perPathRollup(d)],
        compactMinRows: 1_000,
        foldAfterMs: 3_600_000,
      })
    const rows = async (store: Store) =>
      (await store.query('SELECT count(*) AS n FROM rollup_per_path'))[0]?.n
    const first = await open()
    try {
      for (const id of [1, 2]) {
        await first.write({
          events: [storedEvent({ id: fixtureId(id), time: T0 })],
          receipts: [],
        })
        await rows(first)
      }
      expect(await rows(first)).toBe(2)
    } finally {
      await first.close()
    }
    const again = await open()
    try {
      await again.optimize()
      expect(await rows(again)).toBe(2)
      // Once this process adds a row, optimize regroups the rollup, the older rows with it.
      await again.write({ events: [storedEvent({ id: fixtureId(3), time: T0 })], receipts: [] })
      await again.optimize()
      expect(await rows(again)).toBe(1)
    } finally {
      await again.close()
    }
  })
})

describe('DuckDB rollups: compaction across a restart', () => {
  // The rows a rollup had when the file was opened count as its size: a large rollup is not
  // rewritten after every few folds because the process that opened it is new.
  // kills: duckdb-rollups.ts:174 BlockStatement → {} (every rollup taken as empty at open)
  it('waits after an open for as many appended rows as the rollup had', async () => {
    const path = join(await testFolder('temoin-rollups-'), 'temoin.duckdb')
    let serial = 0
    const open = (compactMinRows: number) =>
      createDuckdbStore({
        path,
        rollups: (d) => [perPathRollup(d)],
        compactMinRows,
        foldAfterMs: 3_600_000,
      })
    const writeAndCount = async (store: Store, paths: readonly string[]) => {
      await store.write({
        events: paths.map((path) => storedEvent({ id: fixtureId(++serial), time: T0, path })),
        receipts: [],
      })
      return (await store.query('SELECT count(*) AS n FROM rollup_per_path'))[0]?.n
    }
    const first = await open(1_000)
    try {
      expect(await writeAndCount(first, ['/a', '/b', '/c', '/d'])).toBe(4)
    } finally {
      await first.close()
    }
    const again = await open(2)
    try {
      const rows: unknown[] = []
      for (let i = 0; i < 4; i++) rows.push(await writeAndCount(again, ['/a']))
      // Compacted at the fourth row appended (the 4 it had), not the second (compactMinRows).
      expect(rows).toEqual([5, 6, 7, 4])
    } finally {
      await again.close()
    }
  })
})

describe('DuckDB rollups: previous buckets across folds', () => {
  // A visitor's previous page view, when the hours between hold only custom events: the row of
  // a later fold points at the last hour with a page view, not at the last hour seen. (stats/
  // counts a visit's start this way; its own tests fold everything at once.)
  // kills: duckdb-rollups.ts:344 ConditionalExpression → true
  it('points at the last earlier bucket whose measure is above 0, found in earlier folds', async () => {
    const HOUR = 3_600_000
    const perVisitor: RollupFactory = (d) => [
      {
        name: 'per_visitor',
        bucket: 'hour',
        keys: ['visitor'],
        visitorKey: 'visitor',
        measures: ['events', 'pageviews'],
        previous: { viewed_before: 'pageviews' },
        select: (from) =>
          `SELECT ${d.truncate('hour', 'time')} AS bucket, coalesce(visitor, '') AS visitor, count(*) AS events, sum(CASE WHEN type = 'pageview' THEN 1 ELSE 0 END) AS pageviews FROM ${from} GROUP BY 1, 2`,
      },
    ]
    const store = await createDuckdbStore({
      path: ':memory:',
      rollups: perVisitor,
      compactMinRows: 1_000,
      foldAfterMs: 3_600_000,
    })
    const h1 = T0 - (T0 % HOUR)
    const read = () =>
      store.query(
        'SELECT epoch_ms(bucket) AS hour, pageviews, epoch_ms(viewed_before) AS viewed_before FROM rollup_per_visitor ORDER BY bucket',
      )
    try {
      // One fold each: a page view, an hour of custom events only, a page view.
      const writes = [
        storedEvent({ id: fixtureId(1), time: h1, visitor: VISITOR }),
        storedEvent({
          id: fixtureId(2),
          time: h1 + HOUR,
          visitor: VISITOR,
          type: 'event',
          name: 'download',
        }),
        storedEvent({ id: fixtureId(3), time: h1 + 2 * HOUR, visitor: VISITOR }),
      ]
      for (const event of writes) {
        await store.write({ events: [event], receipts: [] })
        await read()
      }
      expect(await read()).toEqual([
        { hour: h1, pageviews: 1, viewed_before: null },
        { hour: h1 + HOUR, pageviews: 0, viewed_before: h1 },
        { hour: h1 + 2 * HOUR, pageviews: 1, viewed_before: h1 },
      ])
    } finally {
      await store.close()
    }
  })
})

/** The rows of a rollup table as stored, in the order a plain scan returns them. */
const storedRows = (store: Store, name: string, columns = 'count(*) AS n') =>
  store.query(`SELECT ${columns} FROM rollup_${name}`)

describe('DuckDB rollups: how the rows are kept', () => {
  let serial = 0
  const event = (time: number, overrides: Parameters<typeof storedEvent>[0] = {}) =>
    storedEvent({ id: fixtureId(++serial), time, ...overrides })
  const open = (rollups: RollupFactory, compactMinRows: number) =>
    createDuckdbStore({ path: ':memory:', rollups, compactMinRows, foldAfterMs: 3_600_000 })

  // Sorted by the first key, then the bucket, so that DuckDB's zone maps skip the row groups of
  // the other sites (the first key of stats/) — a plain scan shows the order they were written in.
  // kills: duckdb-rollups.ts:414 ConditionalExpression → false (sorted by bucket alone)
  it('writes a compacted rollup sorted by its first key, then the bucket', async () => {
    const store = await open((d) => [perPathRollup(d)], 1)
    try {
      await store.write({
        events: [
          event(T0 + DAY, { path: '/b' }),
          event(T0, { path: '/b' }),
          event(T0 + DAY, { path: '/a' }),
          event(T0, { path: '/a' }),
        ],
        receipts: [],
      })
      expect(await storedRows(store, 'per_path', 'path, epoch_ms(bucket) AS day, n')).toEqual([
        { path: '/a', day: T0 - (T0 % DAY), n: 1 },
        { path: '/a', day: T0 - (T0 % DAY) + DAY, n: 1 },
        { path: '/b', day: T0 - (T0 % DAY), n: 1 },
        { path: '/b', day: T0 - (T0 % DAY) + DAY, n: 1 },
      ])
    } finally {
      await store.close()
    }
  })

  // A rollup of one total per bucket has no key to sort by: it is sorted by the bucket alone.
  // kills: duckdb-rollups.ts:414 ConditionalExpression → true, :414 StringLiteral → ""
  it('keeps a rollup without keys (one total a day), compacted and exact', async () => {
    const total: RollupFactory = (d) => [
      perPathRollup(d, {
        name: 'total',
        keys: [],
        select: (from) =>
          `SELECT ${d.truncate('day', 'time')} AS bucket, count(*) AS n FROM ${from} GROUP BY 1`,
      }),
    ]
    const store = await open(total, 1)
    try {
      await store.write({ events: [event(T0 + DAY), event(T0)], receipts: [] })
      await store.write({ events: [event(T0)], receipts: [] })
      expect(await storedRows(store, 'total', 'epoch_ms(bucket) AS day, n')).toEqual([
        { day: T0 - (T0 % DAY), n: 2 },
        { day: T0 - (T0 % DAY) + DAY, n: 1 },
      ])
    } finally {
      await store.close()
    }
  })

  // A purge regroups the cutoff's bucket of a rollup without previous buckets, and leaves the
  // rest as it was: a daily purge must not rewrite every rollup of a large file.
  // kills: duckdb-rollups.ts:290 ConditionalExpression → true, :290 EqualityOperator → === undefined
  it('leaves the buckets after the cutoff’s as they were after a purge', async () => {
    const store = await open((d) => [perPathRollup(d)], 1_000)
    try {
      for (const time of [T0, T0 + 2 * DAY, T0 + 2 * DAY]) {
        await store.write({ events: [event(time)], receipts: [] })
        await storedRows(store, 'per_path')
      }
      expect(await storedRows(store, 'per_path')).toEqual([{ n: 3 }])
      await store.purge({ events: T0 + DAY, receipts: T0 + DAY })
      // The first day is gone; the third keeps its two rows (one per fold), not regrouped.
      expect(await storedRows(store, 'per_path', 'epoch_ms(bucket) AS day, n')).toEqual([
        { day: T0 - (T0 % DAY) + 2 * DAY, n: 1 },
        { day: T0 - (T0 % DAY) + 2 * DAY, n: 1 },
      ])
    } finally {
      await store.close()
    }
  })

  // Retention: what a purge removes from the events leaves no row in a rollup either, not even
  // one whose counts add up to zero (its keys, a path or a referrer, would outlive the events).
  // kills: duckdb-rollups.ts:438 ArithmeticOperator → Math.floor(time / unit) / unit
  it('keeps no row of a bucket before the cutoff’s after a purge', async () => {
    const store = await open((d) => [perPathRollup(d)], 1_000)
    try {
      await store.write({
        events: [event(T0, { path: '/old' }), event(T0 + 2 * DAY, { path: '/new' })],
        receipts: [],
      })
      await store.purge({ events: T0 + DAY, receipts: T0 + DAY })
      expect(await storedRows(store, 'per_path', 'path, epoch_ms(bucket) AS day, n')).toEqual([
        { path: '/new', day: T0 - (T0 % DAY) + 2 * DAY, n: 1 },
      ])
    } finally {
      await store.close()
    }
  })

  // An integer key is stored as an integer (stats/ keys visitors by 64 bits of their id, 10×
  // cheaper to match than the text): a query reads it back as a number, and compares it as one.
  // kills: duckdb-rollups.ts:420 LogicalOperator → d.integerKeys?.[k] && 'VARCHAR'
  it('stores an integer key as an integer', async () => {
    const byLength: RollupFactory = (d) => [
      perPathRollup(d, {
        name: 'by_length',
        keys: ['len'],
        integerKeys: { len: 'BIGINT' },
        select: (from) =>
          `SELECT ${d.truncate('day', 'time')} AS bucket, length(path) AS len, count(*) AS n FROM ${from} GROUP BY 1, 2`,
      }),
    ]
    const store = await open(byLength, 1_000)
    try {
      await store.write({
        events: [event(T0, { path: '/a' }), event(T0, { path: '/abcdefghi' })],
        receipts: [],
      })
      // Ordered as numbers (2 < 10), not as text ('10' < '2').
      expect(await store.query('SELECT len, n FROM rollup_by_length ORDER BY len')).toEqual([
        { len: 2, n: 1 },
        { len: 10, n: 1 },
      ])
    } finally {
      await store.close()
    }
  })

  // A visitor's rows are rewritten in place at each fold (one per bucket and keys): the rows a
  // fold writes, anonymous and rewritten alike, count towards the next compaction.
  // kills: duckdb-rollups.ts:356 ArithmeticOperator → -
  it('compacts a rollup with previous buckets by the rows its folds wrote', async () => {
    const perVisitor: RollupFactory = (d) => [
      perPathRollup(d, {
        name: 'per_visitor',
        keys: ['visitor', 'path'],
        visitorKey: 'visitor',
        previous: { seen_before: null },
        select: (from) =>
          `SELECT ${d.truncate('day', 'time')} AS bucket, coalesce(visitor, '') AS visitor, path, count(*) AS n FROM ${from} GROUP BY 1, 2, 3`,
      }),
    ]
    const store = await open(perVisitor, 4)
    try {
      const rows: unknown[] = []
      for (let i = 0; i < 4; i++) {
        await store.write({
          events: [event(T0 + i, { visitor: null }), event(T0 + i, { visitor: VISITOR })],
          receipts: [],
        })
        rows.push((await storedRows(store, 'per_visitor'))[0]?.n)
      }
      // Two rows written per fold: the fourth row written compacts the anonymous rows into one.
      expect(rows).toEqual([2, 2, 3, 2])
    } finally {
      await store.close()
    }
  })
})
