/**
 * Times exact-count secondary suppression with its LP audit (suppressSecondary: hypercubes, then
 * the audit) on a synthetic path × country × month table built in memory (no store): interior
 * counts from a seeded heavy-tailed generator, every margin, primary cells where 0 < count < k.
 * Prints the cells, primary and secondary suppressions, rounds, LP solves and the wall time. Not
 * the benchmark (`npm run bench`); the figures in docs/publish.md come from here.
 *
 * Run: `npx tsx scripts/measure-audit.ts [--paths 30] [--countries 25] [--months 12] [--k 10]
 *       [--range 5] [--seed 1]`
 */
import { parseArgs } from 'node:util'
import type { AuditCell, AuditTable } from '../src/publish/audit-table.js'
import { loadHighs } from '../src/publish/load-highs.js'
import { TOTAL } from '../src/publish/published-table.js'
import { suppressSecondary } from '../src/publish/suppress-secondary.js'
import { createSeededRandom } from '../src/lib/seeded-random.js'

const { values } = parseArgs({
  options: {
    paths: { type: 'string', default: '30' },
    countries: { type: 'string', default: '25' },
    months: { type: 'string', default: '12' },
    k: { type: 'string', default: '10' },
    range: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
})

function syntheticTable(sizes: readonly number[], k: number, seed: number): AuditTable {
  const rand = createSeededRandom(seed)
  const dims = ['path', 'country', 'month']
  const lists = [
    Array.from({ length: sizes[0] as number }, (_, i) => `/p${i}`),
    Array.from({ length: sizes[1] as number }, (_, i) => `C${i}`),
    Array.from({ length: sizes[2] as number }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`),
  ]
  // Zipf-like weights per path and country, a little seasonality per month.
  const weight = lists.map((l, d) =>
    l.map((_, i) => (d === 2 ? 0.8 + 0.4 * rand() : 1 / (i + 1) ** 1.1)),
  )
  const sums = new Map<string, number>()
  const interior: [string[], number][] = []
  for (let p = 0; p < lists[0]!.length; p++)
    for (let c = 0; c < lists[1]!.length; c++)
      for (let m = 0; m < lists[2]!.length; m++) {
        const mean = 40000 * weight[0]![p]! * weight[1]![c]! * weight[2]![m]!
        const v = Math.floor(mean * -Math.log(1 - rand()))
        interior.push([[lists[0]![p]!, lists[1]![c]!, lists[2]![m]!], v])
      }
  for (const [key, v] of interior)
    for (let mask = 0; mask < 8; mask++) {
      const id = key.map((x, i) => (mask & (1 << i) ? x : TOTAL)).join('\u0000')
      sums.set(id, (sums.get(id) ?? 0) + v)
    }
  const cells: AuditCell[] = []
  for (let mask = 7; mask >= 0; mask--) {
    let keys: string[][] = [[]]
    for (let i = 0; i < 3; i++)
      keys = keys.flatMap((p) => (mask & (1 << i) ? lists[i]! : [TOTAL]).map((v) => [...p, v]))
    for (const key of keys) {
      const value = sums.get(key.join('\u0000')) ?? 0
      cells.push({
        key,
        value,
        status: value > 0 && value < k ? 'suppressed-primary' : 'published',
      })
    }
  }
  return {
    id: 'bench/visits',
    release: 'bench',
    table: 'visits',
    isNew: true,
    dimensions: dims,
    listed: Object.fromEntries(dims.map((d, i) => [d, lists[i]!])),
    open: [],
    period: {
      from: '2025-01-01',
      to: new Date(Date.UTC(2025, lists[2]!.length, 1)).toISOString().slice(0, 10),
    },
    cells,
  }
}

const sizes = [values.paths, values.countries, values.months].map(Number)
const k = Number(values.k)
const range = Number(values.range)
const table = syntheticTable(sizes, k, Number(values.seed))
const primary = table.cells.filter((c) => c.status === 'suppressed-primary').length
console.log(`${table.cells.length} cells (${sizes.join(' × ')} + margins), ${primary} primary`)
const highs = await loadHighs()
const started = performance.now()
const cpu = () => (process.cpuUsage().user + process.cpuUsage().system) / 1e6
const result = suppressSecondary(highs, [table], range, (round, solves) =>
  console.log(
    `  round ${round}: ${solves} LPs, ${((performance.now() - started) / 1000).toFixed(1)} s, ${cpu().toFixed(1)} s CPU`,
  ),
)
const seconds = (performance.now() - started) / 1000
const secondary = table.cells.filter((c) => c.status === 'suppressed-secondary').length
console.log(
  `${secondary} secondary, ${result.rounds} rounds, ${result.solves} LPs, ${result.violations.length} violations, ${seconds.toFixed(1)} s wall, ${cpu().toFixed(1)} s CPU`,
)
