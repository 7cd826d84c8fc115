import { AppError } from '../lib/app-error.js'
import { addDays } from '../lib/calendar-date.js'
import { DEVICE_CLASSES } from './release-spec.js'
import { OTHER } from './audit-table.js'
import type { AuditTable, Period } from './audit-table.js'
import { TOTAL } from './published-table.js'
import { monthsOf } from './table-domain.js'

/** The most atoms one audit builds: past this it refuses rather than run for hours. */
export const MAX_ATOMS = 2_000_000

/** The axis of an atom space that stands for time: spans of whole days, not a dimension. */
export const TIME = 'time'

/**
 * The finest groups that every audited table is a sum of, and that an attacker can therefore
 * isolate by adding and subtracting published figures: the product of every dimension any of the
 * tables uses (but the month), each over the values listed anywhere plus, where values can be
 * left unlisted, one "not listed" position; and time, cut into stretches of days at every
 * period's first and last day and, for tables by month, at every month's first day, then the
 * stretches no table tells apart joined into one span. Two periods 1–31 March and 1 March–2 April
 * make two spans: March, and 1–2 April. Periods 1 March–2 April and 15–31 March make two as well:
 * 15–31 March, and the rest (1–14 March with 1–2 April), which an attacker isolates as one group.
 * Every published figure is a linear equation on atoms: the attacker's whole knowledge, across
 * tables and releases.
 */
export interface AtomSpace {
  /**
   * Every dimension of the tables but `month`; then every column the tables restrict differently
   * ({@link AuditTable.restrict}: page views and events, one event's name, anonymous hits counted
   * or not), so that the difference of two such tables is a group of atoms; then {@link TIME}.
   */
  readonly dimensions: readonly string[]
  /** The columns every table restricts alike, and to what: the space holds only those events. */
  readonly only: Readonly<Record<string, readonly string[]>>
  /**
   * Per dimension, the values listed anywhere (for {@link TIME}, each span's stretches as
   * `from/to`, `to` excluded, joined by `+`). Where values can be left unlisted (any dimension but device and
   * type), one more atom value, `domains[j].length`, stands for them: a position, not a string,
   * so that no listed value (a visitor chooses an event's name) can be taken for it.
   */
  readonly domains: readonly (readonly string[])[]
  /** The values of {@link TIME}: spans of days no table tells apart, each its stretches in order. */
  readonly spans: readonly (readonly Period[])[]
  /** How many atoms: the pieces of the product above that no cell tells apart count as one. */
  readonly size: number
  /** The atoms a cell adds up, in increasing order. */
  atomsOf(table: AuditTable, key: readonly string[]): number[]
  /**
   * The atom of one span with these values of the other dimensions (`null`: not listed), or
   * undefined when a value has no atom (a device outside the classes) or when no cell of any
   * table counts it (no published figure says anything of it).
   */
  atomAt(values: readonly (string | null)[], span: number): number | undefined
  /**
   * An atom in a reader's words: `country: not listed, browser: "Firefox", 2026-04-01 to
   * 2026-04-02` (a span of several stretches: `… to 2026-03-14 and 2026-04-01 to …`).
   */
  describe(atom: number): string
}

/**
 * Builds the atom space of tables of one site: every exact table published about its events.
 *
 * @example const space = createAtomSpace(tables); space.atomsOf(tables[0], ['FR', '*'])
 */
export function createAtomSpace(tables: readonly AuditTable[]): AtomSpace {
  const dims: string[] = []
  for (const t of tables)
    for (const d of t.dimensions) if (d !== 'month' && !dims.includes(d)) dims.push(d)
  const only: Record<string, readonly string[]> = {}
  for (const d of new Set(tables.flatMap((t) => Object.keys(t.restrict ?? {})))) {
    if (dims.includes(d)) continue
    const lists = tables.map((t) => JSON.stringify(t.restrict?.[d] ?? null))
    if (lists.every((l) => l === lists[0])) only[d] = (tables[0] as AuditTable).restrict?.[d] ?? []
    else dims.push(d)
  }
  const spans = spansOf(tables)
  const domains = dims.map((d) => {
    const closed = CLOSED.get(d)
    if (closed !== undefined) return [...closed]
    const values = new Set<string>()
    for (const t of tables)
      for (const v of [...(t.listed[d] ?? []), ...(t.restrict?.[d] ?? [])]) values.add(v)
    // Stryker disable next-line MethodExpression: the order of a domain only numbers the atoms, which name atoms and never index an array (as the ArithmeticOperator mark below says)
    return [...values].sort()
  })
  const radices = [
    ...dims.map((d, j) => (domains[j] as string[]).length + (isClosed(d) ? 0 : 1)),
    spans.length,
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

  const classes = refine()
  return {
    dimensions: [...dims, TIME],
    only,
    domains: [...domains, spans.map((span) => span.map((s) => `${s.from}/${s.to}`).join('+'))],
    spans,
    size: classes.members.length,
    atomsOf(table, key) {
      const atoms = new Set<number>()
      for (const piece of piecesOf(table, key)) atoms.add(classes.of[piece] as number)
      return [...atoms].sort((a, b) => a - b)
    },
    atomAt(values, span) {
      const positions = dims.map((_, j) => {
        const v = values[j]
        return v === null ? (domains[j] as string[]).length : index[j]?.get(v as string)
      })
      if (positions.some((p) => p === undefined)) return undefined
      const atom =
        classes.of[combine([...positions.map((p) => [p as number]), [span]])[0] as number]
      return classes.counted[atom as number] === 1 ? atom : undefined
    },
    describe(atom) {
      return (classes.members[atom] ?? []).map(describePiece).join(' or ')
    },
  }

  /** The pieces of the product a cell adds up, in increasing order. */
  function piecesOf(table: AuditTable, key: readonly string[]): number[] {
    return combine([...dims.map((d, j) => valuesFor(table, key, d, j)), spansFor(table, key)])
  }

  /**
   * The atoms: the pieces of the product joined where every cell of every table holds all of them
   * or none (FR and the unlisted countries on days only a table without the country covers). An
   * attacker can never tell them apart, so a small group is their sum, not each piece: checked
   * piece by piece, three pieces of one visitor each would pass where their group of three is
   * known exactly. Pieces are keyed by a hash of the cells holding them, then each joined group
   * is checked against every cell, and split back into its pieces if a cell tells them apart.
   */
  function refine(): { of: Int32Array; members: number[][]; counted: Uint8Array } {
    const h1 = new Uint32Array(size)
    const h2 = new Uint32Array(size).fill(0x9e3779b9)
    const inCell = new Uint8Array(size)
    let cell = 0
    for (const t of tables)
      for (const c of t.cells) {
        cell++
        for (const p of piecesOf(t, c.key)) {
          inCell[p] = 1
          h1[p] = Math.imul((h1[p] as number) ^ cell, 0x85ebca6b) >>> 0
          h2[p] = Math.imul(((h2[p] as number) + cell) ^ 0x27d4eb2f, 0xc2b2ae35) >>> 0
        }
      }
    const byKey = new Map<number, number[]>()
    for (let p = 0; p < size; p++) {
      // 53 bits of the two hashes: a number key (a string per piece is slow at 2 M pieces).
      const key = (h1[p] as number) * 2_097_152 + ((h2[p] as number) >>> 11)
      const group = byKey.get(key)
      if (group) group.push(p)
      else byKey.set(key, [p])
    }
    const groups = [...byKey.values()]
    const groupOf = new Int32Array(size)
    groups.forEach((g, i) => {
      for (const p of g) groupOf[p] = i
    })
    // A hash can collide: a cell holding part of a group splits it back into its pieces.
    const split = new Set<number>()
    for (const t of tables)
      for (const c of t.cells) {
        const held = new Map<number, number>()
        for (const p of piecesOf(t, c.key)) {
          const g = groupOf[p] as number
          held.set(g, (held.get(g) ?? 0) + 1)
        }
        for (const [g, n] of held) if (n !== (groups[g] as number[]).length) split.add(g)
      }
    const members: number[][] = []
    for (const [g, pieces] of groups.entries())
      if (split.has(g)) for (const p of pieces) members.push([p])
      else members.push(pieces)
    const of = new Int32Array(size)
    members.forEach((m, atom) => {
      for (const p of m) of[p] = atom
    })
    // A piece no cell holds shares no hash with one a cell holds (or is split from it above).
    const counted = Uint8Array.from(members, (m) => inCell[m[0] as number] as number)
    return { of, members, counted }
  }

  /** A piece of the product in a reader's words. */
  function describePiece(piece: number): string {
    const parts: string[] = []
    let rest = piece
    for (let j = radices.length - 1; j >= 0; j--) {
      const radix = radices[j] as number
      const p = rest % radix
      rest = (rest - p) / radix
      if (j === dims.length) {
        const span = spans[p] as Period[]
        parts.unshift(span.map((s) => `${s.from} to ${lastDay(s.to)}`).join(' and '))
      } else {
        const domain = domains[j] as string[]
        const d = dims[j] as string
        parts.unshift(
          d === 'identified'
            ? p === 0
              ? 'identified visitors'
              : 'anonymous hits'
            : `${d}: ${p < domain.length ? JSON.stringify(domain[p]) : 'not listed'}`,
        )
      }
    }
    return parts.join(', ')
  }

  /**
   * The positions a cell of `table` covers along dimension `d`: what its key says, within what
   * the table counts at all (a table of `signup` events covers one event name).
   */
  function valuesFor(table: AuditTable, key: readonly string[], d: string, j: number): number[] {
    const positions = shownFor(table, key, d, j)
    const restricted = table.restrict?.[d]
    if (restricted === undefined) return positions
    return positions.filter((i) => restricted.includes((domains[j] as string[])[i] as string))
  }

  /** The positions a cell's key names along `d`. */
  function shownFor(table: AuditTable, key: readonly string[], d: string, j: number): number[] {
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
   * The spans a cell of `table` covers: those of its period, and of its month (or, for a total by
   * month, of the months it lists). Every stretch of a span is alike for every table (inside its
   * period or not, and in which month for a table by month), so the first one answers for all.
   */
  function spansFor(table: AuditTable, key: readonly string[]): number[] {
    const p = table.dimensions.indexOf('month')
    const v = key[p] as string
    // Stryker disable next-line ArrayDeclaration: as above, a table lists the values of each of its dimensions
    const months = p < 0 ? undefined : v === TOTAL ? (table.listed.month ?? []) : [v]
    return spans.flatMap((span, i) => {
      const s = span[0] as Period
      const inside = s.from >= table.period.from && s.to <= table.period.to
      return inside && (months === undefined || months.includes(s.from.slice(0, 7))) ? [i] : []
    })
  }
}

/**
 * The columns whose every value is known (device classes, event types, a visitor id or none), so
 * that no atom position stands for values not listed.
 */
const CLOSED: ReadonlyMap<string, readonly string[]> = new Map<string, readonly string[]>([
  ['device', DEVICE_CLASSES],
  ['type', ['pageview', 'event']],
  ['identified', ['yes', 'no']],
])

/** Whether a column's every value is known ({@link CLOSED}). */
export const isClosed = (d: string): boolean => CLOSED.has(d)

/**
 * The spans of days no table tells apart: time cut into stretches, then the stretches every table
 * treats alike (inside its period or not, and in which month for a table by month) joined, in the
 * order of their first stretch.
 */
function spansOf(tables: readonly AuditTable[]): Period[][] {
  const bySignature = new Map<string, Period[]>()
  for (const s of cutTime(tables)) {
    const signature = tables
      .map((t) =>
        !(t.period.from <= s.from && s.to <= t.period.to)
          ? '-'
          : t.dimensions.includes('month')
            ? s.from.slice(0, 7)
            : '+',
      )
      .join('|')
    const span = bySignature.get(signature)
    if (span) span.push(s)
    else bySignature.set(signature, [s])
  }
  return [...bySignature.values()]
}

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
  return addDays(to, -1)
}
