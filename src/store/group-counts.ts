import type { EventFilter } from './store.js'

/**
 * What a release's table can be broken down by. `month` is the event's UTC calendar month
 * (`2026-03`); the others are stored columns (docs/api.md).
 */
export const TABLE_DIMENSIONS = [
  'month',
  'country',
  'device',
  'browser',
  'os',
  'path',
  'referrer',
  'type',
  'name',
] as const

/**
 * What events can be grouped by: a table's dimensions, and `identified` (`yes` when the event
 * carries a visitor id, `no` for an anonymous hit), with which the audit of exact releases tells
 * apart the releases that count anonymous hits from those that leave them out. The list is
 * closed: a store maps each name to its own SQL, and no caller text ever reaches a query.
 */
export const GROUP_COLUMNS = [...TABLE_DIMENSIONS, 'identified'] as const

/** One of {@link TABLE_DIMENSIONS}. */
export type TableDimension = (typeof TABLE_DIMENSIONS)[number]

/** One column of {@link GROUP_COLUMNS}. */
export type GroupColumn = (typeof GROUP_COLUMNS)[number]

/**
 * Grouped counts of events, for publication. The unit is the visitor when the event carries a
 * visitor id; an anonymous hit (no id) is its own unit. With `bound`, each unit counts in at most
 * `groupsPerUnit` groups — the ones it entered first (by its earliest event, then by key) — and
 * for at most `eventsPerGroup` events in each: that is contribution bounding, the step that caps
 * what one person can change in a differentially private release. The choice of groups depends on
 * that unit's own events only.
 */
export interface GroupQuery {
  readonly filter: EventFilter & {
    /** Only page views, or only custom events. */
    readonly type?: 'pageview' | 'event'
    /** Only custom events of this name. */
    readonly name?: string
  }
  /** The grouping columns, in the order of `GroupCount.key`; may be empty (one grand total). */
  readonly by: readonly GroupColumn[]
  /**
   * Per grouping column, the values kept apart. The values outside the list are merged into one
   * group whose key is `null` (`others: 'merge'`: units are then distinct over all of them, not
   * added up), or not counted at all (`'drop'`: for a column not in `by` too, a filter). A column
   * of `by` without a list keeps every value.
   */
  readonly values?: Partial<Record<GroupColumn, ValueList>>
  /**
   * Time cut into spans, each a union of stretches: with it, every group is also by span (its
   * index, {@link GroupCount.span}), the events of no span are not counted, and a span's units are
   * distinct over all its stretches (a visitor in two of them is one unit).
   */
  readonly spans?: readonly (readonly TimeRange[])[]
  /** `exclude` drops hits without a visitor id. */
  readonly anonymous: 'include' | 'exclude'
  readonly bound?: { readonly groupsPerUnit: number; readonly eventsPerGroup: number }
}

/** A stretch of time in epoch milliseconds, `from` included and `to` excluded. */
export interface TimeRange {
  readonly from: number
  readonly to: number
}

/** The values of one column kept apart by a {@link GroupQuery}, and what becomes of the others. */
export interface ValueList {
  readonly list: readonly string[]
  readonly others: 'merge' | 'drop'
}

/** One group: its key (one value per `by` column) and its counts after bounding. */
export interface GroupCount<Value = string> {
  /** One value per `by` column; `null` for the merged values outside the column's list. */
  readonly key: readonly Value[]
  /** Events counted (each unit's at most `eventsPerGroup`). */
  readonly events: number
  /** Distinct units counted: visitors, plus one per anonymous hit. */
  readonly units: number
  /** Distinct visitor ids counted (anonymous hits excluded). */
  readonly visitors: number
  /** With {@link GroupQuery.spans}: the index of the group's span. */
  readonly span?: number
}

/** What a key holds for a query: a value, or also `null` where values are merged. */
export type GroupValue<Q extends GroupQuery> = Q extends { readonly values: object }
  ? string | null
  : string

/**
 * A bound of a GroupQuery, checked: a whole number ≥ 1 (a store writes it into its statement).
 *
 * @example checkBound(query.bound.groupsPerUnit) // 3, or a RangeError
 */
export function checkBound(n: number): number {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`a bound must be ≥ 1, got ${n}`)
  return n
}
