import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { consentsSelect } from '../../src/stats/stats-rollups.js'
import { registerSqliteFunctions, rewriteArrayJoins, sqliteDialect as d } from './sqlite-dialect.js'

const db = new Database(':memory:')
registerSqliteFunctions(db)
afterAll(() => db.close())
const one = (expr: string): unknown =>
  Object.values(db.prepare(`SELECT ${expr} AS v`).get() as Record<string, unknown>)[0]
const at = (iso: string) => String(Date.parse(iso))

describe('sqliteDialect', () => {
  it('truncates epoch milliseconds in UTC, weeks from Monday', () => {
    const t = at('2026-11-26T14:37:12.345Z') // a Thursday
    expect(one(d.truncate('hour', t))).toBe(Date.parse('2026-11-26T14:00:00Z'))
    expect(one(d.truncate('day', t))).toBe(Date.parse('2026-11-26T00:00:00Z'))
    expect(one(d.truncate('week', t))).toBe(Date.parse('2026-11-23T00:00:00Z'))
    expect(one(d.truncate('week', at('2026-11-23T00:00:00Z')))).toBe(
      Date.parse('2026-11-23T00:00:00Z'),
    )
    expect(one(d.truncate('week', at('2026-11-22T23:59:59Z')))).toBe(
      Date.parse('2026-11-16T00:00:00Z'),
    )
    expect(one(d.truncate('month', t))).toBe(Date.parse('2026-11-01T00:00:00Z'))
  })
  it('counts calendar days, extracts, tests suffixes and reads a leading integer', () => {
    expect(one(d.dayDiff(at('2026-11-25T23:00:00Z'), at('2026-11-26T01:00:00Z')))).toBe(1)
    expect(one(d.extract("'https://news.example/a'", '^[a-z]+://([^/:]+)'))).toBe('news.example')
    expect(one(d.extract("'nothing'", '^[a-z]+://([^/:]+)'))).toBe('')
    expect(one(d.endsWith("'www.example.org'", "'.example.org'"))).toBe(1)
    expect(one(d.leadingInteger("'1764000000.0123abcd'"))).toBe(1764000000)
    expect(one(d.leadingInteger("'x.1'"))).toBe(null)
    // md5('localhost') = 421aa90e079fa326b6494f812ad13e79
    expect(one(d.textKey("'localhost'"))).toBe('421aa90e079fa326')
  })
  it('lists the keys and values of a JSON object, booleans as JSON writes them', () => {
    const e = d.propEntries('r', 'j')
    const rows = db
      .prepare(
        `SELECT ${e.key} AS k, ${e.value} AS v FROM (SELECT '{"a":"x","b":2,"c":true}' AS props) AS r${e.from}`,
      )
      .all()
    expect(rows).toEqual([
      { k: 'a', v: 'x' },
      { k: 'b', v: '2' },
      { k: 'c', v: 'true' },
    ])
  })
  it('turns an array join in a SELECT list into a json_each join', () => {
    db.exec(`CREATE TABLE receipts (site TEXT, granted TEXT)`)
    db.exec(`INSERT INTO receipts VALUES ('a', '["statistics","personalisation"]'), ('a', '[]')`)
    const sql = rewriteArrayJoins(
      `SELECT purpose, count(*) AS n FROM (SELECT ${d.arrayJoin('granted')} AS purpose FROM receipts WHERE site = 'a') GROUP BY purpose ORDER BY purpose`,
    )
    expect(db.prepare(sql).all()).toEqual([
      { purpose: 'personalisation', n: 1 },
      { purpose: 'statistics', n: 1 },
    ])

    const aliased = rewriteArrayJoins(
      `WITH mine AS (SELECT * FROM receipts WHERE site = 'a') SELECT ${d.arrayJoin('granted')} AS purpose FROM mine AS e ORDER BY purpose`,
    )
    expect(db.prepare(aliased).all()).toEqual([
      { purpose: 'personalisation' },
      { purpose: 'statistics' },
    ])
  })
  it('joins the array of a parenthesised subquery through its alias, past parentheses and quotes in it', () => {
    const sql = rewriteArrayJoins(
      `SELECT ${d.arrayJoin('granted')} AS purpose FROM (SELECT * FROM receipts WHERE site = 'a' AND granted <> ') FROM x (') AS e ORDER BY purpose`,
    )
    expect(db.prepare(sql).all()).toEqual([
      { purpose: 'personalisation' },
      { purpose: 'statistics' },
    ])
    expect(() => rewriteArrayJoins(`SELECT ${d.arrayJoin('granted')} AS p`)).toThrow(/no .*FROM/)
  })
  it("runs the consents rollup's SELECT on a subquery of receipts (the panels' raw source)", () => {
    db.exec(
      `CREATE TABLE consents (time INTEGER, site TEXT, policy_version TEXT, granted TEXT, refused TEXT)`,
    )
    const day = Date.parse('2026-11-26T00:00:00Z')
    db.exec(
      `INSERT INTO consents VALUES (${day + 5}, 'a', 'v1', '["statistics"]', '["ads"]'), (${day + 9}, 'a', 'v1', '[]', '["statistics","ads"]'), (${day}, 'b', 'v1', '["ads"]', '[]')`,
    )
    const select = consentsSelect(d, `(SELECT * FROM consents WHERE site = 'a') AS e`)
    expect(db.prepare(`${rewriteArrayJoins(select)} ORDER BY purpose`).all()).toEqual([
      { bucket: day, site: 'a', version: 'v1', purpose: '', receipts: 2, granted: 0, refused: 0 },
      {
        bucket: day,
        site: 'a',
        version: 'v1',
        purpose: 'ads',
        receipts: 0,
        granted: 0,
        refused: 2,
      },
      {
        bucket: day,
        site: 'a',
        version: 'v1',
        purpose: 'statistics',
        receipts: 0,
        granted: 1,
        refused: 1,
      },
    ])
  })
})
