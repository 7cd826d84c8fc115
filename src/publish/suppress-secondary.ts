import type { Highs } from 'highs'
import { createAtomSpace } from './atom-space.js'
import { auditIntervals } from './audit-intervals.js'
import type { AuditCache, AuditResult } from './audit-intervals.js'
import { isSuppressed } from './audit-table.js'
import type { AuditCell, AuditTable } from './audit-table.js'
import { NO_SMALL_ATOMS } from './count-small-atoms.js'
import type { SmallAtoms } from './count-small-atoms.js'
import { findAtomViolations, findViolations } from './find-violations.js'
import type { AtomViolation, Violation } from './find-violations.js'
import type { AtomSpace } from './atom-space.js'
import { protectWithHypercubes } from './protect-with-hypercubes.js'
import { suppressOptimally } from './suppress-optimally.js'
import { suppressionCost as cellCost } from './suppression-cost.js'

/** What secondary suppression ended with. */
export interface Protection {
  readonly audit: AuditResult
  /** Empty when every primary cell is protected; otherwise what could not be fixed. */
  readonly violations: readonly Violation[]
  /** Empty when every small group is protected; otherwise what could not be fixed. */
  readonly atomViolations: readonly AtomViolation[]
  readonly rounds: number
  readonly solves: number
}

const MAX_ROUNDS = 500

/** What else suppressSecondary protects, and how. */
export interface SuppressionOptions {
  /** The atom space of the tables (default: built from them). */
  readonly space?: AtomSpace
  /** The small groups (countSmallAtoms) to protect besides the primary cells. */
  readonly small?: SmallAtoms
  /**
   * `auto` (default): the fewest cells (suppressOptimally) for a family small enough, else the
   * heuristics; `heuristic`: the heuristics always (their own tests).
   */
  readonly method?: 'auto' | 'heuristic'
}

const atomId = (atom: number) => `atom\u0000${atom}`

/**
 * Secondary (complementary) suppression. A family of up to MAX_CANDIDATES published cells of new
 * tables gets the fewest cells withheld (suppressOptimally); a larger one (or `method:
 * 'heuristic'`) the heuristics, where heuristics propose and the LP audit decides. First, each
 * primary cell of each new table gets the cheapest hypercube of withheld cells that lets it move by
 * the protection range both ways (protectWithHypercubes), and no line (a margin and the cells it
 * adds up, along one dimension) may hold exactly one withheld cell — the cheapest published cell
 * of such a line is withheld too. Then the LP audit (auditIntervals) bounds every withheld cell of
 * the family, new and earlier tables together. For each primary cell still too narrowly known
 * (tables that share its data, a cell with no cube), the cheapest published cell of the new
 * release that shares atoms with it (preferring its own lines) is withheld, and only those cells
 * are audited again (a suppression only widens intervals; an LP component whose equations did not
 * change keeps its results), until none is; then a last audit bounds every withheld cell again,
 * and its intervals are the ones returned and checked. Cost: suppressionCost. Small groups
 * (`options.small`, countSmallAtoms) are audited and repaired like primary cells. Cells of earlier
 * releases are never changed; a problem only they could fix is returned as a violation.
 *
 * @example const { violations } = suppressSecondary(highs, [...newTables, ...earlierTables], 5)
 */
export function suppressSecondary(
  highs: Highs,
  tables: readonly AuditTable[],
  range: number,
  onRound: (round: number, solves: number) => void = () => undefined,
  options: SuppressionOptions = {},
): Protection {
  const fresh = tables.filter((t) => t.isNew)
  const space = options.space ?? createAtomSpace(tables)
  const small = options.small ?? NO_SMALL_ATOMS
  const checked = [...small.small.keys()]
  const atomCache = new Map<string, number[]>()
  const atomsOf = (t: AuditTable, i: number) => {
    const id = `${t.id}\u0000${i}`
    let atoms = atomCache.get(id)
    // Stryker disable next-line ConditionalExpression: a cache only: a cell's atoms depend on its key and the atom space, which do not change during the suppression
    if (!atoms) atomCache.set(id, (atoms = space.atomsOf(t, (t.cells[i] as AuditCell).key)))
    return atoms
  }
  // A family small enough gets the fewest cells withheld; the heuristics below are for the rest.
  if (options.method !== 'heuristic') {
    const optimal = suppressOptimally(highs, tables, range, { space, small, atomsOf }, onRound)
    if (optimal) return optimal
  }
  let solves = 0
  const cache: AuditCache = new Map()
  const id = (t: AuditTable, i: number) => `${t.id}\u0000${i}`
  for (const t of fresh) protectWithHypercubes(t, range)
  // Which cells a round audits: every withheld cell first (hypercubes usually leave nothing to
  // repair), then only the primary cells still too narrowly known (a suppression only widens
  // intervals), then, once none is, every withheld cell again.
  let check: Set<string> | 'all' = 'all'
  for (let round = 1; ; round++) {
    for (const t of fresh) closeLines(t)
    const scope = check
    const audit = auditIntervals(highs, tables, {
      cache,
      space,
      atoms: checked,
      only: (t, i) => scope === 'all' || scope.has(id(t, i)),
      onlyAtom: (a) => scope === 'all' || scope.has(atomId(a)),
    })
    solves += audit.solves
    onRound(round, solves)
    const violations = findViolations(audit.intervals, range)
    const atomViolations = findAtomViolations(audit.atoms, small, range)
    const found = violations.length + atomViolations.length
    if (found === 0 && scope === 'all')
      return { audit, violations, atomViolations, rounds: round, solves }
    if (found === 0) {
      check = 'all'
      continue
    }
    if (round >= MAX_ROUNDS) return { audit, violations, atomViolations, rounds: round, solves }
    const unfixed: Violation[] = []
    const unfixedAtoms: AtomViolation[] = []
    let progressed = false
    // A cell withheld here is no longer published, so no later violation of the round picks it.
    const withhold = (pick: { table: AuditTable; cell: number }) => {
      ;(pick.table.cells[pick.cell] as AuditCell).status = 'suppressed-secondary'
      progressed = true
    }
    for (const v of violations) {
      const key = (v.table.cells[v.cell] as AuditCell).key
      const pick = cheapestPartner(atomsOf(v.table, v.cell), { table: v.table, key })
      if (pick === undefined) unfixed.push(v)
      else withhold(pick)
    }
    for (const v of atomViolations) {
      const pick = cheapestPartner(v.members)
      if (pick === undefined) unfixedAtoms.push(v)
      else withhold(pick)
    }
    if (!progressed)
      return { audit, violations: unfixed, atomViolations: unfixedAtoms, rounds: round, solves }
    check = new Set([
      ...violations.map((v) => id(v.table, v.cell)),
      ...atomViolations.map((v) => atomId(v.atom)),
    ])
  }

  /**
   * The cheapest published cell of a new table that takes part in recovering the target (a
   * violated cell, or an atom): on a line of the cell (preferred), else sharing an atom with it,
   * else sharing an atom with a published figure that overlaps it (the figures it is subtracted
   * from, and what is subtracted: a margin two other cells give away).
   */
  function cheapestPartner(
    target: readonly number[],
    cell?: { table: AuditTable; key: readonly string[] },
  ): { table: AuditTable; cell: number } | undefined {
    const own = new Set(target)
    const pick = (near: (t: AuditTable, i: number) => boolean) => {
      let best: { table: AuditTable; cell: number; cost: number } | undefined
      for (const t of fresh)
        t.cells.forEach((c, i) => {
          if (isSuppressed(c)) return
          const sameLine = t === cell?.table && differsInOne(c.key, cell.key)
          const cost = (sameLine ? 0 : 1e12) + cellCost(c.key, c.value)
          if (best !== undefined && cost >= best.cost) return
          if (sameLine || near(t, i)) best = { table: t, cell: i, cost }
        })
      return best
    }
    const close = pick((t, i) => atomsOf(t, i).some((a) => own.has(a)))
    if (close) return close
    const reach = new Set(own)
    for (const t of tables)
      t.cells.forEach((c, i) => {
        if (isSuppressed(c)) return
        const atoms = atomsOf(t, i)
        if (atoms.some((a) => own.has(a))) for (const a of atoms) reach.add(a)
      })
    return pick((t, i) => atomsOf(t, i).some((a) => reach.has(a)))
  }
}

/** Withholds cells until no line of the table has exactly one withheld cell. */
function closeLines(table: AuditTable): void {
  const dims = table.dimensions.length
  for (let changed = true; changed;) {
    changed = false
    for (let p = 0; p < dims; p++) {
      const lines = new Map<string, number[]>()
      table.cells.forEach((c, i) => {
        const rest = c.key.filter((_, j) => j !== p).join('\u0000')
        const line = lines.get(rest) ?? []
        line.push(i)
        lines.set(rest, line)
      })
      for (const line of lines.values()) {
        const withheld = line.filter((i) => isSuppressed(table.cells[i] as AuditCell))
        if (withheld.length !== 1) continue
        let best: number | undefined
        let bestCost = Number.POSITIVE_INFINITY
        for (const i of line) {
          const c = table.cells[i] as AuditCell
          if (isSuppressed(c)) continue
          const cost = cellCost(c.key, c.value)
          if (cost < bestCost) [best, bestCost] = [i, cost]
        }
        if (best !== undefined) {
          ;(table.cells[best] as AuditCell).status = 'suppressed-secondary'
          changed = true
        }
      }
    }
  }
}

function differsInOne(a: readonly string[], b: readonly string[]): boolean {
  let n = 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++
  return n === 1
}
