import type { Highs } from 'highs'
import { AppError } from '../lib/app-error.js'
import { createAtomSpace } from './atom-space.js'
import { isSuppressed } from './audit-table.js'
import type { AuditTable } from './audit-table.js'

/** What an attacker can tell of one withheld cell: the range of values it can take. */
export interface CellInterval {
  readonly table: AuditTable
  readonly cell: number
  /** Smallest and largest value consistent with everything published (±Infinity: unbounded). */
  readonly low: number
  readonly high: number
}

/** The intervals of an audit, and how many linear programs it solved. */
export interface AuditResult {
  readonly intervals: CellInterval[]
  readonly solves: number
}

/**
 * The feasibility interval of every suppressed cell of a family of tables: min and max of the
 * cell over every non-negative assignment of the atoms (createAtomSpace) that reproduces every
 * published figure of every table — the attacker's linear program, solved with HiGHS. Atoms fixed
 * by the published figures (a published zero, a published finest cell) are substituted first; the
 * rest splits into independent components, each one model that is re-solved for each objective
 * from its previous basis. Bounds are rounded inwards to whole numbers (counts are whole).
 * Throws DISCLOSURE_RISK when the published figures contradict each other (the data changed
 * between releases): no audit is possible then.
 *
 * @example const { intervals } = auditIntervals(highs, tables)
 */
export function auditIntervals(highs: Highs, tables: readonly AuditTable[]): AuditResult {
  const space = createAtomSpace(tables)
  const fixed = new Map<number, number>()
  const published: { atoms: number[]; value: number }[] = []
  const objectives: { table: AuditTable; cell: number; atoms: number[] }[] = []
  for (const table of tables) {
    table.cells.forEach((cell, i) => {
      const atoms = space.atomsOf(table, cell.key)
      if (isSuppressed(cell)) objectives.push({ table, cell: i, atoms })
      else published.push({ atoms, value: cell.value ?? 0 })
    })
  }
  for (const p of published) {
    if (p.value === 0) for (const a of p.atoms) fixed.set(a, 0)
    else if (p.atoms.length === 1) fixed.set(p.atoms[0] as number, p.value)
  }

  // Rows on free atoms only, and union-find over the atoms they link.
  const parent = new Map<number, number>()
  const find = (a: number): number => {
    let r = a
    while (parent.get(r) !== r) r = parent.get(r) as number
    let x = a
    while (x !== r) {
      const next = parent.get(x) as number
      parent.set(x, r)
      x = next
    }
    return r
  }
  const addAtom = (a: number) => {
    if (!parent.has(a)) parent.set(a, a)
  }
  const rows: { atoms: number[]; rhs: number }[] = []
  for (const p of published) {
    let rhs = p.value
    const free: number[] = []
    for (const a of p.atoms) {
      const f = fixed.get(a)
      if (f === undefined) free.push(a)
      else rhs -= f
    }
    if (free.length === 0) {
      if (Math.abs(rhs) > 1e-9) contradiction()
      continue
    }
    rows.push({ atoms: free, rhs })
    for (const a of free) addAtom(a)
    for (const a of free.slice(1)) parent.set(find(a), find(free[0] as number))
  }

  // Group rows and objective parts by component.
  const components = new Map<number, { rows: typeof rows; atoms: Set<number> }>()
  const component = (root: number) => {
    let c = components.get(root)
    if (!c) components.set(root, (c = { rows: [], atoms: new Set() }))
    return c
  }
  for (const row of rows) {
    const c = component(find(row.atoms[0] as number))
    c.rows.push(row)
    for (const a of row.atoms) c.atoms.add(a)
  }
  const low = new Array<number>(objectives.length).fill(0)
  const high = new Array<number>(objectives.length).fill(0)
  const parts = new Map<number, { objective: number; atoms: number[] }[]>()
  objectives.forEach((o, i) => {
    const byRoot = new Map<number, number[]>()
    for (const a of o.atoms) {
      const f = fixed.get(a)
      if (f !== undefined) {
        low[i] = (low[i] as number) + f
        high[i] = (high[i] as number) + f
      } else if (!parent.has(a)) {
        // An atom no published figure constrains: anything from 0 up.
        high[i] = Number.POSITIVE_INFINITY
      } else {
        const root = find(a)
        byRoot.set(root, [...(byRoot.get(root) ?? []), a])
      }
    }
    for (const [root, atoms] of byRoot) {
      const list = parts.get(root) ?? []
      list.push({ objective: i, atoms })
      parts.set(root, list)
    }
  })

  let solves = 0
  for (const [root, list] of parts) {
    const c = components.get(root)
    if (!c) continue
    const columns = [...c.atoms]
    const col = new Map(columns.map((a, i) => [a, i]))
    const starts = [0]
    const indices: number[] = []
    for (const row of c.rows) {
      for (const a of row.atoms) indices.push(col.get(a) as number)
      starts.push(indices.length)
    }
    const model = highs.createModel({
      numCols: columns.length,
      numRows: c.rows.length,
      colCost: new Array<number>(columns.length).fill(0),
      colLower: new Array<number>(columns.length).fill(0),
      colUpper: new Array<number>(columns.length).fill(highs.infinity),
      rowLower: c.rows.map((r) => r.rhs),
      rowUpper: c.rows.map((r) => r.rhs),
      matrix: {
        format: 'csr',
        numRows: c.rows.length,
        numCols: columns.length,
        starts,
        indices,
        values: new Array<number>(indices.length).fill(1),
      },
    })
    try {
      model.options.set({ output_flag: false })
      let previous: number[] = []
      for (const part of list) {
        for (const j of previous) model.changeColCost(j, 0)
        previous = part.atoms.map((a) => col.get(a) as number)
        for (const j of previous) model.changeColCost(j, 1)
        for (const sense of ['minimize', 'maximize'] as const) {
          model.changeObjectiveSense(highs.constants.objectiveSense[sense])
          model.run()
          solves++
          const status = model.getModelStatus()
          const target = sense === 'minimize' ? low : high
          if (status === highs.constants.modelStatus.optimal) {
            target[part.objective] = (target[part.objective] as number) + model.getObjectiveValue()
          } else if (
            sense === 'maximize' &&
            (status === highs.constants.modelStatus.unbounded ||
              status === highs.constants.modelStatus.unboundedOrInfeasible)
          ) {
            // Minimising found a feasible point first, so this is unbounded, not infeasible.
            target[part.objective] = Number.POSITIVE_INFINITY
          } else if (
            status === highs.constants.modelStatus.infeasible ||
            status === highs.constants.modelStatus.unboundedOrInfeasible
          ) {
            contradiction()
          } else {
            throw new AppError('INTERNAL', `the audit's solver stopped with status ${status}.`)
          }
        }
      }
    } finally {
      model.dispose()
    }
  }
  return {
    solves,
    intervals: objectives.map((o, i) => ({
      table: o.table,
      cell: o.cell,
      low: Math.ceil((low[i] as number) - 1e-6) + 0,
      high: Number.isFinite(high[i])
        ? Math.floor((high[i] as number) + 1e-6)
        : Number.POSITIVE_INFINITY,
    })),
  }
}

function contradiction(): never {
  throw new AppError(
    'DISCLOSURE_RISK',
    'the figures of this release and of earlier releases of the same data contradict each other (the data changed since: late events, a purge, an erasure), so the audit cannot bound what they reveal together.',
    {
      details: [
        're-publish an earlier release unchanged (it is re-served), or publish this data with mechanism: dp.',
      ],
    },
  )
}
