import type { TimeUnit } from '../../src/store/sql-dialect.js'

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
 * Rows (k, t, ok) and, for each in (k, t) order, the largest t of the earlier rows of its k
 * where ok held (`maxOfEarlierRows('CASE WHEN ok THEN t END', 'k', 't')`).
 */
export const EARLIER_ROWS = {
  rows: [
    ['a', 1, true],
    ['a', 2, false],
    ['a', 3, true],
    ['a', 4, true],
    ['b', 5, true],
  ] as const,
  expected: [
    ['a', 1, null],
    ['a', 2, 1],
    ['a', 3, 1],
    ['a', 4, 3],
    ['b', 5, null],
  ],
}

/** A flat JSON object and its entries as `jsonEntries` gives them, by key. */
export const JSON_ENTRIES = {
  props: JSON.stringify({ plan: 'pro', n: 2, ok: true, quote: 'a"b' }),
  expected: [
    { k: 'n', v: '2' },
    { k: 'ok', v: 'true' },
    { k: 'plan', v: 'pro' },
    { k: 'quote', v: 'a"b' },
  ],
}
