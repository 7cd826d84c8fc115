import type { Highs } from 'highs'
import { AppError } from '../lib/app-error.js'
import { createAtomSpace } from './atom-space.js'
import type { AtomSpace } from './atom-space.js'
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

/**
 * What an attacker can tell of one small group: an atom asked for (the finest group:
 * createAtomSpace) with every atom that lies in exactly the same published figures, since no
 * figure tells them apart (a withheld cell does not).
 */
export interface AtomInterval {
  /** The atom asked for. */
  readonly atom: number
  /** The group's atoms: `atom` and those no published figure tells apart from it. */
  readonly members: readonly number[]
  readonly low: number
  readonly high: number
}

/** The intervals of an audit, and how many linear programs it solved. */
export interface AuditResult {
  readonly intervals: CellInterval[]
  /** The intervals of the atoms asked for (`AuditOptions.atoms`). */
  readonly atoms: AtomInterval[]
  readonly solves: number
}

/** LP results by component (its canonical equations) and by cell (its atoms there). */
export type AuditCache = Map<string, Map<string, readonly [number, number]>>

/** What an audit solves, and what it may reuse. */
export interface AuditOptions {
  /** The cells to bound (default: every suppressed cell); the others are left out of the result. */
  readonly only?: (table: AuditTable, cell: number) => boolean
  /**
   * Results of earlier audits of the same family, filled by this one: a component whose equations
   * are unchanged since (a suppression elsewhere) keeps its intervals without a solve.
   */
  readonly cache?: AuditCache
  /**
   * Take a bound from any solution that reaches it (default true). False solves a min and a max
   * for every cell: the reference the shortcut is tested against.
   */
  readonly certify?: boolean
  /** The atom space of `tables`, when the caller has it already. */
  readonly space?: AtomSpace
  /**
   * Atoms to bound as well (the small groups no table shows: a difference of cells), each with
   * the atoms no published figure tells apart from it; one interval per such group.
   */
  readonly atoms?: readonly number[]
  /** The atoms to bound among `atoms` (default: all of them). */
  readonly onlyAtom?: (atom: number) => boolean
}

/**
 * The feasibility interval of every suppressed cell of a family of tables: min and max of the
 * cell over every non-negative assignment of the atoms (createAtomSpace) that reproduces every
 * published figure of every table — the attacker's linear program, solved with HiGHS. Atoms fixed
 * by the published figures (a published zero, a published finest cell) are substituted first; the
 * rest splits into independent components, each one model that is re-solved for each objective
 * from its previous basis (presolve off: it would discard the basis). A bound that a solution found
 * on the way already reaches (0, or the smallest published figure holding the whole cell) is not
 * solved again, and a component whose equations are unchanged since an audit sharing `cache` keeps
 * its results. Bounds are rounded inwards to whole numbers (counts are whole).
 * Throws DISCLOSURE_RISK when the published figures contradict each other (the data changed
 * between releases): no audit is possible then.
 *
 * @example const { intervals } = auditIntervals(highs, tables)
 */
export function auditIntervals(
  highs: Highs,
  tables: readonly AuditTable[],
  options: AuditOptions = {},
): AuditResult {
  const certify = options.certify ?? true
  const space = options.space ?? createAtomSpace(tables)
  const fixed = new Map<number, number>()
  const published: { atoms: number[]; value: number }[] = []
  const objectives: ({ table: AuditTable; cell: number } | { atom: number; members: number[] })[] =
    []
  const objectiveAtoms: number[][] = []
  for (const table of tables) {
    table.cells.forEach((cell, i) => {
      const atoms = space.atomsOf(table, cell.key)
      if (isSuppressed(cell)) {
        objectives.push({ table, cell: i })
        objectiveAtoms.push(atoms)
      } else published.push({ atoms, value: cell.value ?? 0 })
    })
  }
  for (const group of joinAlike(options.atoms ?? [], published)) {
    objectives.push(group)
    objectiveAtoms.push(group.members)
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
    // Stryker disable next-line ConditionalExpression: path compression only makes later finds shorter (false skips it, same roots); true never ends, a timeout
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
      // Stryker disable next-line EqualityOperator: published counts are whole, so |rhs| is 0 or at least 1 and >= 1e-9 decides as > 1e-9 (<= is killed by the contradiction tests)
      if (Math.abs(rhs) > 1e-9) contradiction()
      continue
    }
    rows.push({ atoms: free, rhs })
    for (const a of free) addAtom(a)
    // Stryker disable next-line MethodExpression: without slice(1), free[0] is also joined with itself, which changes nothing
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
  const selected = objectives.map((o) =>
    'atom' in o ? (options.onlyAtom?.(o.atom) ?? true) : (options.only?.(o.table, o.cell) ?? true),
  )
  const low = new Array<number>(objectives.length).fill(0)
  const high = new Array<number>(objectives.length).fill(0)
  const parts = new Map<number, { objective: number; atoms: number[] }[]>()
  objectiveAtoms.forEach((atoms, i) => {
    const byRoot = new Map<number, number[]>()
    for (const a of atoms) {
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
  const cache = options.cache
  for (const [root, list] of parts) {
    const c = components.get(root)
    // Stryker disable next-line ConditionalExpression: every root of a part is the root of a row's atoms, so its component exists (`if (!c)` is for noUncheckedIndexedAccess)
    if (!c) continue
    const wanted = list.filter((part) => selected[part.objective])
    // Stryker disable next-line ConditionalExpression: with no part wanted, going on solves nothing (pending is empty) and stores the same cache entry: a shortcut only
    if (wanted.length === 0) continue
    // The component's equations, canonical: unchanged equations give unchanged intervals.
    // JSON, not hand-made separators: two different sets of equations can never read the same.
    const signature = cache
      ? JSON.stringify(
          // Stryker disable next-line MethodExpression: an audit family gives its tables and cells in one order, so a component's rows come in one order; sort() only guards a caller who reorders
          c.rows.map((r) => [r.atoms, r.rhs]).sort(),
        )
      : // Stryker disable next-line StringLiteral: without a cache the signature is never read
        ''
    const known = cache?.get(signature) ?? new Map<string, readonly [number, number]>()
    const pending: { objective: number; atoms: number[]; key: string }[] = []
    // Two objectives with the same atoms here (a small group that is a withheld cell) are one
    // part to solve: the later ones take its result.
    const twins: { objective: number; key: string }[] = []
    const asked = new Set<string>()
    for (const part of wanted) {
      const key = part.atoms.join(',')
      const hit = known.get(key)
      if (hit) add(part.objective, hit[0], hit[1])
      else if (asked.has(key)) twins.push({ objective: part.objective, key })
      else {
        asked.add(key)
        pending.push({ ...part, key })
      }
    }
    if (pending.length > 0) solves += solveComponent(c, pending, known)
    for (const t of twins) {
      const [lo, hi] = known.get(t.key) as readonly [number, number]
      add(t.objective, lo, hi)
    }
    if (cache) cache.set(signature, known)
  }

  /** Adds one component's share to a cell's interval. */
  function add(objective: number, lo: number, hi: number) {
    low[objective] = (low[objective] as number) + lo
    high[objective] = (high[objective] as number) + hi
  }

  /**
   * Min and max of each pending part over one component: one model, re-solved from its previous
   * basis as only the objective changes. A part whose trivial bound (0 below; above, the smallest
   * published figure adding up all its atoms) is reached by any solution found on the way is
   * exact without a solve of its own.
   */
  function solveComponent(
    c: { rows: typeof rows; atoms: Set<number> },
    pending: { objective: number; atoms: number[]; key: string }[],
    known: Map<string, readonly [number, number]>,
  ): number {
    const columns = [...c.atoms]
    const col = new Map(columns.map((a, i) => [a, i]))
    const starts = [0]
    const indices: number[] = []
    const rowsOf = new Map<number, number[]>()
    c.rows.forEach((row, r) => {
      for (const a of row.atoms) {
        indices.push(col.get(a) as number)
        const list = rowsOf.get(a) ?? []
        list.push(r)
        rowsOf.set(a, list)
      }
      starts.push(indices.length)
    })
    const state = pending.map((part) => {
      const cols = part.atoms.map((a) => col.get(a) as number)
      const inAll = (rowsOf.get(part.atoms[0] as number) ?? []).filter((r) => {
        const members = new Set((c.rows[r] as { atoms: number[] }).atoms)
        return part.atoms.every((a) => members.has(a))
      })
      const bound = Math.min(...inAll.map((r) => (c.rows[r] as { rhs: number }).rhs))
      return {
        ...part,
        cols,
        bound,
        min: undefined as number | undefined,
        max: undefined as number | undefined,
      }
    })
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
    let solves = 0
    const { modelStatus, objectiveSense } = highs.constants
    /** Solves with the current costs; the status, and the solution when optimal. */
    const run = (sense: 'minimize' | 'maximize') => {
      model.changeObjectiveSense(objectiveSense[sense])
      model.run()
      solves++
      const status = model.getModelStatus()
      if (status === modelStatus.optimal) {
        if (certify) witness(model.getSolution().colValue)
        return status
      }
      if (
        // Stryker disable next-line all: no maximisation here is unbounded (every atom of a component is in an equation of non-negative atoms, so bounded by its right-hand side), and an infeasible minimisation is not unbounded: this branch is never taken, and its mutants leave the infeasible case to the check below (the whole condition → true is killed by the contradiction tests)
        sense === 'maximize' &&
        // Stryker disable next-line all: never true, as above
        (status === modelStatus.unbounded || status === modelStatus.unboundedOrInfeasible)
      )
        // A minimisation found a feasible point first, so this is unbounded, not infeasible.
        return modelStatus.unbounded
      if (
        // Stryker disable next-line ConditionalExpression: the whole condition → true only turns the unreachable INTERNAL below into DISCLOSURE_RISK (infeasible → false is killed by the contradiction tests, and hidden by this line's rule)
        status === modelStatus.infeasible ||
        // Stryker disable next-line ConditionalExpression,EqualityOperator: with presolve off, the simplex reports an infeasible program as infeasible (the contradiction tests), never unboundedOrInfeasible
        status === modelStatus.unboundedOrInfeasible
      )
        contradiction()
      // Stryker disable next-line StringLiteral: unreachable: without time or iteration limits, HiGHS ends these programs optimal or infeasible
      throw new AppError('INTERNAL', `the audit's solver stopped with status ${status}.`)
    }
    /** Marks the parts this feasible point shows at a trivial bound. */
    const witness = (x: Float64Array) => {
      for (const s of state) {
        // Stryker disable next-line ConditionalExpression: a shortcut only; for a part with both bounds known, the two checks below change nothing
        if (s.min !== undefined && s.max !== undefined) continue
        let v = 0
        for (const j of s.cols) v += x[j] as number
        // Stryker disable next-line ConditionalExpression,EqualityOperator: a known minimum is at most v, so at v <= 1e-7 it is 0 already; v is never exactly 1e-7 (< and <= agree). The other mutants of this line (whole → true, v > 1e-7) are killed by the known answers, and hidden by this rule
        if (s.min === undefined && v <= 1e-7) s.min = 0
        // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: a known maximum is at most the bound and at least v, so at v >= bound it is the bound already (so `(s.max === undefined || …) && v >= …` sets what is there); an infinite bound is never reached; v is never exactly bound − 1e-7 (> and >= agree). Killed mutants of this line (<, whole → true, the other `||`) are hidden by this rule
        if (s.max === undefined && Number.isFinite(s.bound) && v >= s.bound - 1e-7) s.max = s.bound
      }
    }
    const setCosts = (cols: readonly number[], cost: number) => {
      for (const j of cols) model.changeColCost(j, cost)
    }
    try {
      // Presolve would run again on every objective and throw the previous basis away. Only the
      // objective changes between solves, so the last basis stays primal feasible: the primal
      // simplex starts from it (the dual simplex, HiGHS's default, would first have to repair
      // dual feasibility; on a 10,000-cell table it takes about 5 times as many iterations).
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: presolve and the simplex variant change only the time taken, not the optimum; output_flag: true prints nothing in this WebAssembly build (checked). The StringLiteral mutant of 'off' is killed: HiGHS rejects ''.
      model.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 })
      // Stryker disable next-line ConditionalExpression,BlockStatement: this first solve only finds early a point with many parts at zero; every bound is still solved or witnessed after it, so the intervals are the same (→ true is killed: certify false solves two a cell)
      if (certify) {
        // One minimisation of every part together: a feasible point with many parts at zero.
        const all = [...new Set(state.flatMap((s) => s.cols))]
        setCosts(all, 1)
        run('minimize')
        setCosts(all, 0)
      }
      let previous: number[] = []
      for (const s of state) {
        // Stryker disable next-line ConditionalExpression: a part with both bounds known runs no solve below either (each run is guarded); only its costs are set, then reset
        if (s.min !== undefined && s.max !== undefined) continue
        setCosts(previous, 0)
        setCosts(s.cols, 1)
        previous = s.cols
        if (s.min === undefined) run('minimize')
        // Stryker disable next-line ConditionalExpression: → true sets a minimum already known to what getObjectiveValue() reads here, 0: a known minimum is always 0 (only witness() sets one before its solve), and setCosts() just above resets HiGHS's model status and objective value (0 after changeColCost; checked)
        if (s.min === undefined) s.min = model.getObjectiveValue()
        if (s.max === undefined) {
          const status = run('maximize')
          // Stryker disable next-line ConditionalExpression: a maximum the witness gave is the bound, which a maximisation reaches too (the same whole number once rounded)
          if (s.max === undefined)
            s.max =
              // Stryker disable next-line ConditionalExpression: no maximisation here is unbounded (see run); → true is killed by every finite maximum
              status === modelStatus.unbounded
                ? Number.POSITIVE_INFINITY
                : model.getObjectiveValue()
        }
      }
    } finally {
      model.dispose()
    }
    for (const s of state) {
      known.set(s.key, [s.min as number, s.max as number])
      add(s.objective, s.min as number, s.max as number)
    }
    return solves
  }
  /** An objective's interval, rounded inwards to whole numbers (counts are whole). */
  const bounds = (i: number) => ({
    low: Math.ceil((low[i] as number) - 1e-6) + 0,
    high: Number.isFinite(high[i])
      ? Math.floor((high[i] as number) + 1e-6)
      : Number.POSITIVE_INFINITY,
  })
  return {
    solves,
    intervals: objectives.flatMap((o, i) =>
      selected[i] && !('atom' in o) ? [{ table: o.table, cell: o.cell, ...bounds(i) }] : [],
    ),
    atoms: objectives.flatMap((o, i) =>
      selected[i] && 'atom' in o ? [{ atom: o.atom, members: o.members, ...bounds(i) }] : [],
    ),
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

/**
 * Each atom asked for, with every atom that lies in exactly the same published figures: the
 * group an attacker sees, since no published figure tells its atoms apart. One group per set of
 * figures, named by the first atom asked for in it; an atom in no published figure stays alone
 * (nothing bounds it from above).
 *
 * @example joinAlike([3], [{ atoms: [3, 4], value: 2 }]) // [{ atom: 3, members: [3, 4] }]
 */
export function joinAlike(
  asked: readonly number[],
  published: readonly { readonly atoms: readonly number[] }[],
): { atom: number; members: number[] }[] {
  const figures = new Map<number, number[]>()
  published.forEach((p, r) => {
    for (const a of p.atoms) {
      const list = figures.get(a)
      if (list) list.push(r)
      else figures.set(a, [r])
    }
  })
  const alike = new Map<string, number[]>()
  for (const [a, rows] of figures) {
    const key = rows.join(',')
    const list = alike.get(key)
    if (list) list.push(a)
    else alike.set(key, [a])
  }
  const groups: { atom: number; members: number[] }[] = []
  const seen = new Set<string>()
  for (const atom of asked) {
    const key = figures.get(atom)?.join(',')
    if (key === undefined) groups.push({ atom, members: [atom] })
    else if (!seen.has(key)) {
      seen.add(key)
      groups.push({ atom, members: (alike.get(key) as number[]).sort((a, b) => a - b) })
    }
  }
  return groups
}
