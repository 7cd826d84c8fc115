import { AppError } from '../lib/app-error.js'
import { DEVICE_CLASSES } from './release-spec.js'
import { OTHER } from './audit-table.js'
import type { AuditTable } from './audit-table.js'
import { TOTAL } from './published-table.js'

/** The most atoms one audit builds: past this it refuses rather than run for hours. */
export const MAX_ATOMS = 2_000_000

/**
 * The finest cells that every audited table is a sum of: the product of every dimension any of
 * the tables uses (and the month, when their periods differ), each over the values listed
 * anywhere plus one "not listed" value. Every published figure is then a linear equation on
 * atoms — the attacker's whole knowledge, across tables and releases.
 */
export interface AtomSpace {
  readonly dimensions: readonly string[]
  /**
   * Per dimension, the values listed anywhere. Where values can be left unlisted (any dimension
   * but month, device and type), one more atom value, `domains[j].length`, stands for them: a
   * position, not a string, so that no listed value (a visitor chooses an event's name) can be
   * taken for it.
   */
  readonly domains: readonly (readonly string[])[]
  readonly size: number
  /** The atoms a cell adds up, in increasing order. */
  atomsOf(table: AuditTable, key: readonly string[]): number[]
}

/**
 * Builds the atom space of a family of tables (same site, metric and anonymous-hit choice).
 *
 * @example const space = createAtomSpace(tables); space.atomsOf(tables[0], ['FR', '*'])
 */
export function createAtomSpace(tables: readonly AuditTable[]): AtomSpace {
  const dims: string[] = []
  for (const t of tables) for (const d of t.dimensions) if (!dims.includes(d)) dims.push(d)
  // Stryker disable next-line StringLiteral: every month is 'YYYY-MM' (monthsOf), seven characters, so two lists of months join to the same text with or without a separator only when they are equal
  const periods = new Set(tables.map((t) => t.months.join(',')))
  if (periods.size > 1 && !dims.includes('month')) dims.push('month')
  const domains = dims.map((d) => {
    // Stryker disable next-line MethodExpression: the order of a domain only numbers the atoms, which name atoms and never index an array (as the ArithmeticOperator mark below says)
    if (d === 'month') return [...new Set(tables.flatMap((t) => t.months))].sort()
    if (d === 'device') return [...DEVICE_CLASSES]
    if (d === 'type') return ['pageview', 'event']
    const values = new Set<string>()
    for (const t of tables) for (const v of t.listed[d] ?? []) values.add(v)
    // Stryker disable next-line MethodExpression: as for the months above, the order only numbers the atoms
    return [...values].sort()
  })
  const radices = dims.map(
    (d, j) => (domains[j] as string[]).length + (['month', 'device', 'type'].includes(d) ? 0 : 1),
  )
  const size = radices.reduce((n, r) => n * r, 1)
  if (size > MAX_ATOMS)
    throw new AppError(
      'DISCLOSURE_RISK',
      `the tables of this data (${tables.map((t) => t.id).join(', ')}) cross into ${size} cells, more than the audit handles (${MAX_ATOMS}); it cannot prove them safe together.`,
      { details: ['publish fewer or coarser dimensions, or use mechanism: dp.'] },
    )
  const index = domains.map((d) => new Map(d.map((v, i) => [v, i])))

  return {
    dimensions: dims,
    domains,
    size,
    atomsOf(table, key) {
      const sets = dims.map((d, j) => valuesFor(table, key, d, j))
      let atoms = [0]
      for (let j = 0; j < dims.length; j++) {
        const radix = radices[j] as number
        const next: number[] = []
        // Stryker disable next-line ArithmeticOperator: a · radix − v is one distinct number per atom as well (|v| < radix); atom numbers only name atoms (Map and Set keys, cache keys), never index an array, and an LP's optimum does not depend on its columns' order
        for (const a of atoms) for (const v of sets[j] as number[]) next.push(a * radix + v)
        atoms = next
      }
      return atoms.sort((a, b) => a - b)
    },
  }

  /** The atom values (indices) a cell of `table` covers along dimension `d`. */
  function valuesFor(table: AuditTable, key: readonly string[], d: string, j: number): number[] {
    const domain = domains[j] as string[]
    const at = index[j] as Map<string, number>
    const all = () => Array.from({ length: radices[j] as number }, (_, i) => i)
    const pick = (values: readonly string[]) =>
      values.map((v) => at.get(v)).filter((i): i is number => i !== undefined)
    const p = table.dimensions.indexOf(d)
    if (p < 0) return d === 'month' ? pick(table.months) : all()
    const v = key[p] as string
    // Stryker disable next-line ArrayDeclaration: a table lists values for each of its dimensions (buildExactTable, an earlier release's tables), so the default is never used
    const listed = table.listed[d] ?? []
    const open = table.open.includes(d)
    // A total adds what the table shows along d: every value of an open dimension, the listed
    // ones of a bounded one (the months of its period unless it lists fewer, buildExactTable).
    if (v === TOTAL) return open ? all() : pick(listed)
    if (v === OTHER) {
      const named = new Set(listed)
      // The unlisted values' position (domain.length) holds no value, so no list names it.
      return all().filter((i) => !named.has(domain[i] as string))
    }
    return pick([v])
  }
}
