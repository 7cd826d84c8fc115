import { expect } from 'vitest'
import type { EarlierRows, TimeUnit } from '../../src/store/sql-dialect.js'
import type { Store } from '../../src/store/store.js'
import { storedEvent } from './fixtures.js'

/**
 * The known answers every SqlDialect gives (sql-dialect.ts's contracts), shared by each
 * dialect's own test (duckdb-dialect.test.ts, clickhouse-dialect.test.ts), which runs them in its
 * engine's SQL.
 */
export const at = (iso: string): number => Date.parse(iso)

/** Epoch milliseconds a timestamp holds exactly, before 1970 too. */
export const EPOCH_TIMES: readonly number[] = [
  at('2026-03-04T10:37:45.123Z'),
  -1,
  0,
  at('1969-07-20T20:17:40.001Z'),
]

/** A Wednesday, and the start of each unit around it (UTC; weeks start on Monday). */
export const TRUNCATED = {
  time: at('2026-03-04T10:37:45.123Z'),
  starts: {
    minute: '2026-03-04T10:37:00.000Z',
    hour: '2026-03-04T10:00:00.000Z',
    day: '2026-03-04T00:00:00.000Z',
    week: '2026-03-02T00:00:00.000Z',
    month: '2026-03-01T00:00:00.000Z',
  } satisfies Record<TimeUnit, string>,
  /** A Sunday belongs to the week of the Monday before it. */
  sunday: { time: at('2026-03-08T23:59:59.999Z'), week: at('2026-03-02T00:00:00Z') },
}

/** [a, b, whole calendar days from a to b]. */
export const DAY_DIFFS: readonly (readonly [string, string, number])[] = [
  ['2026-03-01T23:59:59.999Z', '2026-03-02T00:00:00.000Z', 1],
  ['2026-03-01T00:00:00.000Z', '2026-03-01T23:59:59.999Z', 0],
  ['2026-03-02T00:00:00.000Z', '2026-02-27T12:00:00.000Z', -3],
]

/** [text, pattern, its first group or '']: a quote in a pattern stays a quote. */
export const EXTRACTS: readonly (readonly [string, string, string])[] = [
  ['utm_source=news&x=1', '(?:^|&)utm_source=([^&]*)', 'news'],
  ['x=1', '(?:^|&)utm_source=([^&]*)', ''],
  ["it's here", "it's (\\w+)", 'here'],
  ["a''b", "a''(b)", 'b'],
]

/** A visitor id and its parts (deposit, high and low halves as decimal text). */
export const VISITOR_PARTS: readonly (readonly [
  string,
  { deposit: number; high: string; low: string },
])[] = [
  [
    '1767225600.ffffffffffffffff0000000000000001',
    { deposit: 1767225600, high: BigInt('0xffffffffffffffff').toString(), low: '1' },
  ],
  [
    '1767225600.8f14e45fceea167a5a36dedd4bea2543',
    {
      deposit: 1767225600,
      high: BigInt('0x8f14e45fceea167a').toString(),
      low: BigInt('0x5a36dedd4bea2543').toString(),
    },
  ],
]

/** Texts a text key is checked on, against Node's MD5. */
export const TEXT_KEY_TEXTS: readonly string[] = ['example.org', '', 'été']

/**
 * Rows (k, t, ok) — a partition, an order, a 0/1 flag — and, for each in (k, t) order, what
 * `earlierRows(rows, EARLIER_ROWS.shape)` adds: the previous t of its k (`seen`), and the
 * largest earlier t of its k where ok held (`ok_before`); NULL on the rows whose k is ''.
 */
export const EARLIER_ROWS = {
  rows: [
    ['a', 1, 1],
    ['a', 2, 0],
    ['a', 3, 1],
    ['a', 4, 1],
    ['a', 5, 0],
    ['b', 6, 1],
    ['', 7, 1],
    ['', 8, 1],
  ] as const,
  shape: {
    partition: 'k',
    order: 't',
    columns: ['k', 't', 'ok'],
    earlier: { seen: null, ok_before: 'ok = 1' },
  },
  expected: [
    ['', 7, 1, null, null],
    ['', 8, 1, null, null],
    ['a', 1, 1, null, null],
    ['a', 2, 0, 1, 1],
    ['a', 3, 1, 2, 1],
    ['a', 4, 1, 3, 3],
    ['a', 5, 0, 4, 4],
    ['b', 6, 1, null, null],
  ],
} satisfies { shape: EarlierRows } & Record<string, unknown>

/** EARLIER_ROWS' rows as a ClickHouse table expression (t an Int64, as a stored time is). */
export const EARLIER_ROWS_CLICKHOUSE = `(SELECT tupleElement(r, 1) AS k, toInt64(tupleElement(r, 2)) AS t, tupleElement(r, 3) AS ok FROM (SELECT arrayJoin([${EARLIER_ROWS.rows.map(([k, t, ok]) => `('${k}', ${t}, ${ok})`).join(', ')}]) AS r))`

/** Checks `earlierRows` of a store's dialect on EARLIER_ROWS, given as `table` (a table expression). */
export async function expectEarlierRows(store: Store, table: string): Promise<void> {
  const rows = await store.query(
    `SELECT k, t, ok, seen, ok_before FROM (${store.dialect.earlierRows(table, EARLIER_ROWS.shape)}) AS e ORDER BY k, t`,
  )
  expect(rows.map((r) => [r.k, r.t, r.ok, r.seen, r.ok_before])).toEqual(EARLIER_ROWS.expected)
}

/**
 * Properties of a custom event and their entries as `propEntries` gives them (strings as sent,
 * numbers and booleans as DuckDB's JSON reader writes them), sorted by key.
 */
export const PROP_ENTRIES = {
  props: {
    plan: 'pro',
    n: 2,
    ok: true,
    no: false,
    quote: 'a"b',
    big: 1e21,
    tiny: 5e-324,
    half: -0.5,
    'clé 🦆': "l'été",
  },
  expected: [
    { k: 'big', v: '1e21' },
    { k: 'clé 🦆', v: "l'été" },
    { k: 'half', v: '-0.5' },
    { k: 'n', v: '2' },
    { k: 'no', v: 'false' },
    { k: 'ok', v: 'true' },
    { k: 'plan', v: 'pro' },
    { k: 'quote', v: 'a"b' },
    { k: 'tiny', v: '5e-324' },
  ],
}

/** Checks `propEntries` of a store's dialect: an event with PROP_ENTRIES' props, written, read back. */
export async function expectPropEntries(store: Store): Promise<void> {
  await store.write({
    events: [storedEvent({ type: 'event', name: 'entries', props: PROP_ENTRIES.props })],
    receipts: [],
  })
  const j = store.dialect.propEntries('e', 'j')
  const rows = await store.query(
    `SELECT ${j.key} AS k, ${j.value} AS v FROM events AS e${j.from} WHERE e.name = 'entries'`,
  )
  expect([...rows].sort((a, b) => (String(a.k) < String(b.k) ? -1 : 1))).toEqual(
    PROP_ENTRIES.expected,
  )
}
