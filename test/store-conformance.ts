import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { RollupDefinition, RollupFactory } from '../src/store/rollup.js'
import type { SqlDialect, SqlRow, SqlValue } from '../src/store/sql-dialect.js'
import type { ConsentReceipt, StoredEvent, Store } from '../src/store/store.js'
import { consentReceipt, storedEvent } from './helpers/fixtures.js'
import { defineGroupCountConformance } from './store-conformance-groups.js'

/** What a conformance run needs from a store implementation. */
export interface ConformanceSubject {
  readonly store: Store
  /**
   * Opens the same data again, after the suite closed `store` (a restart). Absent for stores
   * that do not outlive their handle (in-memory).
   */
  readonly reopen?: () => Promise<Store>
  /** Closes what is still open (closing twice must be harmless) and deletes the data. */
  readonly cleanup: () => Promise<void>
}

const T0 = Date.parse('2026-03-01T12:00:00.000Z')
const MINUTE = 60_000
const VISITOR_A = '1767225600.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
const VISITOR_B = '1767225600.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb'

// Every event and receipt of the suite is valid and distinct; ids grow with each call.
const makeEvent = (overrides: Partial<StoredEvent> = {}) => storedEvent({ time: T0, ...overrides })
const makeReceipt = (overrides: Partial<ConsentReceipt> = {}) =>
  consentReceipt({ time: T0, deposit: T0, visitor: VISITOR_A, ...overrides })

const ids = (rows: readonly { id: string }[]): string[] => rows.map((r) => r.id)

/**
 * Rollups of the suite: an hourly one keyed by visitor (its rows carry their previous buckets),
 * a daily one, one over JSON props, one over the receipts.
 */
const TEST_ROLLUPS: RollupFactory = (d: SqlDialect): RollupDefinition[] => [
  {
    name: 'by_visitor',
    bucket: 'hour',
    keys: ['site', 'visitor'],
    visitorKey: 'visitor',
    measures: ['events', 'pageviews'],
    previous: { seen_before: null, viewed_before: 'pageviews' },
    select: (from) =>
      `SELECT ${d.truncate('hour', 'time')} AS bucket, site, coalesce(visitor, '') AS visitor, count(*) AS events, sum(CASE WHEN type = 'pageview' THEN 1 ELSE 0 END) AS pageviews FROM ${from} GROUP BY 1, 2, 3`,
  },
  {
    name: 'by_device',
    bucket: 'day',
    keys: ['site', 'device', 'path'],
    measures: ['events'],
    select: (from) =>
      `SELECT ${d.truncate('day', 'time')} AS bucket, site, device, path, count(*) AS events FROM ${from} GROUP BY 1, 2, 3, 4`,
  },
  {
    name: 'by_prop',
    bucket: 'day',
    keys: ['name', 'prop', 'value'],
    measures: ['events'],
    select: (from) => {
      const p = d.propEntries('e', 'p')
      return `SELECT ${d.truncate('day', 'e.time')} AS bucket, e.name AS name, ${p.key} AS prop, ${p.value} AS value, count(*) AS events FROM ${from}${p.from} GROUP BY 1, 2, 3, 4`
    },
  },
  {
    name: 'by_choice',
    source: 'receipts',
    bucket: 'day',
    keys: ['site', 'version'],
    measures: ['receipts', 'with_gpc'],
    select: (from) =>
      `SELECT ${d.truncate('day', 'time')} AS bucket, site, policy_version AS version, count(*) AS receipts, sum(CASE WHEN gpc THEN 1 ELSE 0 END) AS with_gpc FROM ${from} GROUP BY 1, 2, 3`,
  },
]

const ROLLUP_NAMES = ['by_choice', 'by_device', 'by_prop', 'by_visitor']

const sortRows = (rows: readonly SqlRow[]): string[] => rows.map((r) => JSON.stringify(r)).sort()

/** What a rollup holds, regrouped (rows of one key add up), all-zero rows left out. */
async function readRollup(store: Store, def: RollupDefinition): Promise<string[]> {
  const d = store.dialect
  const sums = def.measures.map((m) => `sum(${m}) AS ${m}`)
  const keys = def.keys.join(', ')
  return sortRows(
    await store.query(
      `SELECT ${d.toEpochMs('bucket')} AS bucket, ${keys}, ${sums.join(', ')} FROM rollup_${def.name} GROUP BY bucket, ${keys} HAVING ${def.measures.map((m) => `sum(${m}) <> 0`).join(' OR ')}`,
    ),
  )
}

/** What the rollup must hold: its definition run over every stored event (or receipt). */
async function expectedRollup(store: Store, def: RollupDefinition): Promise<string[]> {
  const d = store.dialect
  const columns = [...def.keys, ...def.measures]
  return sortRows(
    await store.query(
      `SELECT ${d.toEpochMs('bucket')} AS bucket, ${columns.join(', ')} FROM (${def.select(`${def.source ?? 'events'} AS e`)}) AS r`,
    ),
  )
}

/**
 * The rows of a visitor as a rollup with `previous` must hold them: one per bucket and keys (as
 * stored, not regrouped), each with the bucket of the previous row with the same keys — any
 * row, or one whose measure is above 0 — computed here from the expected aggregate, in JavaScript.
 */
async function visitorRows(store: Store, def: RollupDefinition, expected: boolean) {
  const d = store.dialect
  const previous = Object.entries(def.previous ?? {})
  const visitor = def.visitorKey ?? ''
  const columns = [...def.keys, ...def.measures].join(', ')
  if (!expected) {
    const stored = await store.query(
      `SELECT ${d.toEpochMs('bucket')} AS bucket, ${columns}, ${previous.map(([name]) => `${d.toEpochMs(name)} AS ${name}`).join(', ')} FROM rollup_${def.name} WHERE ${visitor} <> ''`,
    )
    return sortRows(stored)
  }
  const rows = await store.query(
    `SELECT ${d.toEpochMs('bucket')} AS bucket, ${columns} FROM (${def.select('events AS e')}) AS r WHERE ${visitor} <> '' ORDER BY bucket`,
  )
  const last = new Map<string, Map<string, number>>()
  return sortRows(
    rows.map((row) => {
      const sequence = JSON.stringify(def.keys.map((k) => row[k]))
      const seen = last.get(sequence) ?? new Map<string, number>()
      last.set(sequence, seen)
      const out: Record<string, SqlValue> = { ...row }
      for (const [name] of previous) out[name] = seen.get(name) ?? null
      for (const [name, measure] of previous)
        if (measure === null || Number(row[measure]) > 0) seen.set(name, Number(row.bucket))
      return out
    }),
  )
}

/**
 * The one test suite every Store implementation passes (STYLE.md, rule 7): the same assertions,
 * no mocks, run once per implementation by that implementation's test file.
 *
 * @example
 * defineStoreConformance('duckdb :memory:', async () => {
 *   const store = await createDuckdbStore({ path: ':memory:' })
 *   return { store, cleanup: () => store.close() }
 * })
 */
export function defineStoreConformance(
  name: string,
  /** Opens an empty store keeping `rollups` (none when absent); reopen keeps the same. */
  open: (rollups?: RollupFactory) => Promise<ConformanceSubject>,
  options: {
    readonly persistent: boolean
    /**
     * Whether the store keeps rollups and counts groups (both true by default). A store that
     * does not yet declares none of those tests, rather than failing or skipping them.
     */
    readonly rollups?: boolean
    readonly countGroups?: boolean
  },
): void {
  describe(`Store conformance: ${name}`, () => {
    let subject: ConformanceSubject
    let store: Store

    beforeEach(async () => {
      subject = await open()
      store = subject.store
    })
    afterEach(async () => {
      await subject.cleanup()
    })

    describe('events', () => {
      it('round-trips every field, including unicode, quotes, long strings, empty props and a null visitor', async () => {
        const events = [
          makeEvent({ time: T0 + 1, visitor: null, props: {} }),
          makeEvent({
            time: T0 + 2,
            site: 'exemple.fr',
            type: 'event',
            name: 'téléchargement « guide » 📄',
            path: '/l\'été/naïve/"quoted"/back\\slash/日本語/🦆',
            query: 'utm_source=news%20letter&ref=a;b',
            referrer: 'https://news.example/ça-va',
            visitor: VISITOR_A,
            country: '',
            device: 'mobile',
            browser: '',
            os: 'iOS',
            props: {
              plan: 'pro « annuel »',
              amount: 12.5,
              count: -3,
              ok: true,
              no: false,
              "it's": '"🎉"',
            },
          }),
          makeEvent({
            time: T0 + 3,
            path: `/${'x'.repeat(20_000)}`,
            referrer: `https://r.example/${'é'.repeat(5_000)}`,
          }),
          makeEvent({ time: T0 + 4, path: '', name: '', props: { '': '' } }),
        ]
        await store.write({ events, receipts: [] })
        expect(await store.listEvents({})).toEqual(events)
      })

      it('keeps millisecond precision and times before 2001 and far in the future', async () => {
        const events = [
          makeEvent({ time: Date.parse('1999-12-31T23:59:59.999Z') }),
          makeEvent({ time: T0 + 123 }),
          makeEvent({ time: Date.parse('2100-01-01T00:00:00.001Z') }),
        ]
        await store.write({ events, receipts: [] })
        expect((await store.listEvents({})).map((e) => e.time)).toEqual(events.map((e) => e.time))
      })

      it('lists in time order, then by id', async () => {
        const late = makeEvent({ time: T0 + 2 * MINUTE })
        const tieB = makeEvent({ id: 'b'.repeat(32), time: T0 + MINUTE })
        const tieA = makeEvent({ id: 'a'.repeat(32), time: T0 + MINUTE })
        const early = makeEvent({ time: T0 })
        await store.write({ events: [late, tieB], receipts: [] })
        await store.write({ events: [tieA, early], receipts: [] })
        expect(ids(await store.listEvents({}))).toEqual([early.id, tieA.id, tieB.id, late.id])
      })

      it('filters by site, visitor, from (inclusive) and to (exclusive)', async () => {
        const a = makeEvent({ time: T0, visitor: VISITOR_A })
        const b = makeEvent({ time: T0 + MINUTE, site: 'other.example', visitor: VISITOR_A })
        const c = makeEvent({ time: T0 + 2 * MINUTE, visitor: VISITOR_B })
        const d = makeEvent({ time: T0 + 3 * MINUTE })
        await store.write({ events: [a, b, c, d], receipts: [] })

        expect(ids(await store.listEvents({ site: 'example.org' }))).toEqual([a.id, c.id, d.id])
        expect(ids(await store.listEvents({ site: 'other.example' }))).toEqual([b.id])
        expect(ids(await store.listEvents({ site: 'nowhere.example' }))).toEqual([])
        expect(ids(await store.listEvents({ visitor: VISITOR_A }))).toEqual([a.id, b.id])
        expect(ids(await store.listEvents({ from: T0 + MINUTE }))).toEqual([b.id, c.id, d.id])
        expect(ids(await store.listEvents({ to: T0 + 2 * MINUTE }))).toEqual([a.id, b.id])
        expect(ids(await store.listEvents({ from: T0 + MINUTE, to: T0 + 3 * MINUTE }))).toEqual([
          b.id,
          c.id,
        ])
        expect(ids(await store.listEvents({ from: T0 + MINUTE, to: T0 + MINUTE }))).toEqual([])
        expect(
          ids(await store.listEvents({ site: 'example.org', from: T0 + 1, visitor: VISITOR_B })),
        ).toEqual([c.id])
      })

      it('pages with limit and offset, and returns at most 1000 rows by default', async () => {
        const events = Array.from({ length: 1005 }, (_, i) => makeEvent({ time: T0 + i }))
        await store.write({ events, receipts: [] })
        const all = await store.listEvents({})
        expect(all).toHaveLength(1000)
        expect(all[999]?.id).toBe(events[999]?.id)
        expect(ids(await store.listEvents({ limit: 3 }))).toEqual(ids(events.slice(0, 3)))
        expect(ids(await store.listEvents({ limit: 3, offset: 1002 }))).toEqual(
          ids(events.slice(1002)),
        )
        expect(ids(await store.listEvents({ limit: 2, offset: 10, from: T0 + 100 }))).toEqual(
          ids(events.slice(110, 112)),
        )
        expect(await store.listEvents({ limit: 0 })).toEqual([])
        expect(await store.listEvents({ offset: 2000 })).toEqual([])
      })

      // kills: page-count.ts pageCount(): `< 0` as `< 1` or `<= 0`, the safe-integer check gone
      it('refuses a limit or an offset that is not a whole number ≥ 0, and takes 0', async () => {
        await store.write({ events: [makeEvent({ time: T0 })], receipts: [] })
        await expect(store.listEvents({ limit: -1 })).rejects.toThrow(
          'limit must be a whole number ≥ 0, got -1',
        )
        await expect(store.listEvents({ offset: 0.5 })).rejects.toThrow(
          'offset must be a whole number ≥ 0, got 0.5',
        )
        await expect(store.listReceipts({ limit: Number.NaN })).rejects.toThrow(
          'limit must be a whole number ≥ 0, got NaN',
        )
        expect(await store.listEvents({ limit: 0 })).toEqual([])
        expect(await store.listEvents({ offset: 0 })).toHaveLength(1)
      })

      it('counts with the same filters', async () => {
        expect(await store.countEvents({})).toBe(0)
        await store.write({
          events: [
            makeEvent({ time: T0, visitor: VISITOR_A }),
            makeEvent({ time: T0 + MINUTE, site: 'other.example' }),
            makeEvent({ time: T0 + 2 * MINUTE, visitor: VISITOR_A }),
          ],
          receipts: [],
        })
        expect(await store.countEvents({})).toBe(3)
        expect(await store.countEvents({ site: 'example.org' })).toBe(2)
        expect(await store.countEvents({ visitor: VISITOR_A, from: T0 + 1 })).toBe(1)
        expect(await store.countEvents({ to: T0 + MINUTE })).toBe(1)
      })
    })

    describe('receipts', () => {
      it('round-trips every field, and getReceipt finds one by id', async () => {
        const granted = makeReceipt({ time: T0 + 1 })
        const refusal = makeReceipt({
          time: T0 + 2,
          site: 'exemple.fr',
          policyVersion: 'v2 « été » 🍂',
          granted: [],
          refused: ['statistics', 'advertising', "l'autre"],
          deposit: T0 - 1000,
          expires: Date.parse('2026-09-01T12:00:00.000Z'),
          visitor: null,
          gpc: true,
        })
        await store.write({ events: [], receipts: [refusal, granted] })
        expect(await store.listReceipts({})).toEqual([granted, refusal])
        expect(await store.getReceipt(refusal.id)).toEqual(refusal)
        expect(await store.getReceipt(granted.id)).toEqual(granted)
      })

      it('getReceipt answers null for an unknown id', async () => {
        await store.write({ events: [], receipts: [makeReceipt()] })
        expect(await store.getReceipt('0'.repeat(32))).toBeNull()
        expect(await store.getReceipt("' OR 1=1 --")).toBeNull()
      })

      it('filters and limits like events', async () => {
        const a = makeReceipt({ time: T0, visitor: VISITOR_A })
        const b = makeReceipt({ time: T0 + MINUTE, site: 'other.example', visitor: null })
        const c = makeReceipt({ time: T0 + 2 * MINUTE, visitor: VISITOR_B })
        await store.write({ events: [], receipts: [c, a, b] })
        expect(ids(await store.listReceipts({}))).toEqual([a.id, b.id, c.id])
        expect(ids(await store.listReceipts({ site: 'example.org' }))).toEqual([a.id, c.id])
        expect(ids(await store.listReceipts({ visitor: VISITOR_B }))).toEqual([c.id])
        expect(ids(await store.listReceipts({ from: T0 + MINUTE, to: T0 + 2 * MINUTE }))).toEqual([
          b.id,
        ])
        expect(ids(await store.listReceipts({ limit: 2 }))).toEqual([a.id, b.id])
        expect(ids(await store.listReceipts({ limit: 1, offset: 1 }))).toEqual([b.id])
        expect(ids(await store.listReceipts({ offset: 2 }))).toEqual([c.id])
        expect(ids(await store.listReceipts({ site: 'example.org', offset: 1 }))).toEqual([c.id])
        await expect(store.listReceipts({ offset: -1 })).rejects.toThrow(
          'offset must be a whole number ≥ 0, got -1',
        )
      })
    })

    describe('eraseVisitor', () => {
      it("deletes the visitor's events, unlinks its receipts, and leaves other visitors alone", async () => {
        const mine = [
          makeEvent({ visitor: VISITOR_A }),
          makeEvent({ visitor: VISITOR_A, time: T0 + 1 }),
        ]
        const theirs = makeEvent({ visitor: VISITOR_B, time: T0 + 2 })
        const anonymous = makeEvent({ visitor: null, time: T0 + 3 })
        const myReceipt = makeReceipt({ visitor: VISITOR_A })
        const theirReceipt = makeReceipt({ visitor: VISITOR_B, time: T0 + 1 })
        await store.write({
          events: [...mine, theirs, anonymous],
          receipts: [myReceipt, theirReceipt],
        })

        // Readable events are never listed as set aside.
        expect(await store.listSetAside(VISITOR_A)).toEqual([])
        expect(await store.eraseVisitor(VISITOR_A)).toEqual({ events: 2, receipts: 1 })

        expect(ids(await store.listEvents({}))).toEqual([theirs.id, anonymous.id])
        expect(await store.countEvents({ visitor: VISITOR_A })).toBe(0)
        expect(await store.getReceipt(myReceipt.id)).toEqual({ ...myReceipt, visitor: null })
        expect(await store.getReceipt(theirReceipt.id)).toEqual(theirReceipt)
        expect(await store.listReceipts({ visitor: VISITOR_A })).toEqual([])
        expect(await store.eraseVisitor(VISITOR_A)).toEqual({ events: 0, receipts: 0 })
      })
    })

    describe('purge', () => {
      it('deletes rows strictly older than each cutoff; a row exactly at the cutoff stays', async () => {
        const eventCutoff = T0
        const receiptCutoff = T0 - 10 * MINUTE
        const oldEvent = makeEvent({ time: eventCutoff - 1 })
        const atEventCutoff = makeEvent({ time: eventCutoff })
        const newEvent = makeEvent({ time: eventCutoff + 1 })
        const oldReceipt = makeReceipt({ time: receiptCutoff - 1 })
        const atReceiptCutoff = makeReceipt({ time: receiptCutoff })
        // Older than the event cutoff but younger than the receipt cutoff: receipts outlive events.
        const keptReceipt = makeReceipt({ time: eventCutoff - 1 })
        await store.write({
          events: [oldEvent, atEventCutoff, newEvent],
          receipts: [oldReceipt, atReceiptCutoff, keptReceipt],
        })

        expect(await store.purge({ events: eventCutoff, receipts: receiptCutoff })).toEqual({
          events: 1,
          receipts: 1,
        })
        expect(ids(await store.listEvents({}))).toEqual([atEventCutoff.id, newEvent.id])
        expect(ids(await store.listReceipts({}))).toEqual([atReceiptCutoff.id, keptReceipt.id])
        expect(await store.purge({ events: eventCutoff, receipts: receiptCutoff })).toEqual({
          events: 0,
          receipts: 0,
        })
      })
    })

    describe('write', () => {
      it('is atomic: a batch that fails part-way writes nothing, and the store keeps working', async () => {
        const before = makeEvent({ time: T0 - 1 })
        await store.write({ events: [before], receipts: [] })
        // The events are valid; the last receipt's time is not a time. Every store must refuse the
        // whole batch, including the events written before the receipt was reached.
        const failing = {
          events: [makeEvent({ time: T0 }), makeEvent({ time: T0 + 1 })],
          receipts: [makeReceipt(), makeReceipt({ time: Number.NaN })],
        }
        await expect(store.write(failing)).rejects.toThrow()
        expect(ids(await store.listEvents({}))).toEqual([before.id])
        expect(await store.listReceipts({})).toEqual([])

        const after = makeEvent({ time: T0 + 2 })
        await store.write({ events: [after], receipts: [] })
        expect(ids(await store.listEvents({}))).toEqual([before.id, after.id])
      })

      it('accepts an empty batch', async () => {
        await store.write({ events: [], receipts: [] })
        expect(await store.countEvents({})).toBe(0)
      })

      it('lands every one of many concurrent writes', async () => {
        const batches = Array.from({ length: 40 }, (_, b) => ({
          events: Array.from({ length: 25 }, (_, i) => makeEvent({ time: T0 + b * 100 + i })),
          receipts: [makeReceipt({ time: T0 + b })],
        }))
        await Promise.all(batches.map((batch) => store.write(batch)))
        expect(await store.countEvents({})).toBe(1000)
        expect(await store.listReceipts({ limit: 100 })).toHaveLength(40)
        expect(ids(await store.listEvents({ limit: 1000 }))).toEqual(
          ids(batches.flatMap((b) => b.events)),
        )
      })

      // Declared only for stores that outlive their handle: a skipped test would prove nothing.
      if (options.persistent)
        it('keeps what was written across a close and reopen', async () => {
          if (!subject.reopen)
            throw new Error(`${name} says it is persistent but gives no reopen()`)
          const event = makeEvent({ visitor: VISITOR_A, props: { a: 1 } })
          const receipt = makeReceipt()
          await store.write({ events: [event], receipts: [receipt] })
          await store.close()
          const again = await subject.reopen()
          try {
            expect(await again.listEvents({})).toEqual([event])
            expect(await again.getReceipt(receipt.id)).toEqual(receipt)
          } finally {
            await again.close()
          }
        })
    })

    describe('query (read-only statistics)', () => {
      it('binds every value through the dialect, and answers plain numbers, strings and times', async () => {
        const tricky = makeEvent({
          path: "/l'été « 🦆 »/\\'; DROP TABLE events; --",
          visitor: VISITOR_A,
        })
        await store.write({
          events: [makeEvent(), tricky, makeEvent({ site: 'other.example' })],
          receipts: [],
        })
        const d = store.dialect
        const rows = await store.query(
          `SELECT path, count(*) AS n, ${d.toEpochMs('min(time)')} AS first, max(visitor) AS visitor FROM events WHERE site = ${d.param(1, 'example.org')} AND path = ${d.param(2, tricky.path)} GROUP BY path`,
          ['example.org', tricky.path],
        )
        expect(rows).toEqual([{ path: tricky.path, n: 1, first: T0, visitor: VISITOR_A }])
        const none = await store.query(
          `SELECT count(*) AS n FROM events WHERE site = ${d.param(1, "' OR 1=1 --")}`,
          ["' OR 1=1 --"],
        )
        expect(none).toEqual([{ n: 0 }])
        const since = await store.query(
          `SELECT count(*) AS n FROM events WHERE time >= ${d.fromEpochMs(d.param(1, T0))}`,
          [T0],
        )
        expect(since).toEqual([{ n: 3 }])
      })

      it('refuses anything but a SELECT, and changes nothing', async () => {
        await store.write({ events: [makeEvent()], receipts: [] })
        for (const sql of [
          'DELETE FROM events',
          'INSERT INTO events SELECT * FROM events',
          'DROP TABLE events',
          'CREATE TABLE x (a INTEGER)',
          "UPDATE events SET path = 'x'",
        ])
          await expect(store.query(sql), sql).rejects.toThrow()
        expect(await store.countEvents({})).toBe(1)
        expect((await store.listEvents({}))[0]?.path).toBe('/')
      })

      it('keeps no rollup unless asked', () => {
        expect(store.rollups).toEqual([])
      })
    })

    if (options.rollups ?? true)
      describe('rollups', () => {
        let rolled: Store
        let definitions: readonly RollupDefinition[]
        beforeEach(async () => {
          await subject.cleanup()
          subject = await open(TEST_ROLLUPS)
          rolled = subject.store
          definitions = TEST_ROLLUPS(rolled.dialect)
        })

        // A store may fold the events into its rollups after the write resolved (DuckDB: within
        // ~1 s), but a query must not see the lag: every check below reads right after a write.
        const expectExact = async (s: Store) => {
          for (const def of definitions) {
            expect(await readRollup(s, def), def.name).toEqual(await expectedRollup(s, def))
            if (def.previous)
              expect(await visitorRows(s, def, false), `${def.name}'s visitor rows`).toEqual(
                await visitorRows(s, def, true),
              )
          }
        }

        const traffic = () => {
          const out: StoredEvent[] = []
          for (let i = 0; i < 120; i++) {
            out.push(
              makeEvent({
                // Out of time order, across hours and days, three visitors and anonymous hits.
                time: T0 + ((i * 7919) % 97) * 37 * MINUTE + i,
                type: i % 5 === 0 ? 'event' : 'pageview',
                name: i % 5 === 0 ? (i % 2 === 0 ? 'download' : 'signup') : '',
                path: `/p${i % 4}`,
                device: i % 3 === 0 ? 'mobile' : 'desktop',
                visitor: [VISITOR_A, VISITOR_B, null, null][i % 4] ?? null,
                props: i % 5 === 0 ? { file: `f${i % 3}.pdf`, size: i % 2, ok: i % 3 === 0 } : {},
              }),
            )
          }
          return out
        }

        /** Receipts across days, versions and sites, out of time order, some under GPC. */
        const decisions = (n: number) =>
          Array.from({ length: n }, (_, i) =>
            makeReceipt({
              time: T0 + ((i * 7919) % 61) * 53 * MINUTE + i,
              site: i % 3 === 0 ? 'other.example' : 'example.org',
              policyVersion: i % 4 === 0 ? '2026-01' : '2026-03',
              gpc: i % 5 === 0,
            }),
          )

        it('holds exactly the aggregate of the stored events after batches written in any order', async () => {
          expect([...rolled.rollups].sort()).toEqual(ROLLUP_NAMES)
          const events = traffic()
          const receipts = decisions(40)
          await rolled.write({ events: events.slice(0, 50), receipts: receipts.slice(0, 10) })
          await expectExact(rolled)
          await Promise.all(
            [events.slice(50, 60), events.slice(60, 61), events.slice(61)].map((batch, i) =>
              rolled.write({ events: batch, receipts: receipts.slice(10 + i * 10, 20 + i * 10) }),
            ),
          )
          await rolled.write({ events: [], receipts: decisions(5) })
          await expectExact(rolled)
          expect((await readRollup(rolled, definitions[0]!)).length).toBeGreaterThan(10)
          expect((await readRollup(rolled, definitions[3]!)).length).toBeGreaterThan(5)
        })

        it('stays exact when optimized after writes out of time order', async () => {
          const events = traffic()
          await rolled.write({ events: events.slice(0, 70), receipts: [] })
          await rolled.optimize()
          await expectExact(rolled)
          await rolled.write({ events: events.slice(70), receipts: [] })
          await rolled.optimize()
          await expectExact(rolled)
        })

        it('is left untouched by a batch that fails', async () => {
          await rolled.write({ events: traffic().slice(0, 30), receipts: [] })
          const before = await Promise.all(definitions.map((def) => readRollup(rolled, def)))
          await expect(
            rolled.write({
              events: traffic().slice(30, 60),
              receipts: [makeReceipt({ time: Number.NaN })],
            }),
          ).rejects.toThrow()
          expect(await Promise.all(definitions.map((def) => readRollup(rolled, def)))).toEqual(
            before,
          )
          await expectExact(rolled)
        })

        it('forgets an erased visitor: its id is in no rollup, and the counts drop', async () => {
          await rolled.write({ events: traffic(), receipts: decisions(20) })
          await rolled.eraseVisitor(VISITOR_A)
          await expectExact(rolled)
          const d = rolled.dialect
          const left = await rolled.query(
            `SELECT count(*) AS n FROM rollup_by_visitor WHERE visitor = ${d.param(1, VISITOR_A)}`,
            [VISITOR_A],
          )
          expect(left).toEqual([{ n: 0 }])
          // More writes after the erasure still add up.
          await rolled.write({ events: traffic().slice(0, 10), receipts: [] })
          await expectExact(rolled)
        })

        it('follows a purge whose cutoff falls inside an hour and a day', async () => {
          const cutoff = T0 + 25 * 60 * MINUTE + 17 * MINUTE
          // A visitor seen only just before the cutoff, in the cutoff's own hour.
          const gone = '1767225600.cccccccccccccccccccccccccccccccc'
          const last = makeEvent({ time: cutoff - MINUTE, visitor: gone })
          await rolled.write({ events: [...traffic(), last], receipts: decisions(60) })
          // Receipts keep their own cutoff, inside another day.
          const removed = await rolled.purge({
            events: cutoff,
            receipts: cutoff + 26 * 60 * MINUTE,
          })
          expect(removed.events).toBeGreaterThan(0)
          expect(removed.receipts).toBeGreaterThan(0)
          await expectExact(rolled)
          const d = rolled.dialect
          // No row, not even one whose counts add up to zero, keeps the purged visitor's id.
          expect(
            await rolled.query(
              `SELECT count(*) AS n FROM rollup_by_visitor WHERE visitor = ${d.param(1, gone)}`,
              [gone],
            ),
          ).toEqual([{ n: 0 }])
          const older = await rolled.query(
            `SELECT count(*) AS n FROM rollup_by_visitor WHERE bucket < ${d.fromEpochMs(d.param(1, cutoff - (cutoff % (60 * MINUTE))))}`,
            [cutoff - (cutoff % (60 * MINUTE))],
          )
          expect(older).toEqual([{ n: 0 }])
        })

        if (options.persistent)
          it('is rebuilt at open when it is new or was dropped, and kept when unchanged', async () => {
            if (!subject.reopen)
              throw new Error(`${name} says it is persistent but gives no reopen()`)
            await rolled.write({ events: traffic(), receipts: decisions(20) })
            await rolled.close()
            const again = await subject.reopen()
            try {
              expect([...again.rollups].sort()).toEqual(ROLLUP_NAMES)
              await expectExact(again)
              await again.write({ events: traffic().slice(0, 5), receipts: [] })
              await expectExact(again)
            } finally {
              await again.close()
            }
          })
      })
    if (options.countGroups ?? true)
      describe('countGroups', () => defineGroupCountConformance(() => store))

    describe('lifecycle', () => {
      it('answers ping, and close can be called twice', async () => {
        await expect(store.ping()).resolves.toBeUndefined()
        expect(typeof store.kind).toBe('string')
        await store.close()
        await store.close()
      })
    })
  })
}
