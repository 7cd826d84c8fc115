import type { TableDimension } from '../store/group-counts.js'
import { DEVICE_CLASSES } from './release-spec.js'
import type { TableSpec } from './release-spec.js'

/**
 * Whether a dimension's values are unknown before looking at the data (pages, referrers, a country
 * without a list): such values are themselves information, so they are published only through
 * partition selection (DP) or the group-size rule (exact mode).
 *
 * @example isOpenDimension('path', table) // true
 * @example isOpenDimension('month', table) // false: the period gives them
 */
export function isOpenDimension(
  dimension: TableDimension,
  table: Pick<TableSpec, 'values'>,
): boolean {
  if (table.values[dimension] !== undefined) return false
  return !['month', 'device', 'type'].includes(dimension)
}

/**
 * The public values of a bounded dimension: the spec's list, the months of the period, the device
 * classes, the event types. Every combination of them is published, zeros included.
 *
 * @example boundedValues('month', table, { from: '2026-01-01', to: '2026-03-01' }) // ['2026-01', '2026-02']
 */
export function boundedValues(
  dimension: TableDimension,
  table: Pick<TableSpec, 'values'>,
  period: { readonly from: string; readonly to: string },
): readonly string[] {
  const listed = table.values[dimension]
  if (listed !== undefined) return [...new Set(listed)]
  if (dimension === 'month') return monthsOf(period)
  if (dimension === 'device') return DEVICE_CLASSES
  if (dimension === 'type') return ['pageview', 'event']
  throw new RangeError(`${dimension} is an open dimension`)
}

/**
 * The UTC calendar months a period [from, to) touches.
 *
 * @example monthsOf({ from: '2026-01-15', to: '2026-03-01' }) // ['2026-01', '2026-02']
 */
export function monthsOf(period: { readonly from: string; readonly to: string }): string[] {
  const months: string[] = []
  const last = new Date(Date.parse(`${period.to}T00:00:00Z`) - 1)
  let y = Number(period.from.slice(0, 4))
  let m = Number(period.from.slice(5, 7))
  // Stryker disable next-line MethodExpression: a key is seven characters; against the whole ISO text it compares as against its first seven (a prefix sorts first), so the loop ends at the same month
  const endKey = last.toISOString().slice(0, 7)
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`
    if (key > endKey) break
    months.push(key)
    if (++m > 12) {
      m = 1
      y++
    }
  }
  return months
}

/**
 * Each group of a table's hierarchy over `dimension`, as the listed values it adds up (through
 * the groups it holds), each once, in the order of the listed values.
 *
 * @example groupLeaves(table, 'country') // { Benelux: ['BE', 'NL', 'LU'], Europe: ['FR', 'BE', 'NL', 'LU'] }
 */
export function groupLeaves(
  table: Pick<TableSpec, 'groups' | 'values'>,
  dimension: TableDimension,
): Record<string, string[]> {
  const groups = table.groups[dimension] ?? {}
  const listed = table.values[dimension] ?? []
  const out: Record<string, string[]> = {}
  for (const name of Object.keys(groups)) {
    const leaves = new Set<string>()
    const seen = new Set<string>()
    const stack = [name]
    while (stack.length > 0) {
      const g = stack.pop() as string
      if (seen.has(g)) continue
      seen.add(g)
      for (const m of groups[g] ?? []) {
        if (groups[m] !== undefined) stack.push(m)
        else leaves.add(m)
      }
    }
    out[name] = listed.filter((v) => leaves.has(v))
  }
  return out
}
