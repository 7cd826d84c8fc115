import type { Highs } from 'highs'
import type { StoredEvent } from '../../src/store/store.js'
import type { Release } from '../../src/publish/release.js'

/**
 * An attacker of exact releases, written apart from the engine (it shares no code with
 * src/publish's audit): it knows every published figure of the releases given, and the public
 * facts (the device classes and event types, each table's period, which dimensions are open, what
 * each table counts: page views or events, one event's name, anonymous hits or not), and bounds
 * every small group with its own linear program, one variable per value and per DAY.
 *
 * The groups it tries are the finest ones the tables define together: each dimension's values
 * named in any table, plus "any other value" where values can be unnamed; and the days, grouped
 * where every table treats them alike; then the groups that lie in exactly the same published
 * figures joined into one, since no figure tells them apart. A group held by 0 < n < k units (counted from `events`,
 * the truth) must stay uncertain by `range` both ways: the attacker's interval must reach x + r
 * and max(0, x − r). Returns each group that does not, with its interval.
 */
export function attackReleases(
  highs: Highs,
  releases: readonly Release[],
  events: readonly StoredEvent[],
  options: { readonly k: number; readonly range: number },
): { group: string; units: number; value: number; low: number; high: number }[] {
  const tables = releases.flatMap((r) =>
    r.tables.map((t) => ({ release: r, table: t, period: r.period })),
  )
  // What every event is besides its dimensions: a page view or an event, its name, with a visitor
  // id or none. The tables count some of them only.
  const dims = [
    ...new Set([
      ...tables.flatMap((t) => t.table.dimensions).filter((d) => d !== 'month'),
      'type',
      'name',
      'identified',
    ]),
  ]
  const closed: Record<string, string[]> = {
    device: ['desktop', 'mobile', 'tablet', 'other'],
    type: ['pageview', 'event'],
    identified: ['yes', 'no'],
  }
  /** Whether a table counts events of these values, whatever its key. */
  const counts = (t: (typeof tables)[number], values: readonly string[]) => {
    const at = (d: string) => values[dims.indexOf(d)]
    if (at('type') !== (t.table.metric === 'events' ? 'event' : 'pageview')) return false
    if (t.table.event !== undefined && at('name') !== t.table.event) return false
    return t.release.anonymousHits === 'include' || at('identified') === 'yes'
  }
  /** A table's hierarchy over a dimension: each group's name and its values (from the sidecar). */
  const groupsOf = (table: Release['tables'][number], d: string) =>
    (table.protection.mechanism === 'exact' ? table.protection.groups?.[d] : undefined) ?? {}
  /** The table's named values of a dimension (its keys but `*`, `~other` and its groups). */
  const namedIn = (table: Release['tables'][number], d: string) => {
    const i = table.dimensions.indexOf(d)
    const groups = groupsOf(table, d)
    return new Set(
      table.cells
        .map((c) => c.key[i] as string)
        .filter((v) => v !== '*' && v !== '~other' && groups[v] === undefined),
    )
  }
  const ELSE = '\u0000else'
  const slots = dims.map((d) => {
    if (closed[d]) return closed[d]
    const named = new Set<string>()
    for (const { table } of tables) {
      if (table.dimensions.includes(d)) for (const v of namedIn(table, d)) named.add(v)
      if (d === 'name' && table.event !== undefined) named.add(table.event)
    }
    return [...named, ELSE]
  })
  const first = tables.map((t) => t.period.from).sort()[0] as string
  const last = tables
    .map((t) => t.period.to)
    .sort()
    .at(-1) as string
  const days: string[] = []
  for (
    let t = Date.parse(`${first}T00:00:00Z`);
    t < Date.parse(`${last}T00:00:00Z`);
    t += 86_400_000
  )
    days.push(new Date(t).toISOString().slice(0, 10))

  // Variables: every combination of slots, times every day.
  const combos: string[][] = [[]]
  for (const list of slots)
    combos.splice(0, combos.length, ...combos.flatMap((c) => list.map((v) => [...c, v])))
  const variables = combos.flatMap((values) => days.map((day) => ({ values, day })))

  const matches = (
    t: (typeof tables)[number],
    key: readonly string[],
    v: { values: string[]; day: string },
  ) => {
    if (v.day < t.period.from || v.day >= t.period.to) return false
    if (!counts(t, v.values)) return false
    return t.table.dimensions.every((d, i) => {
      const want = key[i] as string
      const open =
        t.table.protection.mechanism === 'exact' && t.table.protection.openDimensions.includes(d)
      const have = d === 'month' ? v.day.slice(0, 7) : (v.values[dims.indexOf(d)] as string)
      if (want === '*') return open || namedIn(t.table, d).has(have)
      if (want === '~other') return !namedIn(t.table, d).has(have)
      const group = groupsOf(t.table, d)[want]
      return group === undefined ? have === want : group.includes(have)
    })
  }

  // Equations: every published figure.
  const rows: { cols: number[]; value: number }[] = []
  for (const t of tables)
    for (const c of t.table.cells) {
      if (c.value === null) continue
      const cols: number[] = []
      variables.forEach((v, j) => {
        if (matches(t, c.key, v)) cols.push(j)
      })
      rows.push({ cols, value: c.value })
    }

  // Groups: slots × days grouped by how every table treats them.
  const dayClass = (day: string) =>
    tables
      .map((t) => {
        const inside = day >= t.period.from && day < t.period.to
        return `${inside ? 1 : 0}${inside && t.table.dimensions.includes('month') ? day.slice(0, 7) : ''}`
      })
      .join('|')
  const slotOf = (e: StoredEvent, j: number) => {
    const d = dims[j] as string
    const value =
      d === 'identified'
        ? e.visitor === null
          ? 'no'
          : 'yes'
        : String((e as unknown as Record<string, unknown>)[d])
    return (slots[j] as string[]).includes(value) ? value : ELSE
  }
  const truth = new Map<string, { units: Set<string>; value: number }>()
  for (const e of events) {
    const day = new Date(e.time).toISOString().slice(0, 10)
    if (day < first || day >= last) continue
    const id = JSON.stringify([dims.map((_, j) => slotOf(e, j)), dayClass(day)])
    const g = truth.get(id) ?? { units: new Set<string>(), value: 0 }
    g.units.add(e.visitor ?? `anonymous:${e.id}`)
    g.value++
    truth.set(id, g)
  }

  // Groups that lie in exactly the same published figures are one group to the attacker, who
  // can never tell them apart: their units and values add up (units counted once).
  const inRows = new Map<number, number[]>()
  rows.forEach((r, i) => {
    for (const j of r.cols) inRows.set(j, [...(inRows.get(j) ?? []), i])
  })
  const joined = new Map<string, { ids: string[]; units: Set<string>; value: number }>()
  for (const [id, g] of truth) {
    const [values, cls] = JSON.parse(id) as [string[], string]
    const first = variables.findIndex(
      (v) => v.values.every((x, i) => x === values[i]) && dayClass(v.day) === cls,
    )
    const signature = JSON.stringify(inRows.get(first) ?? [])
    const j = joined.get(signature) ?? { ids: [], units: new Set<string>(), value: 0 }
    j.ids.push(id)
    for (const u of g.units) j.units.add(u)
    j.value += g.value
    joined.set(signature, j)
  }

  const found: { group: string; units: number; value: number; low: number; high: number }[] = []
  for (const [signature, g] of joined) {
    if (g.units.size >= options.k) continue
    // Every variable in exactly these figures: the whole group, with its empty pieces too.
    const target = variables.flatMap((_, j) =>
      JSON.stringify(inRows.get(j) ?? []) === signature ? [j] : [],
    )
    const [low, high] = (['minimize', 'maximize'] as const).map((sense) =>
      solve(highs, variables.length, rows, target, sense),
    ) as [number, number]
    const x = g.value
    if (high < x + options.range || low > Math.max(0, x - options.range))
      found.push({
        group: g.ids
          .map((id) => {
            const [values, cls] = JSON.parse(id) as [string[], string]
            return `${values.join(', ')} @ ${cls}`
          })
          .join(' + '),
        units: g.units.size,
        value: x,
        low,
        high,
      })
  }
  return found
}

/** Min or max of the sum of `target` over x ≥ 0 meeting every row (CPLEX LP text for HiGHS). */
function solve(
  highs: Highs,
  n: number,
  rows: readonly { cols: number[]; value: number }[],
  target: readonly number[],
  sense: 'minimize' | 'maximize',
): number {
  const name = (j: number) => `x${j}`
  const lp = [
    sense === 'minimize' ? 'Minimize' : 'Maximize',
    ` obj: ${target.length === 0 ? '0 x0' : target.map(name).join(' + ')}`,
    'Subject To',
    ...rows.map((r, i) =>
      r.cols.length === 0 ? '' : ` r${i}: ${r.cols.map(name).join(' + ')} = ${r.value}`,
    ),
    'Bounds',
    ...Array.from({ length: n }, (_, j) => ` ${name(j)} >= 0`),
    'End',
  ].join('\n')
  const result = highs.solve(lp)
  if (result.Status === 'Unbounded') return Number.POSITIVE_INFINITY
  if (result.Status !== 'Optimal') throw new Error(`attack LP: ${result.Status}`)
  return Math.round(result.ObjectiveValue)
}
