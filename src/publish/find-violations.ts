import type { CellInterval } from './audit-intervals.js'

/** Why a withheld cell is not protected enough. */
export type ProtectionRule =
  'exact-recovery' | 'upper-protection' | 'lower-protection' | 'protection-width'

/** A withheld cell an attacker can pin down too closely. */
export interface Violation extends CellInterval {
  readonly rule: ProtectionRule
  /** What the rule asked, in words. */
  readonly needed: string
}

/**
 * Which audited cells break the protection rule. A cell withheld for too few visitors (primary)
 * of the release being made, of true value x, must stay uncertain by the protection range r both
 * ways: an attacker's interval must reach up to x + r and down to max(0, x − r). A primary cell
 * of an earlier release (whose true value is not kept) must keep an interval at least r wide. No
 * primary cell may be exactly recoverable. Secondary cells hold enough visitors: they are not
 * sensitive, and only reported.
 *
 * @example findViolations(audit.intervals, 5) // [] when every primary cell is protected
 */
export function findViolations(intervals: readonly CellInterval[], range: number): Violation[] {
  const out: Violation[] = []
  for (const interval of intervals) {
    const cell = interval.table.cells[interval.cell]
    // Stryker disable next-line OptionalChaining: an interval always names a cell of its own table (auditIntervals makes it from the table's cells); `?.` is there for noUncheckedIndexedAccess
    if (cell?.status !== 'suppressed-primary') continue
    const { low, high } = interval
    const add = (rule: ProtectionRule, needed: string) => out.push({ ...interval, rule, needed })
    if (high - low < 1) {
      add('exact-recovery', 'a withheld figure must not be recomputable from the published ones')
      continue
    }
    if (!interval.table.isNew || cell.value === null) {
      if (high - low < range)
        add('protection-width', `an interval at least ${range} wide (the protection range)`)
      continue
    }
    const x = cell.value
    if (high < x + range) add('upper-protection', `an interval reaching ${x + range} or more`)
    else if (low > Math.max(0, x - range))
      add('lower-protection', `an interval reaching down to ${Math.max(0, x - range)}`)
  }
  return out
}
