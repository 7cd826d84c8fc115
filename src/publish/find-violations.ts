import type { SmallAtoms } from './count-small-atoms.js'
import type { AtomInterval, CellInterval } from './audit-intervals.js'

/** Why a withheld cell is not protected enough. */
export type ProtectionRule =
  'exact-recovery' | 'upper-protection' | 'lower-protection' | 'protection-width'

/** What a rule asked and was not given. */
interface Broken {
  readonly rule: ProtectionRule
  /** What the rule asked, in words. */
  readonly needed: string
}

/** A withheld cell an attacker can pin down too closely. */
export interface Violation extends CellInterval, Broken {}

/** A small group (an atom: createAtomSpace) an attacker can pin down too closely. */
export interface AtomViolation extends AtomInterval, Broken {
  /** Its true count. */
  readonly value: number
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
    // The true value of a new table's cell; an earlier release's is not kept (null).
    const broken = brokenRule(interval, interval.table.isNew ? cell.value : null, range)
    if (broken) out.push({ ...interval, ...broken })
  }
  return out
}

/**
 * Which small groups break the protection rule: a group of atoms no published figure tells apart
 * (AtomInterval), of true value x (the events of its atoms, counted now), held by fewer than k
 * visitors, must stay as uncertain as a primary cell of the release being made.
 *
 * @example findAtomViolations(audit.atoms, await countSmallAtoms(store, where, space, 10), 5)
 */
export function findAtomViolations(
  intervals: readonly AtomInterval[],
  atoms: SmallAtoms,
  range: number,
): AtomViolation[] {
  const out: AtomViolation[] = []
  for (const interval of intervals) {
    // A group holding an atom of k visitors or more, or whose atoms hold k together, is no small
    // group (its atoms' units add up: a visitor in two of them counts twice).
    if (interval.members.some((m) => atoms.large.has(m))) continue
    let value = 0
    let units = 0
    for (const m of interval.members) {
      value += atoms.small.get(m)?.events ?? 0
      units += atoms.small.get(m)?.units ?? 0
    }
    if (units >= atoms.k) continue
    const broken = brokenRule(interval, value, range)
    if (broken) out.push({ ...interval, value, ...broken })
  }
  return out
}

/** The rule an interval [low, high] of a figure of true value x (null: not kept) breaks, if any. */
function brokenRule(
  { low, high }: { readonly low: number; readonly high: number },
  x: number | null,
  range: number,
): Broken | undefined {
  if (high - low < 1)
    return {
      rule: 'exact-recovery',
      needed: 'a withheld figure must not be recomputable from the published ones',
    }
  if (x === null)
    return high - low < range
      ? {
          rule: 'protection-width',
          needed: `an interval at least ${range} wide (the protection range)`,
        }
      : undefined
  if (high < x + range)
    return { rule: 'upper-protection', needed: `an interval reaching ${x + range} or more` }
  if (low > Math.max(0, x - range))
    return {
      rule: 'lower-protection',
      needed: `an interval reaching down to ${Math.max(0, x - range)}`,
    }
  return undefined
}
