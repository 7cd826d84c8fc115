import type { Highs } from 'highs'
import { createAtomSpace } from '../src/publish/atom-space.js'
import type { AuditTable } from '../src/publish/audit-table.js'

/**
 * The fewest cells to withhold, besides the primary ones, so that every primary cell of one table
 * keeps its protection range (docs/publish.md): the exact optimum the engine's heuristics are
 * measured against, for tables small enough.
 *
 * Constraint generation. A MIP (HiGHS) picks the fewest published cells to withhold subject to the
 * cuts found so far; the attacker's LP (min and max of each primary cell over non-negative atoms
 * meeting every figure still published) checks the pick. When a primary cell is known too
 * closely, the bound rests on the figures whose rows carry a non-zero dual: as long as they all
 * stay published, the same bound holds whatever else is withheld, so at least one of them must be
 * withheld — a cut valid for every protecting pattern. The first pick that protects every primary
 * cell is therefore optimal.
 *
 * @example optimalSuppression(highs, table, 2) // { withheld: 3, rounds: 2 }
 */
export function optimalSuppression(
  highs: Highs,
  table: AuditTable,
  range: number,
): { withheld: number; rounds: number } {
  const space = createAtomSpace([table])
  const atoms = table.cells.map((c) => space.atomsOf(table, c.key))
  const primary = table.cells.flatMap((c, i) => (c.status === 'suppressed-primary' ? [i] : []))
  const candidates = table.cells.flatMap((c, i) => (c.status === 'suppressed-primary' ? [] : [i]))
  const cuts: number[][] = []
  for (let round = 1; ; round++) {
    const withheld = pick(highs, candidates, cuts)
    const published = candidates.filter((i) => !withheld.has(i))
    const found = primary.flatMap((p) => attack(highs, table, atoms, published, p, range))
    if (found.length === 0) return { withheld: withheld.size, rounds: round }
    for (const cut of found) {
      if (cut.length === 0)
        throw new Error('a primary cell is known too closely from no published figure')
      cuts.push(cut)
    }
  }
}

/** The fewest candidates meeting every cut (each: withhold at least one of these cells). */
function pick(highs: Highs, candidates: readonly number[], cuts: readonly number[][]): Set<number> {
  if (cuts.length === 0) return new Set()
  const y = (i: number) => `y${i}`
  const lp = [
    'Minimize',
    ` obj: ${candidates.map(y).join(' + ')}`,
    'Subject To',
    ...cuts.map((cut, k) => ` c${k}: ${cut.map(y).join(' + ')} >= 1`),
    'Binary',
    ...candidates.map((i) => ` ${y(i)}`),
    'End',
  ].join('\n')
  const result = highs.solve(lp)
  if (result.Status !== 'Optimal') throw new Error(`optimal suppression MIP: ${result.Status}`)
  return new Set(
    candidates.filter((i) => Math.round((result.Columns[y(i)] as { Primal: number }).Primal) === 1),
  )
}

/**
 * The attacker's bounds on primary cell `p` from the published cells; when they break the
 * protection range, the cells the breaking bound rests on (one cut), else nothing.
 */
function attack(
  highs: Highs,
  table: AuditTable,
  atoms: readonly number[][],
  published: readonly number[],
  p: number,
  range: number,
): number[][] {
  const x = table.cells[p]?.value as number
  const used = [...new Set(published.flatMap((i) => atoms[i] as number[]))]
  const name = (a: number) => `x${a}`
  const target = (atoms[p] as number[]).map(name)
  const solve = (sense: 'Minimize' | 'Maximize') => {
    const lp = [
      sense,
      ` obj: ${target.join(' + ')}`,
      'Subject To',
      ...published.map(
        (i, r) =>
          ` r${r}: ${(atoms[i] as number[]).map(name).join(' + ')} = ${table.cells[i]?.value ?? 0}`,
      ),
      'Bounds',
      ...[...new Set([...used, ...(atoms[p] as number[])])].map((a) => ` ${name(a)} >= 0`),
      'End',
    ].join('\n')
    const result = highs.solve(lp)
    if (result.Status === 'Unbounded') return { value: Number.POSITIVE_INFINITY, rests: [] }
    if (result.Status !== 'Optimal') throw new Error(`attacker LP: ${result.Status}`)
    const rows = result.Rows as { Dual?: number }[]
    return {
      value: result.ObjectiveValue,
      rests: published.filter((_, r) => Math.abs(rows[r]?.Dual ?? 0) > 1e-9),
    }
  }
  const high = solve('Maximize')
  if (high.value < x + range - 1e-6) return [high.rests]
  const low = solve('Minimize')
  if (low.value > Math.max(0, x - range) + 1e-6) return [low.rests]
  return []
}
