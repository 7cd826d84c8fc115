import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  startClickhouseServer,
  type ClickhouseServer,
} from '../../../test/helpers/clickhouse-server.js'
import { storedEvent } from '../../../test/helpers/fixtures.js'
import { defineStoreConformance } from '../../../test/store-conformance.js'
import { isAppError } from '../../lib/app-error.js'
import type { Store } from '../store.js'
import { connectClickhouseHttp, readSettings } from './clickhouse-connection.js'
import { createClickhouseStore } from './clickhouse-store.js'

/** Debian's ClickHouse server (18.16), started once for this file, one database per test. */
let server: ClickhouseServer
beforeAll(async () => {
  server = await startClickhouseServer()
}, 90_000)
afterAll(() => server?.stop())

const newDatabase = () => `temoin_${randomBytes(6).toString('hex')}`
const openHttp = async (database: string) =>
  createClickhouseStore(await connectClickhouseHttp({ url: server.url, database }))

defineStoreConformance(
  'clickhouse 18.16 server',
  async () => {
    const database = newDatabase()
    const opened: Store[] = [await openHttp(database)]
    return {
      store: opened[0]!,
      reopen: async () => {
        const store = await openHttp(database)
        opened.push(store)
        return store
      },
      cleanup: async () => {
        for (const store of opened) await store.close()
        await fetch(`${server.url}/`, {
          method: 'POST',
          body: `DROP DATABASE IF EXISTS ${database}`,
        })
      },
    }
  },
  // Rollups and group counts come with the statistics on ClickHouse (issue 21, point 4).
  { persistent: true, rollups: false, countGroups: false },
)

describe('ClickHouse store: the server itself', () => {
  // kills: clickhouse-connection.ts, the version asked (its query, its reading)
  it('is a real ClickHouse server, Debian’s 18.16, and the connection says so', async () => {
    expect(server.version).toMatch(/^18\.16\./)
    const connection = await connectClickhouseHttp({ url: server.url, database: newDatabase() })
    try {
      expect(connection.version).toBe(server.version)
    } finally {
      await connection.close()
    }
  })

  // kills: readSettings' ObjectLiterals and conditions (which chdb's tests cover in npm test,
  // but no mutation run: vitest.mutate.config.ts)
  it('reads with 64-bit integers as numbers; names as columns on a current engine; readonly when asked', () => {
    expect(readSettings('18.16.1', false)).toEqual({ output_format_json_quote_64bit_integers: 0 })
    expect(readSettings('26.7.2.1', true)).toEqual({
      output_format_json_quote_64bit_integers: 0,
      prefer_column_name_to_alias: 1,
      readonly: '2',
    })
    expect(readSettings('21.1.1', false)).toMatchObject({ prefer_column_name_to_alias: 1 })
    expect(readSettings('20.12.1', false)).not.toHaveProperty('prefer_column_name_to_alias')
  })

  it('refuses to count groups for a release on 18.16, saying why and what to use', async () => {
    const store = await openHttp(newDatabase())
    try {
      await expect(store.countGroups({ filter: {}, by: [], anonymous: 'include' })).rejects.toThrow(
        /ClickHouse 18\.16\.1 cannot count groups .*no window functions.*current ClickHouse, or from DuckDB/,
      )
    } finally {
      await store.close()
    }
  })

  it('an erasure the server has not applied in time answers ERASURE_PENDING, and a repeat ends it', async () => {
    const database = newDatabase()
    const connection = await connectClickhouseHttp({ url: server.url, database })
    const store = await createClickhouseStore(connection, { mutationTimeoutMs: 300 })
    const visitor = '1767225600.8f14e45fceea167a5a36dedd4bea2543'
    try {
      await store.write({
        events: [storedEvent({ visitor }), storedEvent({ visitor }), storedEvent()],
        receipts: [],
      })
      // Mutations run in the merges' pool: stopped, the deletion cannot be applied.
      await connection.command('SYSTEM STOP MERGES events')
      const pending = await store.eraseVisitor(visitor).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isAppError(pending) && pending.code).toBe('ERASURE_PENDING')
      expect(String(pending)).toContain(
        'ClickHouse: erasing a visitor is still being applied after 300 ms; it goes on in the background',
      )
      expect(await store.countEvents({ visitor })).toBe(2)
      await connection.command('SYSTEM START MERGES events')
      const done = await createClickhouseStore(
        await connectClickhouseHttp({ url: server.url, database }),
      )
      try {
        await done.eraseVisitor(visitor)
        expect(await done.countEvents({ visitor })).toBe(0)
        expect(await done.countEvents({})).toBe(1)
      } finally {
        await done.close()
      }
    } finally {
      await store.close()
    }
  }, 60_000)

  it('refuses to connect to an address where no server answers: STORE_UNREACHABLE naming it', async () => {
    // A port nothing listens on: the server's own, while it is stopped.
    await server.kill()
    try {
      const refused = await connectClickhouseHttp({ url: server.url, database: 'temoin' }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isAppError(refused) && refused.code).toBe('STORE_UNREACHABLE')
      expect(String(refused)).toContain(`ClickHouse: creating the database at ${server.url} failed`)
    } finally {
      await server.start()
    }
  }, 90_000)

  it('answers STORE_UNREACHABLE, and acknowledges nothing, while the server is down; then recovers by itself', async () => {
    const store = await openHttp(newDatabase())
    try {
      await store.write({ events: [storedEvent()], receipts: [] })
      await server.kill()
      const refused = await store.write({ events: [storedEvent()], receipts: [] }).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(isAppError(refused) && refused.code).toBe('STORE_UNREACHABLE')
      await expect(store.ping()).rejects.toThrow()
      await server.start()
      await store.write({ events: [storedEvent()], receipts: [] })
      expect(await store.countEvents({})).toBe(2)
    } finally {
      await store.close()
    }
  }, 90_000)
})
