import type { AuditTable } from '../../src/publish/audit-table.js'
import { TOTAL } from '../../src/publish/published-table.js'

/**
 * A table of interior counts with every margin (computed here, as a publisher would), over bounded
 * dimensions listing exactly the given values; `withheld` maps a key ('w|b') to its status.
 */
export function gridTable(
  id: string,
  dims: readonly string[],
  values: Readonly<Record<string, number>>,
  withheld: Readonly<Record<string, 'suppressed-primary' | 'suppressed-secondary'>>,
  isNew = true,
): AuditTable {
  const lists = dims.map((_, i) => [
    ...new Set(Object.keys(values).map((k) => k.split('|')[i] as string)),
  ])
  const keys: string[][] = []
  for (let mask = (1 << dims.length) - 1; mask >= 0; mask--) {
    let out: string[][] = [[]]
    dims.forEach((_, i) => {
      const options = mask & (1 << i) ? (lists[i] as string[]) : [TOTAL]
      out = out.flatMap((p) => options.map((v) => [...p, v]))
    })
    keys.push(...out)
  }
  const sum = (key: string[]) =>
    Object.entries(values)
      .filter(([k]) => k.split('|').every((v, i) => key[i] === TOTAL || key[i] === v))
      .reduce((s, [, v]) => s + v, 0)
  return {
    id,
    release: id.split('/')[0] as string,
    table: id.split('/')[1] as string,
    isNew,
    dimensions: dims,
    listed: Object.fromEntries(dims.map((d, i) => [d, lists[i] as string[]])),
    open: [],
    period: monthPeriod('2026-01'),
    cells: keys.map((key) => ({
      key,
      value: sum(key),
      status: withheld[key.join('|')] ?? 'published',
    })),
  }
}

/** The days of one month, as a period. @example monthPeriod('2026-12') // { from: '2026-12-01', to: '2027-01-01' } */
export function monthPeriod(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
  return { from: `${month}-01`, to: `${next}-01` }
}
