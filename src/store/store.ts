import type { ConsentReceipt } from '../protocol/consent-payload.js'
import type { SqlDialect, SqlRow, SqlValue } from './sql-dialect.js'
import type { GroupCount, GroupQuery, GroupValue } from './group-counts.js'

export type { ConsentReceipt }

/**
 * One stored event, after validation and enrichment. It holds no IP address (the country is
 * derived from it at the edge, then the address is dropped) and no raw user agent.
 * Dates are epoch milliseconds.
 */
export interface StoredEvent {
  /** Server-made id, 32 hex digits. */
  readonly id: string
  readonly time: number
  /** Site domain from the policy. */
  readonly site: string
  readonly type: 'pageview' | 'event'
  /** Custom event name; '' for a page view. */
  readonly name: string
  readonly path: string
  /** Query string without '?', holding only the keys the policy keeps; '' when none. */
  readonly query: string
  /** Referrer origin + path; '' when none. */
  readonly referrer: string
  /** Visitor id (consented statistics only), else null. */
  readonly visitor: string | null
  /** ISO 3166-1 alpha-2 country code, '' when unknown. */
  readonly country: string
  /** 'desktop' | 'mobile' | 'tablet' | 'other'. */
  readonly device: string
  /** Browser family, no version ('Chrome', 'Firefox'…), '' when unknown. */
  readonly browser: string
  /** OS family ('Windows', 'iOS'…), '' when unknown. */
  readonly os: string
  readonly props: Readonly<Record<string, string | number | boolean>>
}

/** What to read. Times are epoch ms: `from` inclusive, `to` exclusive. */
export interface EventFilter {
  readonly site?: string
  readonly from?: number
  readonly to?: number
  readonly visitor?: string
}

/** Receipts to read: the same filter as events. */
export type ReceiptFilter = EventFilter

/** What one group commit writes, in one transaction. */
export interface WriteBatch {
  readonly events: readonly StoredEvent[]
  readonly receipts: readonly ConsentReceipt[]
}

/** How much a purge or an erasure removed. */
export interface Removed {
  readonly events: number
  readonly receipts: number
}

/**
 * The one interface every store implements (DuckDB embedded, ClickHouse at scale). Only cli/
 * picks the implementation; everything else receives a Store. `test/store-conformance.ts` runs
 * the same assertions against every implementation.
 *
 * @example
 * await store.write({ events: [event], receipts: [] })
 * const n = await store.countEvents({ site: 'example.org' })
 */
export interface Store {
  /** Which implementation, for logs and /healthz. */
  readonly kind: string
  /** Writes events and receipts in one transaction: all of the batch is durable, or none. */
  write(batch: WriteBatch): Promise<void>
  /** Events in time order (then id), at most `limit` (default 1000). */
  listEvents(
    filter: EventFilter & { readonly limit?: number; readonly offset?: number },
  ): Promise<StoredEvent[]>
  countEvents(filter: EventFilter): Promise<number>
  /**
   * Events grouped by columns, each unit's contribution optionally bounded (see GroupQuery), in
   * key order (a merged group last). Groups with no event are absent. Used by publish/.
   */
  countGroups<Q extends GroupQuery>(query: Q): Promise<GroupCount<GroupValue<Q>>[]>
  /** Receipts in time order (then id), at most `limit` (default 1000), after `offset`. */
  listReceipts(
    filter: ReceiptFilter & { readonly limit?: number; readonly offset?: number },
  ): Promise<ConsentReceipt[]>
  getReceipt(id: string): Promise<ConsentReceipt | null>
  /**
   * A visitor's events that the store set aside because it could not read them back (an older
   * collector accepted text the store's JSON reader refuses): out of every statistic, still the
   * visitor's data, so listed for their access to it (`GET /api/visitor/:id`). Props that cannot
   * be parsed even by JavaScript are given as `{}`. Empty on a store that never sets any aside.
   */
  listSetAside(visitor: string): Promise<StoredEvent[]>
  /**
   * Erases everything stored under a visitor id: its events are deleted (those set aside
   * because the store could not read them back too); its receipts are kept as proof of the
   * decisions but unlinked (their visitor set to null).
   */
  eraseVisitor(visitor: string): Promise<Removed>
  /**
   * Retention: deletes events with time < `events` (set-aside ones included) and receipts with
   * time < `receipts`. Returns how many rows went (receipts here counts deleted receipts).
   */
  purge(before: { readonly events: number; readonly receipts: number }): Promise<Removed>
  /**
   * Rewrites the pre-aggregates in the order queries read them, after a bulk load out of time
   * order (`temoin seed`): live traffic arrives in order and never needs it. Answers do not change.
   */
  optimize(): Promise<void>
  /** The SQL dialect of `query` (stats/ builds its queries with it). */
  readonly dialect: SqlDialect
  /**
   * Runs one read-only SELECT for the statistics, with `values` bound to the dialect's
   * placeholders (never spliced into the text). Anything but a SELECT is refused (INTERNAL)
   * before it runs. Tables: `events`, `receipts` and `rollup_<name>` for each of `rollups`; a
   * statement reading a rollup sees every write resolved before the call (see rollup.ts).
   */
  query(sql: string, values?: readonly SqlValue[]): Promise<SqlRow[]>
  /** Names of the rollups (see rollup.ts) this store keeps current; empty when none. */
  readonly rollups: readonly string[]
  /** Checks the store answers (for /healthz). */
  ping(): Promise<void>
  close(): Promise<void>
}
