import { policyError } from './policy-problem.js'
import type { PolicyProblem } from './policy-problem.js'
import type { StoreSettings } from './policy-schema.js'

/**
 * The store's settings between keys: a quorum counts the replicas of a shard, so an
 * `insertQuorum` above 1 needs a `cluster` (the store refuses it at open too, STORE_MISCONFIGURED;
 * here `temoin policy check` says it first, with its line).
 *
 * @example
 * checkStore({ clickhouse: { url, database: 'temoin', username: 'default', insertQuorum: 2 } })
 * // [{ severity: 'error', key: 'store.clickhouse.insertQuorum', rule: 'store-quorum-cluster', … }]
 */
export function checkStore(store: StoreSettings | undefined): PolicyProblem[] {
  const clickhouse = store?.clickhouse
  if (clickhouse === undefined || clickhouse.insertQuorum === 1 || clickhouse.cluster !== undefined)
    return []
  return [
    policyError(
      'store.clickhouse.insertQuorum',
      'store-quorum-cluster',
      `is ${clickhouse.insertQuorum} without store.clickhouse.cluster: a quorum counts the replicas of a shard, and one server has none.`,
      'name the cluster of the tables in store.clickhouse.cluster, or remove insertQuorum.',
    ),
  ]
}
