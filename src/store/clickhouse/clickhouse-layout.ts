import { quoteIdentifier } from './clickhouse-literal.js'

/**
 * Where the store's tables live: on one server, or on a cluster of replicated shards (the
 * cluster's name in the servers' `remote_servers`). On a cluster each data table is two: a
 * ReplicatedMergeTree `<name>_local` on every node, which holds the rows of its shard (copied to
 * the shard's replicas through ZooKeeper), and a Distributed `<name>` over them, which reads
 * every shard and sends each row to one. Statements name tables so: DDL and mutations through
 * this module, reads and inserts by the plain name (`events`), on both layouts.
 */
export interface ClickhouseLayout {
  /** Témoin's database (letters, digits and `_`). */
  readonly database: string
  /** The cluster, as `ON CLUSTER` and `Distributed` name it; absent on one server. */
  readonly cluster?: string
}

/**
 * ` ON CLUSTER <name>` on a cluster (DDL runs on every node), else nothing.
 *
 * @example `CREATE TABLE t${onCluster(layout)} …`
 */
export function onCluster(layout: ClickhouseLayout): string {
  return layout.cluster === undefined ? '' : ` ON CLUSTER ${quoteIdentifier(layout.cluster)}`
}

/**
 * The table that holds a data table's rows, as DDL, mutations and partitions name it: the
 * table itself on one server, `<database>.<name>_local` on a cluster.
 *
 * @example storageTable({ database: 'temoin', cluster: 'c' }, 'events') // '`temoin`.events_local'
 */
export function storageTable(layout: ClickhouseLayout, name: string): string {
  return `${quoteIdentifier(layout.database)}.${name}${layout.cluster === undefined ? '' : '_local'}`
}

/**
 * The engine of a data table's storage: MergeTree, or on a cluster a ReplicatedMergeTree whose
 * ZooKeeper path names the shard (the `{shard}` macro), the database and the table, and whose
 * replica is the node's `{replica}` macro.
 */
export function storageEngine(layout: ClickhouseLayout, name: string): string {
  return layout.cluster === undefined
    ? 'MergeTree()'
    : `ReplicatedMergeTree('/clickhouse/tables/{shard}/${layout.database}/${name}', '{replica}')`
}

/**
 * The engine of a table every node holds whole (the migrations' record): MergeTree, or
 * on a cluster one ReplicatedMergeTree whose replicas are all the nodes (one ZooKeeper path for
 * every shard; each node's replica named by its shard and replica macros, unique in the
 * cluster). A row written on any node is read on every other.
 */
export function everywhereEngine(layout: ClickhouseLayout, name: string): string {
  return layout.cluster === undefined
    ? 'MergeTree()'
    : `ReplicatedMergeTree('/clickhouse/temoin/${layout.database}/${name}', '{shard}-{replica}')`
}
