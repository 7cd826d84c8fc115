/**
 * Times the dashboard's stats queries on a data folder filled by `temoin seed`, for one site and
 * a 30-day range ending at the newest event: each endpoint, then the whole set, the best of a
 * few runs, with the rollups and with raw scans of the events; then the whole set asked at once,
 * as the page asks it. Not the benchmark (`npm run
 * bench` is bench/'s); the figures in ARCHITECTURE.md come from here.
 *
 * Run: `npx tsx scripts/measure-stats.ts --data /tmp/temoin-10m [--site localhost] [--runs 3]
 *       [--source auto|raw|both] [--days 30] [--explain ENDPOINT]`
 * Opening the folder builds the missing rollups first (timed apart).
 */
import { parseArgs } from 'node:util'
import { DuckDBInstance } from '@duckdb/node-api'
import type { SqlValue } from '../src/store/sql-dialect.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import type { Store } from '../src/store/store.js'
import { queryDashboard, STATS_ENDPOINTS } from '../src/stats/stats-endpoints.js'
import { lastDaysQuery } from '../src/stats/stats-period.js'
import type { StatsQuery } from '../src/stats/stats-query.js'
import { statsRollups } from '../src/stats/stats-rollups.js'
import type { StatsEndpoint } from '../src/stats/stats-types.js'

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    site: { type: 'string', default: 'localhost' },
    runs: { type: 'string', default: '3' },
    source: { type: 'string', default: 'both' },
    days: { type: 'string', default: '30' },
    explain: { type: 'string' },
  },
})
if (values.data === undefined)
  throw new Error('--data DIR is required (a folder filled by temoin seed)')

const statements: { sql: string; values: readonly SqlValue[] }[] = []
const opening = performance.now()
const store = await createDuckdbStore({
  path: `${values.data}/temoin.duckdb`,
  rollups: statsRollups,
})
console.log(`opened (rollups built if missing) in ${(performance.now() - opening).toFixed(0)} ms`)

try {
  const newest = (
    await store.query(`SELECT epoch_ms(max(time)) AS t, count(*) AS n FROM events`)
  )[0]
  const base = lastDaysQuery(values.site, Number(values.days), Number(newest?.t))
  console.log(`${Number(newest?.n)} events; site ${values.site}, ${base.from} → ${base.to}`)
  const eventName = await topEvent(store, base)
  const sources =
    values.source === 'both' ? (['auto', 'raw'] as const) : [values.source as 'auto' | 'raw']
  if (values.explain !== undefined) {
    const endpoint = values.explain as StatsEndpoint
    for (const source of sources) {
      statements.push(...(await capture(store, { ...base, event: eventName, source }, endpoint)))
    }
  }
  for (const source of sources) {
    const query: StatsQuery = { ...base, source, event: eventName }
    const best = new Map<string, number>()
    let bestTotal = Infinity
    let bestCpu = Infinity
    let bestAtOnce = Infinity
    for (let run = 0; run < Number(values.runs); run++) {
      let total = 0
      // CPU time of the process (DuckDB's threads included): a figure the machine's load
      // changes less than wall time.
      const cpu = process.cpuUsage()
      for (const [name, query_] of Object.entries(STATS_ENDPOINTS)) {
        const started = performance.now()
        await query_(store, query)
        const ms = performance.now() - started
        total += ms
        best.set(name, Math.min(best.get(name) ?? Infinity, ms))
      }
      bestTotal = Math.min(bestTotal, total)
      const used = process.cpuUsage(cpu)
      bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000)
      const atOnce = performance.now()
      await queryDashboard(store, query)
      bestAtOnce = Math.min(bestAtOnce, performance.now() - atOnce)
    }
    console.log(
      `\n${source}: whole dashboard (${best.size} calls) best of ${values.runs}: ${bestTotal.toFixed(1)} ms (CPU ${bestCpu.toFixed(0)} ms)`,
    )
    console.log(`  all at once, as the page asks (queryDashboard): ${bestAtOnce.toFixed(1)} ms`)
    for (const [name, ms] of best)
      console.log(`  ${name.padEnd(18)} ${ms.toFixed(1).padStart(8)} ms`)
  }
} finally {
  await store.close()
}
if (statements.length > 0) await explain(`${values.data}/temoin.duckdb`, statements)

async function topEvent(store: Store, query: StatsQuery): Promise<string> {
  const answer = await STATS_ENDPOINTS.events(store, query)
  const first = 'rows' in answer ? answer.rows[0] : undefined
  const event = first === undefined || !('event' in first) ? undefined : first.event
  return typeof event === 'string' ? event : 'download'
}

/** The statements an endpoint runs. */
async function capture(store: Store, query: StatsQuery, endpoint: StatsEndpoint) {
  const seen: { sql: string; values: readonly SqlValue[] }[] = []
  const recording: Store = Object.create(store, {
    query: {
      value: (sql: string, values: readonly SqlValue[] = []) => {
        seen.push({ sql, values })
        return store.query(sql, values)
      },
    },
  }) as Store
  await STATS_ENDPOINTS[endpoint](recording, query)
  return seen
}

/** Prints DuckDB's EXPLAIN ANALYZE of each statement, on the file opened directly (the store is closed). */
async function explain(
  path: string,
  list: readonly { sql: string; values: readonly SqlValue[] }[],
) {
  const instance = await DuckDBInstance.create(path)
  const connection = await instance.connect()
  try {
    for (const { sql, values } of list) {
      const reader = await connection.runAndReadAll(`EXPLAIN ANALYZE ${sql}`, [...values])
      for (const row of reader.getRowsJS()) console.log(typeof row[1] === 'string' ? row[1] : '')
    }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}
