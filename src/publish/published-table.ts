/**
 * What a published cell says. DP: `published` (a noisy value) or `below-threshold` (a noisy value
 * under the table's display threshold, withheld). Exact mode: `published` (the true value),
 * `suppressed-primary` (too few visitors) or `suppressed-secondary` (withheld so that a primary
 * cell cannot be recomputed from the margins).
 */
export type CellStatus =
  'published' | 'below-threshold' | 'suppressed-primary' | 'suppressed-secondary'

/** The key value of an exact-mode margin: `*` stands for "all values of this dimension". */
export const TOTAL = '*'

/** One cell of a published table. */
export interface PublishedCell {
  /** One value per dimension of the table, in its order; `*` for a margin (exact mode). */
  readonly key: readonly string[]
  /** The figure, or null when it is withheld (never 0 in its place). */
  readonly value: number | null
  readonly status: CellStatus
  /** DP: the half-width of a 95% interval of the noise, so value ± margin (post-processing). */
  readonly margin?: number
}

/** How a DP table was made: everything a reader needs to weigh it, nothing about true values. */
export interface DpTableProtection {
  readonly mechanism: 'dp'
  readonly noise: 'discrete-laplace' | 'discrete-gaussian'
  readonly epsilon: number
  readonly delta: number
  /** Noise parameter: the scale b (Laplace) or σ² (Gaussian), as an exact fraction. */
  readonly parameter: string
  readonly bounds: { readonly cellsPerVisitor: number; readonly eventsPerCell: number }
  /** The open dimensions whose values were chosen by DP partition selection, and its share. */
  readonly partitionSelection?: {
    readonly dimensions: readonly string[]
    readonly epsilon: number
    readonly delta: number
  }
  readonly threshold: number
}

/** How an exact table was protected. */
export interface ExactTableProtection {
  readonly mechanism: 'exact'
  readonly minGroupSize: number
  readonly protectionRange: number
  /** Dimensions without a public list of values: their rare values are merged into `~other`. */
  readonly openDimensions: readonly string[]
  /** The family of data the table counts (metric, event, anonymous hits): tables of one family are audited together. */
  readonly data: string
  /** Per hierarchical dimension, each group published and the values it adds up. */
  readonly groups?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>
}

/** One table of a release. */
export interface PublishedTable {
  readonly name: string
  readonly metric: 'pageviews' | 'events' | 'visitors'
  readonly event?: string
  readonly dimensions: readonly string[]
  readonly cells: readonly PublishedCell[]
  readonly protection: DpTableProtection | ExactTableProtection
}
