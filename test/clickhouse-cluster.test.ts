import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLUSTER, startLocalCluster, type LocalCluster } from '../scripts/local-cluster.js'

/**
 * The local cluster of scripts/local-cluster.ts, for real: ZooKeeper and 2 shards × 2 replicas of
 * Debian's ClickHouse 18.16, plain processes on 127.0.0.1. What the ClickHouse store's cluster
 * mode stands on: DDL `ON CLUSTER` reaches every node, a row inserted through a Distributed
 * table is on both replicas of one shard, a block sent again is stored once, and an insert that
 * asks a quorum of 2 is refused while a replica is down.
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
