import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLUSTER, startLocalCluster, type LocalCluster } from '../scripts/local-cluster.js'
import { isAppError } from '../src/lib/app-error.js'
import { connectClickhouseHttp } from '../src/store/clickhouse/clickhouse-connection.js'
import { clickhouseMigrations } from '../src/store/clickhouse/clickhouse-migrations.js'
import {
  createClickhouseStore,
  type ClickhouseStoreOptions,
} from '../src/store/clickhouse/clickhouse-store.js'
import type { Store } from '../src/store/store.js'
import { consentReceipt, storedEvent } from './helpers/fixtures.js'
import { defineStoreConformance } from './store-conformance.js'

/**
 * The local cluster of scripts/local-cluster.ts, for real: ZooKeeper and 2 shards × 2 replicas of
 * Debian's ClickHouse 18.16, plain processes on 127.0.0.1. What the ClickHouse store's cluster
 * mode stands on: DDL `ON CLUSTER` reaches every node, a row inserted through a Distributed
 * table is on both replicas of one shard, a block sent again is stored once, and an insert that
 * asks a quorum of 2 is refused while a replica is down. Then the store's cluster layout on it:
 * the conformance suite, and what only a cluster shows (where rows are, on every replica).
 */
let cluster: LocalCluster
beforeAll(async () => {
  cluster = await startLocalCluster({ dir: await mkdtemp(join(tmpdir(), 'temoin-cluster-')) })
  for (const sql of [
    `CREATE DATABASE IF NOT EXISTS t ON CLUSTER ${CLUSTER}`,
    `CREATE TABLE IF NOT EXISTS t.e_local ON CLUSTER ${CLUSTER} (id String, v UInt32) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/t/e_local', '{replica}') ORDER BY id`,
    `CREATE TABLE IF NOT EXISTS t.e ON CLUSTER ${CLUSTER} (id String, v UInt32) ENGINE = Distributed(${CLUSTER}, t, e_local, cityHash64(id))`,
  ])
    await cluster.nodes[0]![0]!.rows(sql)
}, 120_000)
afterAll(() => cluster?.stop())

const first = () => cluster.nodes[0]![0]!
const rows = (n: number) => Array.from({ length: n }, (_, i) => `('id${i}', ${i})`).join(', ')

/** Runs a statement on the first node through HTTP with `settings`; the answer's status and text. */
async function send(sql: string, settings: Record<string, number> = {}) {
  const query = new URLSearchParams(
    Object.entries(settings).map(([k, v]): [string, string] => [k, String(v)]),
  )
  const answer = await fetch(`${first().url}/?${query.toString()}`, { method: 'POST', body: sql })
  return { status: answer.status, text: await answer.text() }
}

const counts = async (table: string) =>
  Promise.all(
    cluster.nodes.flat().map(async (node) => {
      const [row] = await node.rows<{ n: string }>(`SELECT count() AS n FROM ${table}`)
      return Number(row?.n)
    }),
  )

const newDatabase = () => `temoin_${randomBytes(6).toString('hex')}`
const dropDatabase = (database: string) =>
  first().rows(`DROP DATABASE IF EXISTS ${database} ON CLUSTER ${CLUSTER}`)
/** The store on the cluster's database, through the node `[shard][replica]`. */
const openOn = async (
  database: string,
  [shard, replica]: readonly [number, number] = [0, 0],
  options: ClickhouseStoreOptions = { cluster: CLUSTER },
): Promise<Store> =>
  createClickhouseStore(
    await connectClickhouseHttp({
      url: cluster.nodes[shard]![replica]!.url,
      database,
      ...(options.cluster === undefined ? {} : { cluster: options.cluster }),
    }),
    options,
  )
/**
 * Each node's count of rows in its own part of a table (its shard's), s1r1, s1r2, s2r1, s2r2,
 * once each has copied what its shard's other replica holds (an insert of quorum 1 is answered
 * when one replica has it).
 */
const perNode = async (database: string, table: string, where = '') => {
  for (const node of cluster.nodes.flat())
    await node.rows(`SYSTEM SYNC REPLICA ${database}.${table}_local`)
  return counts(`${database}.${table}_local ${where}`)
}

/** Runs `body` on the store of a new database of the cluster, then closes it and drops the database. */
async function onNewDatabase(
  body: (store: Store, database: string) => Promise<void>,
  options: ClickhouseStoreOptions = { cluster: CLUSTER },
): Promise<void> {
  const database = newDatabase()
  const store = await openOn(database, [0, 0], options)
  try {
    await body(store, database)
  } finally {
    await store.close()
    await dropDatabase(database)
  }
}

defineStoreConformance(
  'clickhouse 18.16 cluster (2 shards × 2 replicas), reopened through another node',
  async () => {
    const database = newDatabase()
    const opened: Store[] = [await openOn(database)]
    return {
      store: opened[0]!,
      reopen: async () => {
        const store = await openOn(database, [1, 1])
        opened.push(store)
        return store
      },
      cleanup: async () => {
        for (const store of opened) await store.close()
        await dropDatabase(database)
      },
    }
  },
  { persistent: true, rollups: false, countGroups: false },
)

describe('the ClickHouse store on a cluster', () => {
  it("writes each row on both replicas of one shard, a visitor's rows on one shard, and reads them through any node", async () => {
    await onNewDatabase(async (store, database) => {
      const events = Array.from({ length: 60 }, (_, i) =>
        storedEvent({
          visitor: i % 3 === 0 ? null : `v${i % 7}`,
          time: Date.UTC(2026, 10, 1 + (i % 20)),
        }),
      )
      await store.write({ events, receipts: [consentReceipt({ visitor: 'v1' })] })
      const [s1r1, s1r2, s2r1, s2r2] = await perNode(database, 'events')
      expect([s1r1, s2r1]).toEqual([s1r2, s2r2])
      expect(s1r1! + s2r1!).toBe(60)
      expect(s1r1).toBeGreaterThan(0)
      expect(s2r1).toBeGreaterThan(0)
      // Every visitor on one shard only, with its receipt.
      for (let v = 0; v < 7; v++) {
        const [a, , b] = await perNode(database, 'events', `WHERE visitor = 'v${v}'`)
        expect(Math.min(a!, b!), `visitor v${v}`).toBe(0)
      }
      const [r1, , r2] = await perNode(database, 'receipts')
      const [e1, , e2] = await perNode(database, 'events', `WHERE visitor = 'v1'`)
      expect([r1! > 0, r2! > 0]).toEqual([e1! > 0, e2! > 0])
      const elsewhere = await openOn(database, [1, 1])
      try {
        expect(await elsewhere.countEvents({})).toBe(60)
        expect((await elsewhere.listEvents({})).map((e) => e.id).sort()).toEqual(
          events.map((e) => e.id).sort(),
        )
      } finally {
        await elsewhere.close()
      }
    })
  }, 60_000)

  it('stores a batch sent again once (a retry after a lost answer)', async () => {
    await onNewDatabase(async (store) => {
      const batch = {
        events: Array.from({ length: 30 }, () => storedEvent({ visitor: null })),
        receipts: [consentReceipt({ visitor: null })],
      }
      await store.write(batch)
      await store.write(batch)
      expect(await store.countEvents({})).toBe(30)
      expect((await store.listReceipts({})).length).toBe(1)
    })
  }, 60_000)

  it('erases a visitor and drops old months on every replica before it answers', async () => {
    await onNewDatabase(async (store, database) => {
      const old = Date.UTC(2026, 0, 10)
      const recent = Date.UTC(2026, 10, 10)
      const events = Array.from({ length: 40 }, (_, i) =>
        storedEvent({ visitor: `v${i % 5}`, time: i % 2 === 0 ? old : recent }),
      )
      await store.write({ events, receipts: [consentReceipt({ visitor: 'v2', time: recent })] })
      expect(await store.eraseVisitor('v2')).toEqual({ events: 8, receipts: 1 })
      expect(await perNode(database, 'events', `WHERE visitor = 'v2'`)).toEqual([0, 0, 0, 0])
      expect(await perNode(database, 'receipts', `WHERE visitor = 'v2'`)).toEqual([0, 0, 0, 0])
      expect((await perNode(database, 'receipts')).reduce((a, b) => a + b)).toBe(2)
      const removed = await store.purge({ events: Date.UTC(2026, 5, 1), receipts: 0 })
      expect(removed).toEqual({ events: 16, receipts: 0 })
      expect(await perNode(database, 'events', `WHERE time < ${Date.UTC(2026, 5, 1)}`)).toEqual([
        0, 0, 0, 0,
      ])
      const [a, b, c, d] = await perNode(database, 'events')
      expect([a! + c!, b! + d!]).toEqual([16, 16])
    })
  }, 90_000)

  it('answers an erasure only once every replica has applied it (ERASURE_PENDING while one has not)', async () => {
    // A replica the store does not read through (in_order: the first of each shard answers).
    const slow = cluster.nodes[1]![1]!
    await onNewDatabase(
      async (store, database) => {
        try {
          await store.write({
            events: Array.from({ length: 20 }, (_, i) => storedEvent({ visitor: `v${i % 4}` })),
            receipts: [],
          })
          await perNode(database, 'events')
          await slow.rows(`SYSTEM STOP MERGES ${database}.events_local`)
          const late = await store.eraseVisitor('v1').then(
            () => undefined,
            (e: unknown) => e,
          )
          expect(isAppError(late) && late.code).toBe('ERASURE_PENDING')
          await slow.rows(`SYSTEM START MERGES ${database}.events_local`)
          // Sent again, as ERASURE_PENDING says: done on every replica when it answers (counted
          // at once, without waiting for the replicas).
          const deadline = Date.now() + 60_000
          let again = await store.eraseVisitor('v1').catch((e: unknown) => e)
          while (isAppError(again) && again.code === 'ERASURE_PENDING' && Date.now() < deadline)
            again = await store.eraseVisitor('v1').catch((e: unknown) => e)
          expect(again).toEqual({ events: 0, receipts: 0 })
          expect(await counts(`${database}.events_local WHERE visitor = 'v1'`)).toEqual([
            0, 0, 0, 0,
          ])
        } finally {
          await slow.rows(`SYSTEM START MERGES ${database}.events_local`).catch(() => undefined)
        }
      },
      { cluster: CLUSTER, mutationTimeoutMs: 3000 },
    )
  }, 90_000)

  it('migrates a new database once when processes open it through different nodes at once', async () => {
    const database = newDatabase()
    const stores = await Promise.all(
      (
        [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ] as const
      ).map((node) => openOn(database, node)),
    )
    try {
      const steps = clickhouseMigrations({ database, cluster: CLUSTER })[0]!.steps.length
      for (const node of cluster.nodes.flat()) {
        const [row] = await node.rows<{ n: string }>(
          `SELECT count() AS n FROM ${database}.schema_migrations`,
        )
        expect(Number(row?.n)).toBe(steps)
      }
    } finally {
      for (const store of stores) await store.close()
      await dropDatabase(database)
    }
  }, 120_000)

  it('refuses settings the cluster cannot keep, before writing anything (STORE_MISCONFIGURED)', async () => {
    const refusal = async (database: string, options: ClickhouseStoreOptions) => {
      try {
        await (await openOn(database, [0, 0], options)).close()
      } catch (e) {
        expect(isAppError(e) && e.code).toBe('STORE_MISCONFIGURED')
        return String(e)
      }
      throw new Error('opened')
    }
    const database = newDatabase()
    try {
      expect(await refusal(database, { cluster: 'elsewhere' })).toContain(
        'the server has no cluster "elsewhere" in its remote_servers',
      )
      expect(await refusal(database, { cluster: CLUSTER, insertQuorum: 3 })).toContain(
        'insertQuorum is 3, more than the 2 replicas of a shard',
      )
      expect(await refusal(database, { cluster: CLUSTER, insertQuorum: 2 })).toContain(
        'ClickHouse 18.16.1 never applies a deletion to the last part an insert with a quorum wrote',
      )
      expect(await refusal(database, { insertQuorum: 2 })).toContain('without a cluster')
      // Nothing was created by the refusals.
      expect(
        await first().rows(`SELECT name FROM system.tables WHERE database = '${database}'`),
      ).toEqual([])
      // A cluster's database opened as one server's, and the other way round.
      await (await openOn(database)).close()
      expect(await refusal(database, {})).toContain("holds a cluster's tables (Distributed)")
      const single = newDatabase()
      await (await openOn(single, [0, 0], {})).close()
      expect(await refusal(single, { cluster: CLUSTER })).toContain(
        "holds one server's tables (MergeTree), not a cluster's",
      )
      await first().rows(`DROP DATABASE IF EXISTS ${single}`)
    } finally {
      await dropDatabase(database)
    }
  }, 120_000)
})

describe('a local cluster of 2 shards × 2 replicas (ClickHouse 18.16, ZooKeeper 3.8)', () => {
  it('names every node in the cluster, each with its own shard and replica', async () => {
    const nodes = await first().rows<{ shard_num: number; replica_num: number; port: number }>(
      `SELECT shard_num, replica_num, port FROM system.clusters WHERE cluster = '${CLUSTER}' ORDER BY shard_num, replica_num`,
    )
    expect(nodes.map((n) => [n.shard_num, n.replica_num, n.port])).toEqual(
      cluster.nodes.flatMap((row, s) => row.map((node, r) => [s + 1, r + 1, node.tcpPort])),
    )
    for (const [s, row] of cluster.nodes.entries())
      for (const [r, node] of row.entries())
        expect(
          await node.rows(`SELECT macro, substitution FROM system.macros ORDER BY macro`),
        ).toEqual([
          { macro: 'replica', substitution: `r${r + 1}` },
          { macro: 'shard', substitution: `0${s + 1}` },
        ])
  })

  it('replicates what a Distributed table writes: each row on both replicas of one shard, read once', async () => {
    // DDL ON CLUSTER (beforeAll) reached every node.
    for (const node of cluster.nodes.flat())
      expect(
        await node.rows(`SELECT name FROM system.tables WHERE database = 't' ORDER BY name`),
      ).toEqual([{ name: 'e' }, { name: 'e_local' }])
    const insert = `INSERT INTO t.e VALUES ${rows(100)}`
    expect(await send(insert, { insert_distributed_sync: 1, insert_quorum: 2 })).toEqual({
      status: 200,
      text: '',
    })
    const [s1r1, s1r2, s2r1, s2r2] = await counts('t.e_local')
    expect(s1r1).toBe(s1r2)
    expect(s2r1).toBe(s2r2)
    expect((s1r1 ?? 0) + (s2r1 ?? 0)).toBe(100)
    expect(s1r1).toBeGreaterThan(0)
    expect(s2r1).toBeGreaterThan(0)
    // The same block again (a retried batch): each shard's replicated table stores it once.
    expect((await send(insert, { insert_distributed_sync: 1, insert_quorum: 2 })).status).toBe(200)
    expect(await first().rows(`SELECT count() AS n, sum(v) AS s FROM t.e`)).toEqual([
      { n: '100', s: '4950' },
    ])
  })

  it('refuses a quorum-2 insert while a replica is down; back, the replica catches up, and the insert sent again is stored once', async () => {
    const total = async (like: string) => {
      const [row] = await first().rows<{ n: string }>(
        `SELECT count() AS n FROM t.e WHERE id LIKE '${like}%'`,
      )
      return Number(row?.n)
    }
    const before = await total('')
    const down = cluster.nodes[1]![1]!
    await down.kill()
    // Twenty rows: some of them go to the shard whose replica is down.
    const late = `INSERT INTO t.e VALUES ${Array.from({ length: 20 }, (_, i) => `('late${i}', 1)`).join(', ')}`
    const quorum = { insert_distributed_sync: 1, insert_quorum: 2, insert_quorum_timeout: 2000 }
    const refused = await send(late, quorum)
    expect(refused.status).not.toBe(200)
    // 18.16 says the write may be stored on the replica that is up: the client must retry.
    expect(refused.text).toContain('Timeout while waiting for quorum')
    const single = `INSERT INTO t.e VALUES ${Array.from({ length: 20 }, (_, i) => `('more${i}', 1)`).join(', ')}`
    expect((await send(single, { insert_distributed_sync: 1, insert_quorum: 1 })).status).toBe(200)
    await down.start()
    // The retry, once the replica is back: the same blocks, which each shard stores once.
    const deadline = Date.now() + 60_000
    let retried = await send(late, quorum)
    while (retried.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500))
      retried = await send(late, quorum)
    }
    expect(retried.status).toBe(200)
    let got = await counts('t.e_local')
    while ((got[2] !== got[3] || got[0] !== got[1]) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200))
      got = await counts('t.e_local')
    }
    expect(got[0]).toBe(got[1])
    expect(got[2]).toBe(got[3])
    expect(await total('late')).toBe(20)
    expect(await total('')).toBe(before + 40)
  }, 120_000)
})
