import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectChdb } from '../helpers/chdb-connection.js'
import { fixtureBatches, fixtureQuery } from '../helpers/stats-fixtures.js'
import { STATS_ENDPOINTS } from '../../src/stats/stats-endpoints.js'
import type { StatsEndpoint } from '../../src/stats/stats-types.js'
import { createClickhouseStore } from '../../src/store/clickhouse/clickhouse-store.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'

const query = fixtureQuery

describe('every stats endpoint answers the same on ClickHouse (chdb 26) as on DuckDB', () => {
  let dir: string
  let duck: Store
  let house: Store
  let empty: Store
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-chcmp-'))
    duck = await createDuckdbStore({ path: ':memory:' })
    empty = await createDuckdbStore({ path: ':memory:' })
    house = await createClickhouseStore(await connectChdb(dir, 'temoin'))
    for (const batch of fixtureBatches()) {
      await duck.write(batch)
      await house.write(batch)
    }
  })
  afterAll(async () => {
    await duck?.close()
    await empty?.close()
    await house?.close()
    await rm(dir, { recursive: true, force: true })
  })

  for (const endpoint of Object.keys(STATS_ENDPOINTS) as StatsEndpoint[])
    it(endpoint, async () => {
      // event-props answers about one event (its props: strings, numbers).
      const asked = query(endpoint === 'event-props' ? { event: 'download' } : {})
      const expected = await STATS_ENDPOINTS[endpoint](duck, asked)
      expect(await STATS_ENDPOINTS[endpoint](house, asked)).toEqual(expected)
      // Not vacuous: the fixtures give every endpoint figures an empty store does not have.
      expect(expected).not.toEqual(await STATS_ENDPOINTS[endpoint](empty, asked))
    })
})
