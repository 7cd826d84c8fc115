import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseStoreOption } from './store-option.js'
import { describeStore } from './data-dir.js'

describe('describeStore: the store a log line names', () => {
  it('names the data folder’s DuckDB file, or the ClickHouse server, database and cluster', () => {
    expect(describeStore(undefined, '.data')).toBe(`DuckDB ${resolve('.data', 'temoin.duckdb')}`)
    expect(describeStore(parseStoreOption('clickhouse://writer@db1/stats'), '.data')).toBe(
      'ClickHouse http://db1:8123, database stats',
    )
    expect(
      describeStore(parseStoreOption('clickhouse://db1/t?cluster=main&insertQuorum=2'), '.data'),
    ).toBe('ClickHouse http://db1:8123, database t, cluster main, insert quorum 2')
  })
})
