import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectChdb } from '../../../test/helpers/chdb-connection.js'
import { EARLIER_ROWS, JSON_ENTRIES } from '../../../test/helpers/dialect-cases.js'
import type { Store } from '../store.js'
import { clickhouseDialect as d, clickhouseDialectFor } from './clickhouse-dialect.js'
import { createClickhouseStore } from './clickhouse-store.js'

// On chdb, apart from the 18.16 server's file: a mutation run leaves out the files that load
// chdb (scripts/mutate.ts, CHDB_TESTS), whose engine crashes Stryker's worker threads.
describe('clickhouseDialectFor: a current engine (chdb 26.x) writes the fragments 18.16 cannot', () => {
  let dir: string
  let current: Store
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-chdb-dialect-'))
    current = await createClickhouseStore(await connectChdb(dir, 'temoin'))
  })
  afterAll(async () => {
    await current?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('is the dialect of a current engine, and not of 18.16', () => {
    expect(current.dialect.maxOfEarlierRows('t', 'k', 't')).toBe(
      clickhouseDialectFor('26.7.2.1').maxOfEarlierRows('t', 'k', 't'),
    )
    expect(clickhouseDialectFor('18.16.1')).toBe(d)
    expect(() => d.maxOfEarlierRows('t', 'k', 't')).toThrow(/18\.16/)
  })

  it("gives the largest non-null value of the earlier rows of a partition, never the row's own", async () => {
    const e = current.dialect
    const rows = await current.query(
      `SELECT k, t, ${e.maxOfEarlierRows('CASE WHEN ok THEN t END', 'k', 't')} AS prev
       FROM (SELECT tupleElement(r, 1) AS k, tupleElement(r, 2) AS t, tupleElement(r, 3) AS ok
             FROM (SELECT arrayJoin([${EARLIER_ROWS.rows.map(([k, t, ok]) => `('${k}', ${t}, ${ok ? 1 : 0})`).join(', ')}]) AS r))
       ORDER BY k, t`,
    )
    expect(rows.map((r) => [r.k, r.t, r.prev])).toEqual(EARLIER_ROWS.expected)
  })

  it('pairs a row with each key of its JSON object, strings unquoted, other values as JSON writes them', async () => {
    const j = current.dialect.jsonEntries('e.props', 'p')
    const rows = await current.query(
      `SELECT ${j.key} AS k, ${j.value} AS v FROM (SELECT ${current.dialect.param(1, JSON_ENTRIES.props)} AS props) AS e${j.from} ORDER BY k`,
    )
    expect(rows).toEqual(JSON_ENTRIES.expected)
  })
})
