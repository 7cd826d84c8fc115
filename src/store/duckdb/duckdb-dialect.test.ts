import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  at,
  DAY_DIFFS,
  EARLIER_ROWS,
  expectEarlierRows,
  expectPropEntries,
  EPOCH_TIMES,
  EXTRACTS,
  TEXT_KEY_TEXTS,
  TRUNCATED,
  VISITOR_PARTS,
} from '../../../test/helpers/dialect-cases.js'
import type { SqlRow, SqlValue, TimeUnit } from '../sql-dialect.js'
import type { Store } from '../store.js'
import { duckdbDialect as d } from './duckdb-dialect.js'
import { createDuckdbStore } from './duckdb-store.js'

/**
 * Each fragment of the DuckDB dialect, run by DuckDB through `store.query` with bound values:
 * what the statistics receive from it, not the SQL text. (The statistics' own tests read the
 * same fragments through their definitions; these pin each one to its contract in
 * sql-dialect.ts, boundaries included.)
 */
let store: Store
beforeAll(async () => {
  store = await createDuckdbStore({ path: ':memory:' })
})
afterAll(async () => {
  await store.close()
})

const one = async (sql: string, values: readonly SqlValue[] = []): Promise<SqlRow> => {
  const rows = await store.query(sql, values)
  expect(rows).toHaveLength(1)
  return rows[0]!
}
const ts = (index: number): string => d.fromEpochMs(d.param(index, 0))

describe('duckdbDialect', () => {
  // kills: duckdb-dialect.ts:20 StringLiteral → "" (static: the name a store's dialect answers)
  it('is the dialect a DuckDB store answers with, named duckdb', () => {
    expect(store.dialect).toBe(d)
    expect(store.dialect.name).toBe('duckdb')
  })

  // kills: every fragment of duckdb-dialect.ts (:21–:47 StringLiteral → ``, the '0x' prefixes,
  // :53 the quote doubling; static: the UNITS of :5–:11) — each test below fails on its own
  it('binds values to positional placeholders, each in its place', async () => {
    expect(
      await one(`SELECT ${d.param(2, 'b')} AS b, ${d.param(1, 'a')} AS a`, ['a', 'b']),
    ).toEqual({ a: 'a', b: 'b' })
  })

  it('turns epoch milliseconds into a timestamp and back, to the millisecond, before 1970 too', async () => {
    for (const t of EPOCH_TIMES)
      expect(await one(`SELECT ${d.toEpochMs(ts(1))} AS t`, [t])).toEqual({ t })
  })

  it('truncates to the start of each unit in UTC, weeks starting on Monday', async () => {
    for (const [unit, start] of Object.entries(TRUNCATED.starts) as [TimeUnit, string][]) {
      const row = await one(`SELECT ${d.toEpochMs(d.truncate(unit, ts(1)))} AS s`, [TRUNCATED.time])
      expect(new Date(Number(row.s)).toISOString(), unit).toBe(start)
    }
    // A Sunday belongs to the week of the Monday before it.
    const sunday = await one(`SELECT ${d.toEpochMs(d.truncate('week', ts(1)))} AS s`, [
      TRUNCATED.sunday.time,
    ])
    expect(sunday.s).toBe(TRUNCATED.sunday.week)
  })

  it('counts calendar days between two times, b − a, whatever the time of day', async () => {
    const diff = async (a: string, b: string) =>
      (await one(`SELECT ${d.dayDiff(ts(1), ts(2))} AS n`, [at(a), at(b)])).n
    for (const [a, b, n] of DAY_DIFFS) expect(await diff(a, b), `${a} → ${b}`).toBe(n)
  })

  it("extracts a regular expression's first group, '' when it does not match; a quote in the pattern stays a quote", async () => {
    const extract = async (text: string, pattern: string) =>
      (await one(`SELECT ${d.extract(d.param(1, text), pattern)} AS x`, [text])).x
    // A pattern is our own constant, but one holding a quote must neither break nor leak SQL.
    for (const [text, pattern, group] of EXTRACTS) expect(await extract(text, pattern)).toBe(group)
  })

  it('tells whether a text ends with another', async () => {
    const ends = async (text: string, suffix: string) =>
      (await one(`SELECT ${d.endsWith(d.param(1, text), d.param(2, suffix))} AS e`, [text, suffix]))
        .e
    expect(await ends('blog.example.org', '.example.org')).toBe(true)
    expect(await ends('example.org', '.example.org')).toBe(false)
    expect(await ends('example.org.evil', '.example.org')).toBe(false)
  })

  it("reads the integer before a visitor id's first dot, NULL when there is none", async () => {
    const lead = async (text: string | null) =>
      (await one(`SELECT ${d.leadingInteger('CAST($1 AS VARCHAR)')} AS n`, [text])).n
    expect(await lead('1767225600.8f14e45fceea167a5a36dedd4bea2543')).toBe(1767225600)
    expect(await lead('-5.ab')).toBe(-5)
    expect(await lead('x.ab')).toBeNull()
    expect(await lead(null)).toBeNull()
  })

  it('splits a visitor id into its deposit and the two halves of its random part; 0 for anything else', async () => {
    const parts = async (text: string | null) => {
      const p = d.visitorParts('CAST($1 AS VARCHAR)')
      return one(
        `SELECT ${p.deposit} AS deposit, CAST(${p.high} AS VARCHAR) AS high, CAST(${p.low} AS VARCHAR) AS low`,
        [text],
      )
    }
    for (const [id, expected] of VISITOR_PARTS) expect(await parts(id)).toEqual(expected)
    for (const text of [null, 'anonymous', 'x.zz'])
      expect(await parts(text), String(text)).toEqual({ deposit: 0, high: '0', low: '0' })
  })

  it('keys a text by the first 64 bits of its MD5', async () => {
    for (const text of TEXT_KEY_TEXTS) {
      const row = await one(`SELECT CAST(${d.textKey(d.param(1, text))} AS VARCHAR) AS k`, [text])
      const md5 = createHash('md5').update(text, 'utf8').digest('hex')
      expect(row.k, text).toBe(BigInt(`0x${md5.slice(0, 16)}`).toString())
    }
  })

  it("adds the largest order of the earlier rows of a partition, never the row's own", async () => {
    await expectEarlierRows(
      store,
      `(SELECT * FROM (VALUES ${EARLIER_ROWS.rows.map(([k, t, ok]) => `('${k}', ${t}, ${ok})`).join(', ')}) AS v(k, t, ok))`,
    )
  })

  it('counts distinct non-null values exactly', async () => {
    const row = await one(
      `SELECT ${d.countDistinct('v')} AS n FROM (VALUES ('a'), ('b'), ('a'), (NULL)) AS t(v)`,
    )
    expect(row.n).toBe(2)
  })

  it('gives one row per element of an array', async () => {
    const rows = await store.query(`SELECT ${d.arrayJoin("string_split($1, ',')")} AS x`, ['a,b,a'])
    expect(rows.map((r) => r.x)).toEqual(['a', 'b', 'a'])
  })

  it("pairs an event with each of its properties, values as text (strings as sent, numbers as DuckDB's JSON writes them)", async () => {
    await expectPropEntries(store)
  })
})
