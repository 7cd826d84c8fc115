import { TOTAL } from './published-table.js'
import type { CellStatus } from './published-table.js'

/** The value of an open dimension that stands for every value seen by too few visitors. */
export const OTHER = '~other'

/**
 * Whether a value reads like a margin (`*`) or `~other` in a published table: such a value is
 * never shown as itself (an event's name is a visitor's choice), and a spec may not list it.
 *
 * @example isReservedValue('*') // true
 */
export const isReservedValue = (value: string): boolean => value === TOTAL || value === OTHER

/**
 * A table as the audit sees it: what an attacker knows of it (published values, which cells are
 * withheld, which values are listed) and, for the release being made, the true values of its
 * withheld cells (to check each one's protection range). Keys hold `*` for margins and `~other`.
 */
export interface AuditTable {
  /** Unique over the audit: `release/table`. */
  readonly id: string
  readonly release: string
  readonly table: string
  /** True for the tables of the release being made: only their cells can still be suppressed. */
  readonly isNew: boolean
  readonly dimensions: readonly string[]
  /** Per dimension, the values the table lists (neither `*` nor `~other`). */
  readonly listed: Readonly<Record<string, readonly string[]>>
  /**
   * Per hierarchical dimension, each group's name and the listed values it adds up: a cell keyed
   * by a group's name covers those values.
   */
  readonly groups?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>
  /** Dimensions whose `*` and `~other` cover every value (open dimensions). */
  readonly open: readonly string[]
  /**
   * What the table counts, beyond its dimensions: per column, the only values it counts (its
   * metric's event `type`, its event's `name`, `identified: ['yes']` when anonymous hits are left
   * out); absent, no more than its dimensions. Public: the spec and the sidecar say it. Tables of
   * different data are audited together through it: all events minus one event's are the others.
   */
  readonly restrict?: Readonly<Record<string, readonly string[]>>
  /** The table's period: a table covers only those days. */
  readonly period: Period
  readonly cells: AuditCell[]
}

/** Days from `from` to `to` (excluded), both `YYYY-MM-DD`, as in a release spec. */
export interface Period {
  readonly from: string
  readonly to: string
}

/** One cell for the audit. */
export interface AuditCell {
  readonly key: readonly string[]
  status: CellStatus
  /** The value published, or (for a cell of the new release) its true value. */
  readonly value: number | null
}

/** Whether a cell is withheld from the published table. */
export const isSuppressed = (c: Pick<AuditCell, 'status'>): boolean =>
  c.status === 'suppressed-primary' || c.status === 'suppressed-secondary'
