import type { AuditTable } from './audit-table.js'
import { isSuppressed } from './audit-table.js'
import { TOTAL } from './published-table.js'
import { suppressionCost } from './suppression-cost.js'

/**
 * The most corner choices weighed per primary cell (a 30 × 25 × 12 table has 9,000, all weighed):
 * past it, each dimension keeps its cheapest, so that a large 4-dimensional table stays quick.
 */
const MAX_CUBES = 10_000

/**
 * Secondary suppression by the hypercube method (Repsilber's GHMITER, as in τ-ARGUS and in
 * sdcTable's `protectTable(method = "HYPERCUBE")`): each primary cell of a table of n dimensions
 * is made the corner of a hypercube of 2ⁿ withheld cells — along each dimension, its own value
 * and one other (a value or the margin `*`). Adding d to the corners whose sign is + and
 * subtracting it from the others leaves every published figure unchanged (along a line, two
 * values move in opposite ways; a value and its margin move together), so an attacker cannot tell
 * the cell from x + d or x − d as long as no corner goes below 0. A cube is kept only if it moves
 * the cell both ways by the protection range: up by r (the corners moving down hold at least r)
 * and down by min(x, r) (the corners moving with the cell hold at least that). Of those, the
 * cheapest (suppressionCost of the corners still published) is withheld. Primary cells are taken
 * largest first; a cube found for one serves the next for free.
 *
 * Only a sufficient condition, for this table alone: the LP audit (auditIntervals) still judges,
 * and repairs what tables of the same data (earlier releases, other tables) reveal together. A
 * primary cell with no such cube is left to that repair. Returns how many cells it withheld, and
 * the primary cells it found no cube for.
 *
 * @example protectWithHypercubes(table, 5) // { withheld: 14, unprotected: [] }
 */
export function protectWithHypercubes(
  table: AuditTable,
  range: number,
): { withheld: number; unprotected: number[] } {
  const n = table.dimensions.length
  const primaries = table.cells
    .map((c, i) => i)
    .filter((i) => table.cells[i]?.status === 'suppressed-primary')
  if (n === 0) return { withheld: 0, unprotected: primaries }
  // Coordinates: per dimension, each value seen (the margin `*` included) gets an index.
  const coordinates = Array.from({ length: n }, () => new Map<string, number>())
  for (const cell of table.cells)
    cell.key.forEach((v, j) => {
      const m = coordinates[j] as Map<string, number>
      if (!m.has(v)) m.set(v, m.size)
    })
  const isTotal = coordinates.map((m) => {
    const flags = new Uint8Array(m.size)
    for (const [v, i] of m) flags[i] = v === TOTAL ? 1 : 0
    return flags
  })
  const strides: number[] = []
  let size = 1
  for (let j = n - 1; j >= 0; j--) {
    strides[j] = size
    size *= (coordinates[j] as Map<string, number>).size
  }
  // Stryker disable next-line UnaryOperator: no place stays unfilled: the tables protected are a release's new ones (buildExactTable), which hold a cell for every combination of their values and margins
  const cellAt = new Int32Array(size).fill(-1)
  const place = table.cells.map((cell) => {
    let flat = 0
    cell.key.forEach((v, j) => {
      flat += ((coordinates[j] as Map<string, number>).get(v) as number) * (strides[j] as number)
    })
    return flat
  })
  place.forEach((flat, i) => (cellAt[flat] = i))
  const value = (i: number) => table.cells[i]?.value ?? -1
  const cost = table.cells.map((c) => suppressionCost(c.key, c.value))
  const costOf = (i: number) =>
    isSuppressed(table.cells[i] as AuditTable['cells'][number]) ? 0 : (cost[i] as number)

  primaries.sort((a, b) => value(b) - value(a))
  let withheld = 0
  const unprotected: number[] = []
  for (const primary of primaries) {
    const cube = cheapestCube(primary)
    if (cube === undefined) {
      unprotected.push(primary)
      continue
    }
    for (const i of cube) {
      const cell = table.cells[i] as AuditTable['cells'][number]
      if (isSuppressed(cell)) continue
      cell.status = 'suppressed-secondary'
      withheld++
    }
  }
  return { withheld, unprotected }

  /** The corners of the cheapest hypercube that protects `primary`, or undefined. */
  function cheapestCube(primary: number): number[] | undefined {
    const x = value(primary)
    const up = range
    const down = Math.min(x, range)
    const origin = place[primary] as number
    const own = Array.from(
      { length: n },
      (_, j) =>
        Math.floor(origin / (strides[j] as number)) % (coordinates[j] as Map<string, number>).size,
    )
    // Per dimension, the other coordinates whose neighbour of the primary cell can move enough,
    // cheapest neighbour first; each with the sign its corners take (+ along a margin).
    const choices = own.map((p, j) => {
      const list: { step: number; sign: number; cost: number }[] = []
      const count = (coordinates[j] as Map<string, number>).size
      for (let o = 0; o < count; o++) {
        if (o === p) continue
        const step = (o - p) * (strides[j] as number)
        const sign = (isTotal[j] as Uint8Array)[p] || (isTotal[j] as Uint8Array)[o] ? 1 : -1
        const neighbour = cellAt[origin + step] as number
        if (neighbour < 0 || value(neighbour) < (sign < 0 ? up : down)) continue
        list.push({ step, sign, cost: costOf(neighbour) })
      }
      return list.sort((a, b) => a.cost - b.cost)
    })
    let product = choices.reduce((p, l) => p * l.length, 1)
    // Stryker disable next-line ConditionalExpression: a shortcut only; with a dimension of no choice the search below finds no cube either, and returns undefined
    if (product === 0) return undefined
    while (product > MAX_CUBES) {
      const longest = choices.reduce((a, b) => (b.length > a.length ? b : a))
      product = (product / longest.length) * Math.ceil(longest.length / 2)
      longest.length = Math.ceil(longest.length / 2)
    }

    // Depth-first over dimensions: after choosing dimension j's other coordinate, the corners
    // whose last differing dimension is j are known cells; check them and prune on cost.
    let best: number[] | undefined
    let bestCost = Number.POSITIVE_INFINITY
    const offsets: number[] = [0]
    const signs: number[] = [1]
    const corners: number[] = [primary]
    const visit = (j: number, spent: number) => {
      if (spent >= bestCost) return
      if (j === n) {
        best = [...corners]
        bestCost = spent
        return
      }
      const half = offsets.length
      for (const choice of choices[j] as (typeof choices)[number]) {
        let extra = 0
        let ok = true
        for (let c = 0; c < half; c++) {
          const corner = cellAt[origin + (offsets[c] as number) + choice.step] as number
          // Stryker disable next-line ArithmeticOperator: signs are 1 or −1, so dividing by one is multiplying by it
          const sign = (signs[c] as number) * choice.sign
          // Stryker disable next-line EqualityOperator: a sign is 1 or −1, never 0, so `sign <= 0` is `sign < 0`. The other EqualityOperator mutants of this line are killed (corner <= 0 by 'the first cell of a table as a corner', the rest by the worked examples) and hidden by this rule
          if (corner < 0 || value(corner) < (sign < 0 ? up : down)) {
            ok = false
            break
          }
          offsets.push((offsets[c] as number) + choice.step)
          signs.push(sign)
          corners.push(corner)
          extra += costOf(corner)
        }
        if (ok) visit(j + 1, spent + extra)
        offsets.length = half
        signs.length = half
        corners.length = half
      }
    }
    visit(0, 0)
    return best
  }
}
