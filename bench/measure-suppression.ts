import type { Highs } from 'highs'
import { createSeededRandom } from '../src/lib/seeded-random.js'
import type { AuditTable } from '../src/publish/audit-table.js'
import { suppressSecondary } from '../src/publish/suppress-secondary.js'
import { gridTable } from '../test/helpers/grid-table.js'
import { optimalSuppression } from './optimal-suppression.js'

/** What the engine withheld against the optimum, over a set of small tables. */
export interface SuppressionAgainstOptimum {
  readonly tables: number
  /** Secondary suppressions the engine made, all tables together. */
  readonly engine: number
  /** The fewest that protect every primary cell (optimalSuppression), all tables together. */
  readonly optimum: number
  /** The tables where the engine withheld more than the optimum. */
  readonly worse: number
  /** What the heuristics alone withhold (the method of tables past suppressOptimally's size). */
  readonly heuristic: number
}

/**
 * Secondary suppressions of the engine (suppressSecondary, as a release makes them) against the
 * exact optimum, on `count` small 2-dimensional tables (3–5 × 3–5 with margins, Zipf-like counts,
 * k = 5, range 3) drawn from `seed`: the figure of docs/benchmarks.md, part 5.
 *
 * @example measureSuppression(highs, 40, 1) // { tables: 40, engine: 135, optimum: 135, worse: 0, heuristic: 250 }
 */
export function measureSuppression(
  highs: Highs,
  count: number,
  seed: number,
): SuppressionAgainstOptimum {
  const random = createSeededRandom(seed)
  const k = 5
  const range = 3
  let engine = 0
  let optimum = 0
  let worse = 0
  let heuristic = 0
  for (let n = 0; n < count; n++) {
    const rows = 3 + Math.floor(random() * 3)
    const cols = 3 + Math.floor(random() * 3)
    const values: Record<string, number> = {}
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        values[`r${r}|c${c}`] = Math.floor((30 / (r + 1) / (c + 1)) * random())
    const table = (): AuditTable => {
      const t = gridTable(`bench/t${n}`, ['row', 'col'], values, {})
      for (const cell of t.cells)
        if ((cell.value as number) > 0 && (cell.value as number) < k)
          cell.status = 'suppressed-primary'
      return t
    }
    const secondary = (t: AuditTable) =>
      t.cells.filter((c) => c.status === 'suppressed-secondary').length
    const made = table()
    if (suppressSecondary(highs, [made], range).violations.length > 0)
      throw new Error(`table ${n}: the engine refused a table it can protect`)
    const alone = table()
    suppressSecondary(highs, [alone], range, undefined, { method: 'heuristic' })
    const best = optimalSuppression(highs, table(), range).withheld
    engine += secondary(made)
    heuristic += secondary(alone)
    optimum += best
    if (secondary(made) > best) worse++
  }
  return { tables: count, engine, optimum, worse, heuristic }
}
