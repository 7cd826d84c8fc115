import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startClickhouseServer,
  type ClickhouseServer,
} from '../../../test/helpers/clickhouse-server.js'
import {
  at,
  DAY_DIFFS,
  EARLIER_ROWS_CLICKHOUSE,
  EPOCH_TIMES,
  expectEarlierRows,
  expectPropEntries,
  EXTRACTS,
  TEXT_KEY_TEXTS,
  TRUNCATED,
  VISITOR_PARTS,
} from '../../../test/helpers/dialect-cases.js'
import type { SqlRow, SqlValue, TimeUnit } from '../sql-dialect.js'
import type { Store } from '../store.js'
import { clickhouseDialect as d } from './clickhouse-dialect.js'
import { clickhouseLiteral } from './clickhouse-literal.js'
import { connectClickhouseHttp } from './clickhouse-connection.js'
import { createClickhouseStore } from './clickhouse-store.js'

/**
 * Each fragment of the ClickHouse dialect, run by a real ClickHouse 18.16 server through
 * `store.query`: what the statistics receive from it, not the SQL text (the contracts of
 * sql-dialect.ts, as duckdb-dialect.test.ts checks them on DuckDB).
 */
let server: ClickhouseServer
let store: Store
beforeAll(async () => {
  server = await startClickhouseServer()
  store = await createClickhouseStore(
    await connectClickhouseHttp({
      url: server.url,
      database: `temoin_${randomBytes(6).toString('hex')}`,
    }),
  )
}, 90_000)
afterAll(async () => {
  await store?.close()
  await server?.stop()
})

const one = async (sql: string): Promise<SqlRow> => {
  const rows = await store.query(sql)
  expect(rows).toHaveLength(1)
  return rows[0]!
}
const ts = (value: SqlValue): string => d.fromEpochMs(d.param(1, value))

describe('clickhouseDialect', () => {
  it('is the dialect a ClickHouse store answers with, named clickhouse', () => {
    expect(store.dialect).toBe(d)
    expect(store.dialect.name).toBe('clickhouse')
  })

  it("adds the largest order of the earlier rows of a partition, never the row's own", async () => {
    await expectEarlierRows(store, EARLIER_ROWS_CLICKHOUSE)
  })

  it('pairs an event with each of its properties, values as the DuckDB store gives them', async () => {
    await expectPropEntries(store)
  })

  it('writes every value as a literal the server reads back exactly, hostile text included', async () => {
    const texts = [
      "l'été « 🦆 »",
      "\\'; DROP TABLE events; --",
      'back\\slash\\',
      "''",
      'line\nbreak\ttab\r\0nul',
      '日本語',
      '',
    ]
    for (const text of texts)
      expect(await one(`SELECT ${d.param(1, text)} AS t`)).toEqual({ t: text })
    expect(await one(`SELECT ${d.param(1, -3)} AS n, ${d.param(2, 2.5)} AS x`)).toEqual({
      n: -3,
      x: 2.5,
    })
    expect(await one(`SELECT ${d.param(1, 5)} - ${d.param(2, -3)} AS n`)).toEqual({ n: 8 })
    // kills: clickhouse-literal.ts:14, either boolean's literal emptied
    expect(
      await one(
        `SELECT ${d.param(1, true)} AS y, ${d.param(2, null)} AS z, ${d.param(3, false)} AS f`,
      ),
    ).toEqual({ y: 1, z: null, f: 0 })
    expect(() => clickhouseLiteral(Number.NaN)).toThrow(/finite/)
    expect(() => clickhouseLiteral(Number.POSITIVE_INFINITY)).toThrow(/finite/)
  })

  it('turns epoch milliseconds into a timestamp and back, to the millisecond, before 1970 too', async () => {
    for (const t of EPOCH_TIMES)
      expect(await one(`SELECT ${d.toEpochMs(ts(t))} AS t`)).toEqual({ t })
  })

  it('truncates to the start of each unit in UTC, weeks starting on Monday', async () => {
    for (const [unit, start] of Object.entries(TRUNCATED.starts) as [TimeUnit, string][]) {
      const row = await one(`SELECT ${d.toEpochMs(d.truncate(unit, ts(TRUNCATED.time)))} AS s`)
      expect(new Date(Number(row.s)).toISOString(), unit).toBe(start)
    }
    // A Sunday belongs to the week of the Monday before it; a Monday starts its own.
    for (const [time, monday] of [
      [TRUNCATED.sunday.time, TRUNCATED.sunday.week],
      [at('2026-03-09T00:00:00.000Z'), at('2026-03-09T00:00:00Z')],
    ] as const) {
      const row = await one(`SELECT ${d.toEpochMs(d.truncate('week', ts(time)))} AS s`)
      expect(row.s, String(time)).toBe(monday)
    }
    // Before 1970, days and hours are floored, not rounded towards 1970.
    const early = at('1969-12-31T23:30:00.000Z')
    expect(await one(`SELECT ${d.truncate('day', ts(early))} AS s`)).toEqual({
      s: at('1969-12-31T00:00:00Z'),
    })
    expect(await one(`SELECT ${d.truncate('hour', ts(early))} AS s`)).toEqual({
      s: at('1969-12-31T23:00:00Z'),
    })
  })

  it('counts calendar days between two times, b − a, whatever the time of day', async () => {
    const diff = async (a: string, b: string) =>
      (await one(`SELECT ${d.dayDiff(ts(at(a)), d.fromEpochMs(d.param(2, at(b))))} AS n`)).n
    for (const [a, b, n] of DAY_DIFFS) expect(await diff(a, b), `${a} → ${b}`).toBe(n)
  })

  it("extracts a regular expression's first group, '' when it does not match; a quote in the pattern stays a quote", async () => {
    const extract = async (text: string, pattern: string) =>
      (await one(`SELECT ${d.extract(d.param(1, text), pattern)} AS x`)).x
    for (const [text, pattern, group] of EXTRACTS) expect(await extract(text, pattern)).toBe(group)
  })

  it('tells whether a text ends with another', async () => {
    const ends = async (text: string, suffix: string) =>
      (await one(`SELECT ${d.endsWith(d.param(1, text), d.param(2, suffix))} AS e`)).e
    expect(await ends('blog.example.org', '.example.org')).toBe(1)
    expect(await ends('example.org', '.example.org')).toBe(0)
    expect(await ends('example.org.evil', '.example.org')).toBe(0)
  })

  it("reads the integer before a visitor id's first dot, NULL when there is none", async () => {
    const lead = async (text: string | null) =>
      (
        await one(
          `SELECT ${d.leadingInteger(`CAST(${d.param(1, text)} AS Nullable(String))`)} AS n`,
        )
      ).n
    expect(await lead('1767225600.8f14e45fceea167a5a36dedd4bea2543')).toBe(1767225600)
    expect(await lead('-5.ab')).toBe(-5)
    expect(await lead('x.ab')).toBeNull()
    expect(await lead(null)).toBeNull()
  })

  it('splits a visitor id into its deposit and the two halves of its random part; 0 for anything else', async () => {
    const parts = async (text: string | null) => {
      const p = d.visitorParts(text === null ? 'CAST(NULL AS Nullable(String))' : d.param(1, text))
      return one(
        `SELECT ${p.deposit} AS deposit, toString(${p.high}) AS high, toString(${p.low}) AS low`,
      )
    }
    for (const [id, expected] of VISITOR_PARTS) expect(await parts(id)).toEqual(expected)
    for (const text of [null, 'anonymous', 'x.zz', '1767225600.8F14E45FCEEA167A5A36DEDD4BEA2543'])
      expect(await parts(text), String(text)).toEqual({ deposit: 0, high: '0', low: '0' })
  })

  it('keys a text by the first 64 bits of its MD5', async () => {
    for (const text of TEXT_KEY_TEXTS) {
      const row = await one(`SELECT toString(${d.textKey(d.param(1, text))}) AS k`)
      const md5 = createHash('md5').update(text, 'utf8').digest('hex')
      expect(row.k, text).toBe(BigInt(`0x${md5.slice(0, 16)}`).toString())
    }
  })

  it('counts distinct non-null values exactly', async () => {
    const row = await one(
      `SELECT ${d.countDistinct('v')} AS n FROM (SELECT arrayJoin([toNullable('a'), 'b', 'a', NULL]) AS v)`,
    )
    expect(row.n).toBe(2)
  })

  it('gives one row per element of an array', async () => {
    const rows = await store.query(
      `SELECT ${d.arrayJoin(`splitByChar(',', ${d.param(1, 'a,b,a')})`)} AS x`,
    )
    expect(rows.map((r) => r.x)).toEqual(['a', 'b', 'a'])
  })
})
