import type { Highs } from 'highs'
import type { AtomSpace } from './atom-space.js'
import { auditIntervals } from './audit-intervals.js'
import { isSuppressed } from './audit-table.js'
import type { AuditCell, AuditTable } from './audit-table.js'
import type { SmallAtoms } from './count-small-atoms.js'
import { findAtomViolations, findViolations } from './find-violations.js'
import type { AtomViolation, Violation } from './find-violations.js'
import type { Protection } from './suppress-secondary.js'
import { suppressionCost } from './suppression-cost.js'

/** The most published cells of new tables this method chooses among (beyond: the heuristics). */
export const MAX_CANDIDATES = 400

/** The most choose-and-audit rounds before it leaves the family to the heuristics. */
const MAX_ROUNDS = 60

/**
 * Secondary suppression as an optimisation, for a family small enough: the fewest published cells
 * of the new tables to withhold (the cheapest among equals, suppressionCost) so that the audit
 * finds no primary cell and no small group known too closely, over every table linked.
 *
 * Constraint generation. A MIP (HiGHS) picks the cells to withhold, subject to the cuts found so
 * far; the audit (auditIntervals) checks the pick. For each figure still known too closely, an
 * attacker's LP over the atoms gives the published figures its bound rests on (non-zero duals):
 * while they all stay published the same bound holds, whatever else is withheld, so at least one
 * of them must be — a cut valid for every protecting pattern. The first pick the audit accepts is
 * therefore the fewest cells. A figure whose bound rests on earlier releases' figures only cannot
 * be protected by this release: it is returned, and the release refused.
 *
 * Returns undefined when the family is too large (MAX_CANDIDATES) or the rounds run out
 * (MAX_ROUNDS): the heuristics then decide, as for large tables.
 *
 * @example const protection = suppressOptimally(highs, tables, 2, { space, small, atomsOf }, onRound)
 */
export function suppressOptimally(
  highs: Highs,
  tables: readonly AuditTable[],
  range: number,
  family: {
    readonly space: AtomSpace
    readonly small: SmallAtoms
    /** A cell's atoms (suppressSecondary's cache of `space.atomsOf`). */
    readonly atomsOf: (t: AuditTable, i: number) => number[]
  },
  onRound: (round: number, solves: number) => void,
): Protection | undefined {
  const { space, small, atomsOf } = family
  const checked = [...small.small.keys()]
  const cellsOf = (t: AuditTable) => t.cells.map((c, i) => ({ table: t, cell: i, c }))
  const candidates = tables
    .filter((t) => t.isNew)
    .flatMap(cellsOf)
    .filter(({ c }) => !isSuppressed(c))
  if (candidates.length > MAX_CANDIDATES) return undefined
  const cuts = lineCuts(tables, candidates)
  let solves = 0
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const chosen = choose(highs, candidates, cuts)
    for (const [n, { c }] of candidates.entries())
      c.status = chosen.has(n) ? 'suppressed-secondary' : 'published'
    const audit = auditIntervals(highs, tables, { space, atoms: checked })
    solves += audit.solves
    onRound(round, solves)
    const violations = findViolations(audit.intervals, range)
    const atomViolations = findAtomViolations(audit.atoms, small, range)
    if (violations.length + atomViolations.length === 0)
      return { audit, violations, atomViolations, rounds: round, solves }
    const unfixed: Violation[] = []
    const unfixedAtoms: AtomViolation[] = []
    const published = tables.flatMap(cellsOf).filter(({ c }) => !isSuppressed(c))
    const cutFor = (target: readonly number[], senses: readonly ('min' | 'max')[]) => {
      const rests = new Set(
        senses.flatMap((sense) => bindingCells(highs, published, atomsOf, target, sense)),
      )
      const resting = new Set([...rests].map((r) => published[r]?.c))
      return candidates.flatMap((cand, n) => (resting.has(cand.c) ? [n] : []))
    }
    for (const v of violations) {
      const cut = cutFor(atomsOf(v.table, v.cell), sensesOf(v.rule))
      if (cut.length === 0) unfixed.push(v)
      else cuts.push(cut)
    }
    for (const v of atomViolations) {
      const cut = cutFor(v.members, sensesOf(v.rule))
      if (cut.length === 0) unfixedAtoms.push(v)
      else cuts.push(cut)
    }
    if (unfixed.length + unfixedAtoms.length > 0)
      return { audit, violations: unfixed, atomViolations: unfixedAtoms, rounds: round, solves }
  }
  for (const { c } of candidates) c.status = 'published'
  return undefined
}

/**
 * The cuts known before any audit: a primary cell whose line (the cells that differ from it in one
 * dimension, its margin included) holds no other withheld cell is its margin minus the others, so
 * one of them must be withheld.
 */
function lineCuts(
  tables: readonly AuditTable[],
  candidates: readonly { table: AuditTable; cell: number }[],
): number[][] {
  const index = new Map(candidates.map((c, n) => [`${c.table.id}\u0000${c.cell}`, n]))
  const cuts: number[][] = []
  for (const t of tables.filter((t) => t.isNew))
    t.cells.forEach((p, i) => {
      if (p.status !== 'suppressed-primary') return
      for (let d = 0; d < t.dimensions.length; d++) {
        const line = t.cells.flatMap((c, j) =>
          j !== i && c.key.every((v, e) => e === d || v === p.key[e]) ? [j] : [],
        )
        const cut = line.map((j) => index.get(`${t.id}\u0000${j}`))
        if (cut.length > 0 && cut.every((n) => n !== undefined)) cuts.push(cut)
      }
    })
  return cuts
}

/** Which bound a rule found too close: the upper one, the lower one, or both (the width). */
function sensesOf(rule: Violation['rule']): ('min' | 'max')[] {
  if (rule === 'lower-protection') return ['min']
  if (rule === 'protection-width') return ['min', 'max']
  return ['max']
}

/**
 * The fewest candidates (then the cheapest) that meet every cut: each cut a set of which at least
 * one must be withheld. The indices chosen.
 */
function choose(
  highs: Highs,
  candidates: readonly { c: AuditCell }[],
  cuts: readonly number[][],
): Set<number> {
  if (cuts.length === 0) return new Set()
  const costs = candidates.map(({ c }) => suppressionCost(c.key, c.value))
  const total = costs.reduce((a, b) => a + b, 0) + 1
  // Each cell weighs 1 and a little more for its cost: fewer cells first, then cheaper ones.
  const y = (n: number) => `y${n}`
  const lp = [
    'Minimize',
    ` obj: ${candidates.map((_, n) => `${1 + (costs[n] as number) / total} ${y(n)}`).join(' + ')}`,
    'Subject To',
    ...cuts.map((cut, k) => ` c${k}: ${cut.map(y).join(' + ')} >= 1`),
    'Binary',
    ...candidates.map((_, n) => ` ${y(n)}`),
    'End',
  ].join('\n')
  const result = highs.solve(lp)
  if (result.Status !== 'Optimal') throw new Error(`suppression MIP: ${result.Status}`)
  const columns = result.Columns as Record<string, { Primal: number }>
  return new Set(
    candidates.flatMap((_, n) => (Math.round(columns[y(n)]?.Primal ?? 0) === 1 ? [n] : [])),
  )
}

/**
 * The published cells (indices into `published`) the attacker's bound on `target` rests on: the
 * rows of the min or max LP with a non-zero dual.
 */
function bindingCells(
  highs: Highs,
  published: readonly { table: AuditTable; cell: number; c: AuditCell }[],
  atomsOf: (t: AuditTable, i: number) => number[],
  target: readonly number[],
  sense: 'min' | 'max',
): number[] {
  const x = (a: number) => `x${a}`
  // A figure that adds up no atom (a device outside the classes) bounds nothing: no row.
  const rows = published
    .map(({ table, cell, c }, n) => ({ n, atoms: atomsOf(table, cell), value: c.value ?? 0 }))
    .filter((r) => r.atoms.length > 0)
  const used = new Set([...target, ...rows.flatMap((r) => r.atoms)])
  const lp = [
    sense === 'min' ? 'Minimize' : 'Maximize',
    ` obj: ${target.map(x).join(' + ')}`,
    'Subject To',
    ...rows.map((r, k) => ` r${k}: ${r.atoms.map(x).join(' + ')} = ${r.value}`),
    'Bounds',
    ...[...used].map((a) => ` ${x(a)} >= 0`),
    'End',
  ].join('\n')
  const result = highs.solve(lp)
  if (result.Status !== 'Optimal') return []
  const duals = result.Rows as { Dual?: number }[]
  return rows.flatMap((r, k) => (Math.abs(duals[k]?.Dual ?? 0) > 1e-9 ? [r.n] : []))
}
