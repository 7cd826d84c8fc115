import { readdirSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withRawConnection } from '../../test/helpers/raw-duckdb.js'
import { dpTable, exactTable } from '../../test/helpers/release-fixtures.js'
import { testFolder } from '../../test/helpers/test-folder.js'
import { writeParquet } from './write-parquet.js'

/** What an analyst reads from the file: its columns with their types, and its rows. */
function readParquet(path: string): Promise<{ columns: string[]; rows: unknown[][] }> {
  return withRawConnection(':memory:', async (connection) => {
    const from = `'${path.replaceAll("'", "''")}'`
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`)
    const columns = described.getRowsJS().map((r) => `${r[0] as string} ${r[1] as string}`)
    const rows = (await connection.runAndReadAll(`SELECT * FROM ${from}`)).getRowsJS()
    return { columns, rows }
  })
}

describe('writeParquet', () => {
  // kills: write-parquet.ts:11/:14/:24 BlockStatement (no file, no rows), :15 (dp → true / false,
  // `!==`), :17–22 StringLiteral / ArrayDeclaration (a column's name or type, the margin column),
  // :26 and :30 (a withheld value and a missing margin written as NULL, never 0).
  it('writes a DP table: one VARCHAR per dimension, value BIGINT (NULL when withheld), status, margin INTEGER', async () => {
    const path = join(await testFolder('temoin-parquet-'), 'by-country.parquet')
    await writeParquet(
      dpTable({
        dimensions: ['country', 'device'],
        cells: [
          { key: ['FR', 'mobile'], value: 1204, status: 'published', margin: 48 },
          { key: ['BE', 'mobile'], value: null, status: 'below-threshold', margin: 48 },
          // A noisy figure can be negative; a margin may be unknown.
          { key: ['CH', 'tablet'], value: -3, status: 'published' },
        ],
      }),
      path,
    )
    expect(await readParquet(path)).toEqual({
      columns: [
        'country VARCHAR',
        'device VARCHAR',
        'value BIGINT',
        'status VARCHAR',
        'margin INTEGER',
      ],
      rows: [
        ['FR', 'mobile', 1204n, 'published', 48],
        ['BE', 'mobile', null, 'below-threshold', 48],
        ['CH', 'tablet', -3n, 'published', null],
      ],
    })
  })

  // kills: write-parquet.ts:29 ConditionalExpression → true (a margin appended to a table that
  // has no such column), :15 → true.
  it('writes an exact table without a margin column', async () => {
    const path = join(await testFolder('temoin-parquet-'), 'regions.parquet')
    await writeParquet(exactTable(), path)
    expect(await readParquet(path)).toEqual({
      columns: ['country VARCHAR', 'value BIGINT', 'status VARCHAR'],
      rows: [
        ['FR', 60n, 'published'],
        ['BE', null, 'suppressed-primary'],
        ['CH', null, 'suppressed-secondary'],
        ['*', 90n, 'published'],
      ],
    })
  })

  // An operator's folder may hold a quote (/home/o'brien/figures), and COPY takes its path as a
  // literal: the quote must be doubled, not end the string. A column name is quoted likewise.
  // kills: write-parquet.ts:37 StringLiteral (the path's escape), :44 StringLiteral (the identifier's).
  it("writes into a folder whose name holds a quote, and keeps a dimension's name as it is", async () => {
    const dir = join(await testFolder('temoin-parquet-'), "o'brien")
    await mkdir(dir)
    const path = join(dir, 'odd.parquet')
    await writeParquet(
      exactTable({
        dimensions: ['say "hi"'],
        cells: [{ key: ['x'], value: 1, status: 'published' }],
      }),
      path,
    )
    expect(await readParquet(path)).toEqual({
      columns: ['say "hi" VARCHAR', 'value BIGINT', 'status VARCHAR'],
      rows: [['x', 1n, 'published']],
    })
  })

  // The server publishes through its admin API for as long as it runs: each table written opens an
  // in-memory DuckDB, whose worker thread stays until it is closed. Written three times, the
  // process must not hold more threads than before (fewer is fine: a collection may end others).
  // kills: write-parquet.ts:38 BlockStatement → {} (the connection and the instance left open).
  it.runIf(process.platform === 'linux')(
    'leaves no DuckDB behind: the process holds no more threads after writing tables',
    async () => {
      const dir = await testFolder('temoin-parquet-')
      const threads = () => readdirSync('/proc/self/task').length
      // The first write starts what a process starts once (libuv's pool, DuckDB's globals).
      await writeParquet(exactTable(), join(dir, 'warm.parquet'))
      const before = threads()
      for (const n of [1, 2, 3]) await writeParquet(exactTable(), join(dir, `t${n}.parquet`))
      expect(threads()).toBeLessThanOrEqual(before)
    },
  )
})
