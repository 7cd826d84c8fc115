import { AppError } from '../lib/app-error.js'
import { DEVICE_CLASSES } from './release-spec.js'
import { OTHER } from './audit-table.js'
import type { AuditTable, Period } from './audit-table.js'
import { TOTAL } from './published-table.js'
import { monthsOf } from './table-domain.js'

/** The most atoms one audit builds: past this it refuses rather than run for hours. */
export const MAX_ATOMS = 2_000_000

/** The axis of an atom space that stands for time: stretches of whole days, not a dimension. */
export const TIME = 'time'

/**
 * The finest groups that every audited table is a sum of, and that an attacker can therefore
 * isolate by adding and subtracting published figures: the product of every dimension any of the
 * tables uses (but the month), each over the values listed anywhere plus, where values can be
 * left unlisted, one "not listed" position; and time, cut into stretches of days at every
 * period's first and last day and, for tables by month, at every month's first day. Two periods
 * 1–31 March and 1 March–2 April make two stretches: March, and 1–2 April. Every published figure
 * is a linear equation on atoms: the attacker's whole knowledge, across tables and releases.
 */
export interface AtomSpace {
  /** Every dimension of the tables but `month`, then {@link TIME}. */
  readonly dimensions: readonly string[]
  /**
   * Per dimension, the values listed anywhere (for {@link TIME}, the stretches as
   * `from/to`, `to` excluded). Where values can be left unlisted (any dimension but device and
   * type), one more atom value, `domains[j].length`, stands for them: a position, not a string,
   * so that no listed value (a visitor chooses an event's name) can be taken for it.
   */
  readonly domains: readonly (readonly string[])[]
  /** The stretches of days, in order: the values of {@link TIME}. */
  readonly stretches: readonly Period[]
  readonly size: number
  /** The atoms a cell adds up, in increasing order. */
  atomsOf(table: AuditTable, key: readonly string[]): number[]
  /**
   * The atom of one stretch with these values of the other dimensions (`null`: not listed), or
   * undefined when a value has no atom (a device outside the classes).
   */
  atomAt(values: readonly (string | null)[], stretch: number): number | undefined
  /** An atom in a reader's words: `country: not listed, browser: Firefox, 2026-04-01 to 2026-04-02`. */
  describe(atom: number): string
}

/**
 * Builds the atom space of a family of tables (same site, metric and anonymous-hit choice).
 *
 * @example const space = createAtomSpace(tables); space.atomsOf(tables[0], ['FR', '*'])
 */
export function createAtomSpace(tables: readonly AuditTable[]): AtomSpace {
  const dims: string[] = []
  for (const t of tables)
    for (const d of t.dimensions) if (d !== 'month' && !dims.includes(d)) dims.push(d)
  const stretches = cutTime(tables)
  const domains = dims.map((d) => {
    if (d === 'device') return [...DEVICE_CLASSES]
    if (d === 'type') return ['pageview', 'event']
    const values = new Set<string>()
    for (const t of tables) for (const v of t.listed[d] ?? []) values.add(v)
    // Stryker disable next-line MethodExpression: the order of a domain only numbers the atoms, which name atoms and never index an array (as the ArithmeticOperator mark below says)
    return [...values].sort()
  })
  const radices = [
    ...dims.map((d, j) => (domains[j] as string[]).length + (isClosed(d) ? 0 : 1)),
    stretches.length,
  ]
  const size = radices.reduce((n, r) => n * r, 1)
  if (size > MAX_ATOMS)
    throw new AppError(
      'DISCLOSURE_RISK',
      `the tables of this data (${tables.map((t) => t.id).join(', ')}) cross into ${size} cells, more than the audit handles (${MAX_ATOMS}); it cannot prove them safe together.`,
      { details: ['publish fewer or coarser dimensions, or use mechanism: dp.'] },
    )
  const index = domains.map((d) => new Map(d.map((v, i) => [v, i])))

  /** The atom numbers of every combination of the given positions, one list per axis. */
  const combine = (sets: readonly (readonly number[])[]) => {
    let atoms = [0]
    sets.forEach((set, j) => {
      const radix = radices[j] as number
      const next: number[] = []
      // Stryker disable next-line ArithmeticOperator: a · radix − v is one distinct number per atom as well (|v| < radix); atom numbers only name atoms (Map and Set keys, cache keys), never index an array, and an LP's optimum does not depend on its columns' order
      for (const a of atoms) for (const v of set) next.push(a * radix + v)
      atoms = next
    })
    return atoms.sort((a, b) => a - b)
  }

  return {
    dimensions: [...dims, TIME],
    domains: [...domains, stretches.map((s) => `${s.from}/${s.to}`)],
    stretches,
    size,
    atomsOf(table, key) {
      return combine([...dims.map((d, j) => valuesFor(table, key, d, j)), daysOf(table, key)])
    },
    atomAt(values, stretch) {
      const positions = dims.map((_, j) => {
        const v = values[j]
        return v === null ? (domains[j] as string[]).length : index[j]?.get(v as string)
      })
      if (positions.some((p) => p === undefined)) return undefined
      return combine([...positions.map((p) => [p as number]), [stretch]])[0]
    },
    describe(atom) {
      const parts: string[] = []
      let rest = atom
      for (let j = radices.length - 1; j >= 0; j--) {
        const radix = radices[j] as number
        const p = rest % radix
        rest = (rest - p) / radix
        if (j === dims.length) {
          const s = stretches[p] as Period
          parts.unshift(`${s.from} to ${lastDay(s.to)}`)
        } else {
          const domain = domains[j] as string[]
          parts.unshift(
            `${dims[j] as string}: ${p < domain.length ? JSON.stringify(domain[p]) : 'not listed'}`,
          )
        }
      }
      return parts.join(', ')
    },
  }

  /** The positions a cell of `table` covers along dimension `d`. */
  function valuesFor(table: AuditTable, key: readonly string[], d: string, j: number): number[] {
    const domain = domains[j] as string[]
    const at = index[j] as Map<string, number>
    const all = () => Array.from({ length: radices[j] as number }, (_, i) => i)
    const pick = (values: readonly string[]) =>
      values.map((v) => at.get(v)).filter((i): i is number => i !== undefined)
    const p = table.dimensions.indexOf(d)
    if (p < 0) return all()
    const v = key[p] as string
    // Stryker disable next-line ArrayDeclaration: a table lists values for each of its dimensions (buildExactTable, an earlier release's tables), so the default is never used
    const listed = table.listed[d] ?? []
    const open = table.open.includes(d)
    // A total adds what the table shows along d: every value of an open dimension, the listed
    // ones of a bounded one.
    if (v === TOTAL) return open ? all() : pick(listed)
    if (v === OTHER) {
      const named = new Set(listed)
      // The unlisted values' position (domain.length) holds no value, so no list names it.
      return all().filter((i) => !named.has(domain[i] as string))
    }
    // A group of a hierarchy adds up its values: its figure is one more equation on them.
    const group = table.groups?.[d]?.[v]
    return pick(group ?? [v])
  }

  /**
   * The stretches a cell of `table` covers: those of its period, and of its month (or, for a
   * total by month, of the months it lists). Stretches are cut at the months of tables by month,
   * so each of theirs lies in one month.
   */
  function daysOf(table: AuditTable, key: readonly string[]): number[] {
    const inPeriod = stretches
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.from >= table.period.from && s.to <= table.period.to)
    const p = table.dimensions.indexOf('month')
    if (p < 0) return inPeriod.map(({ i }) => i)
    const v = key[p] as string
    // Stryker disable next-line ArrayDeclaration: as above, a table lists the values of each of its dimensions
    const months = v === TOTAL ? (table.listed.month ?? []) : [v]
    return inPeriod.filter(({ s }) => months.includes(s.from.slice(0, 7))).map(({ i }) => i)
  }
}

/**
 * Dimensions whose every value is known (device classes, event types), so that no atom position
 * stands for values not listed.
 */
export const isClosed = (d: string): boolean => d === 'device' || d === 'type'

/**
 * The stretches of days the tables' periods cut time into: at every period's bounds and, for a
 * table by month, at every first of a month inside its period; only stretches some period covers.
 */
function cutTime(tables: readonly AuditTable[]): Period[] {
  const cuts = new Set<string>()
  for (const t of tables) {
    cuts.add(t.period.from)
    cuts.add(t.period.to)
    if (!t.dimensions.includes('month')) continue
    for (const month of monthsOf(t.period)) {
      const first = `${month}-01`
      if (first > t.period.from && first < t.period.to) cuts.add(first)
    }
  }
  const sorted = [...cuts].sort()
  const stretches: Period[] = []
  for (let i = 0; i + 1 < sorted.length; i++) {
    const s = { from: sorted[i] as string, to: sorted[i + 1] as string }
    if (tables.some((t) => t.period.from <= s.from && s.to <= t.period.to)) stretches.push(s)
  }
  return stretches
}

/** The last day of a period whose `to` is excluded. */
function lastDay(to: string): string {
  return new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
}
