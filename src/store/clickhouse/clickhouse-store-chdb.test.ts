import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connectChdb } from '../../../test/helpers/chdb-connection.js'
import { defineStoreConformance } from '../../../test/store-conformance.js'
import type { Store } from '../store.js'
import { createClickhouseStore } from './clickhouse-store.js'

// On chdb, apart from the 18.16 server's file: a mutation run leaves out the files that load
// chdb (scripts/mutate.ts, CHDB_TESTS), whose engine crashes Stryker's worker threads.
defineStoreConformance(
  'clickhouse 26 (chdb, in-process)',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-chdb-'))
    const opened: Store[] = [await createClickhouseStore(await connectChdb(dir, 'temoin'))]
    return {
      store: opened[0]!,
      reopen: async () => {
        const store = await createClickhouseStore(await connectChdb(dir, 'temoin'))
        opened.push(store)
        return store
      },
      cleanup: async () => {
        for (const store of opened) await store.close()
        await rm(dir, { recursive: true, force: true })
      },
    }
  },
  // Rollups come with the dashboard's speed on ClickHouse (issue 21); group counts need 21.x+.
  { persistent: true, rollups: false },
)

describe('ClickHouse store: the engines it is tested on', () => {
  it('runs on a current ClickHouse in-process (chdb 26.x) beside the 18.16 server', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-chdb-'))
    const connection = await connectChdb(dir, 'temoin')
    try {
      expect(connection.version).toMatch(/^26\./)
    } finally {
      await connection.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
