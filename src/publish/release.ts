import type { PublishedTable } from './published-table.js'

/** What one budget window had spent and has left, after a release. */
export interface WindowBudget {
  /** The window of data, as `first month/last month` (`2026-01/2026-12`). */
  readonly window: string
  readonly epsilonSpent: number
  readonly deltaSpent: number
  readonly epsilonLeft: number
  readonly deltaLeft: number
}

/** What the audit of an exact release found, for the sidecar. */
export interface AuditSummary {
  readonly solver: string
  /** Cells suppressed for too few visitors, and to protect them. */
  readonly primary: number
  readonly secondary: number
  /** Earlier releases of the same data the audit took into account, by name. */
  readonly linkedReleases: readonly string[]
  /** Linear programs solved (two per suppressed cell). */
  readonly solves: number
  /** Every suppressed cell's interval as an attacker computes it from everything published. */
  readonly intervals: readonly {
    readonly table: string
    readonly key: readonly string[]
    readonly low: number
    readonly high: number
  }[]
}

/**
 * A release: the tables and everything needed to read them — the mechanism, the protected unit,
 * the budget, the audit. It is what the ledger stores and re-serves, and what the CSV, JSON,
 * Parquet and HTML outputs are written from. It never holds a true value that was not published.
 */
export interface Release {
  /** The ledger's id of the release: a hash of its spec. */
  readonly id: string
  readonly name: string
  readonly site: string
  readonly period: { readonly from: string; readonly to: string }
  readonly mechanism: 'dp' | 'exact'
  /** When it was first made (ISO 8601); a re-served release keeps it. */
  readonly createdAt: string
  /** Who the guarantee protects, in words. */
  readonly protectedUnit: string
  readonly anonymousHits: 'include' | 'exclude'
  readonly tables: readonly PublishedTable[]
  /** DP: the budget, per window of data the period touches. */
  readonly budget?: {
    readonly epsilon: number
    readonly delta: number
    readonly windows: readonly WindowBudget[]
  }
  readonly audit?: AuditSummary
}
