import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectChdb } from '../../../test/helpers/chdb-connection.js'
import {
  EARLIER_ROWS_CLICKHOUSE,
  expectEarlierRows,
  expectPropEntries,
} from '../../../test/helpers/dialect-cases.js'
import type { Store } from '../store.js'
import { clickhouseDialect as d } from './clickhouse-dialect.js'
import { createClickhouseStore } from './clickhouse-store.js'

// On chdb, apart from the 18.16 server's file: a mutation run leaves out the files that load
// chdb (scripts/mutate.ts, CHDB_TESTS), whose engine crashes Stryker's worker threads.
describe('clickhouseDialect on a current engine (chdb 26.x)', () => {
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

  it('is the dialect 18.16 gets: one SQL for every version', () => {
    expect(current.dialect).toBe(d)
  })

  it("adds the largest order of the earlier rows of a partition, never the row's own", async () => {
    await expectEarlierRows(current, EARLIER_ROWS_CLICKHOUSE)
  })

  it('pairs an event with each of its properties, values as the DuckDB store gives them', async () => {
    await expectPropEntries(current)
  })
})
