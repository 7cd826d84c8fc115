// Per-batch write cost with the stats rollups: 100-event batches of "today's" traffic.
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import { statsRollups } from '../src/stats/stats-rollups.js'
import { generateTraffic } from '../src/cli/generate-traffic.js'
const path = process.argv[2]!
const store = await createDuckdbStore({ path, rollups: statsRollups })
const now = Date.parse('2026-11-26T14:00:00Z')
const batches = [...generateTraffic({ events: 20_000, months: 0.001, now, seed: 7, sites: ['localhost'], lifetimeMonths: 13 } as never, 100)]
const times: number[] = []
for (const b of batches.slice(0, 120)) {
  const t = performance.now(); await store.write({ events: b, receipts: [] }); times.push(performance.now() - t)
}
times.sort((a, b) => a - b)
console.log(`batches ${times.length}, median ${times[times.length >> 1]!.toFixed(1)} ms, p90 ${times[Math.floor(times.length * 0.9)]!.toFixed(1)} ms`)
await store.close()
