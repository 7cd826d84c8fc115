import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { writeSynthetic } from '../../src/cli/write-synthetic.js'
import { queryDashboard } from '../../src/stats/stats-endpoints.js'
import { lastDaysQuery } from '../../src/stats/stats-period.js'
import { statsRollups } from '../../src/stats/stats-rollups.js'
import { createClickhouseStore } from '../../src/store/clickhouse/clickhouse-store.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'
import { connectChdb } from '../../test/helpers/chdb-connection.js'
import { startClickhouseServer } from '../../test/helpers/clickhouse-server.js'
import {
  freePort,
  makeWorkdir,
  startServerProcess,
  type ServerProcess,
} from '../../test/helpers/server-process.js'
import type { BenchContext, BenchPart, PartOutcome, Row } from '../bench-part.js'
import { alternate } from '../alternate.js'
import { checkGoal } from '../check-goal.js'
import { pairedRatio } from '../paired-ratio.js'
import { runLoad } from '../run-load.js'
import { summarize } from '../summarize.js'
import { EVENT_LOAD } from './ingestion.js'

/** The busy level of part 3, where ClickHouse's parts per partition matter most. */
const CLIENTS = 256
const DATABASE = 'temoin_bench'
const SITE = 'example.org'

type Engine = 'duckdb' | 'clickhouse'
const ENGINES = ['duckdb', 'clickhouse'] as const

/**
 * Part 7: the ClickHouse store beside DuckDB, in the same run. Ingestion: two `temoin serve`
 * processes, one on a DuckDB file and one on Debian's ClickHouse 18.16 server (`--store
 * clickhouse://…`, a server this part starts), under part 3's load at 256 clients, in
 * alternating order; afterwards every acknowledged event must be in ClickHouse, and its busiest
 * partition's active parts are counted against the server's own limit. Dashboard: the whole
 * dashboard (`queryDashboard`) over the same seeded events on DuckDB (its rollups) and on a
 * current ClickHouse (chdb 26, in this process: 18.16 has no window functions), answers
 * compared.
 *
 * @example const outcome = await clickhouse.run(ctx)
 */
export const clickhouse: BenchPart = {
  id: 'clickhouse',
  number: 7,
  title: 'ClickHouse beside DuckDB',
  timeLimit: { full: 2400, quick: 90 },
  reproduce: 'npm run bench -- --only clickhouse --events 1e6,1e7',
  async run(ctx): Promise<PartOutcome> {
    const runs = ctx.runs ?? (ctx.quick ? 2 : 4)
    const seconds = ctx.duration ?? (ctx.quick ? 2 : 8)
    const sizes = ctx.events ?? (ctx.quick ? [20_000] : [1_000_000])
    const ingest = await measureIngestion(ctx, runs, seconds)
    const rows: Row[] = [...ingest.rows]
    const goals = [...ingest.goals]
    const notes = [...ingest.notes]
    for (const size of sizes) {
      const dashboard = await measureDashboard(ctx, size, ctx.runs ?? (ctx.quick ? 2 : 3))
      rows.push(...dashboard.rows)
      notes.push(...dashboard.notes)
    }
    return { status: 'measured', rows, goals, notes }
  },
}

async function measureIngestion(ctx: BenchContext, runs: number, seconds: number) {
  const server = await startClickhouseServer()
  const folders: string[] = []
  const started: ServerProcess[] = []
  try {
    const serve = async (engine: Engine) => {
      const work = await makeWorkdir({ rateLimitPerMinute: 1_000_000_000 })
      folders.push(work.dir)
      const store = `${server.url.replace(/^http:/, 'clickhouse:')}/${DATABASE}`
      const process = await startServerProcess({
        config: work.config,
        data: work.data,
        port: await freePort(),
        args: engine === 'clickhouse' ? ['--store', store] : [],
      })
      started.push(process)
      return process
    }
    const servers = { duckdb: await serve('duckdb'), clickhouse: await serve('clickhouse') }
    const acked = { duckdb: 0, clickhouse: 0 }
    const measure = async (engine: Engine, s: number) => {
      const run = await runLoad({
        ...EVENT_LOAD,
        url: `${servers[engine].url}/api/event`,
        seconds: s,
        connections: CLIENTS,
        signal: ctx.signal,
      })
      const f = run.failures
      if (f.non2xx + f.errors + f.timeouts > 0)
        throw new Error(
          `${engine}: ${f.non2xx} answers not 2xx, ${f.errors} errors, ${f.timeouts} timeouts; server output:\n${servers[engine].output().slice(-2000)}`,
        )
      acked[engine] += run.ok
      return run
    }
    // Not counted: warm-up of both servers and of the generator.
    for (const engine of ['duckdb', 'clickhouse'] as const) await measure(engine, 1)
    const got = await alternate(
      ENGINES,
      runs,
      async (engine) => {
        const run = await measure(engine, seconds)
        return { perSecond: run.perSecond, p99: run.p99 }
      },
      (r, sofar) =>
        ctx.log(
          `ingestion, run ${r + 1}/${runs}: DuckDB ${Math.round(sofar.duckdb.at(-1)!.perSecond)}/s, ClickHouse ${Math.round(sofar.clickhouse.at(-1)!.perSecond)}/s`,
        ),
    )
    const [stored] = await server.rows<{ n: number }>(`SELECT count() AS n FROM ${DATABASE}.events`)
    if (Number(stored?.n) < acked.clickhouse)
      throw new Error(
        `${acked.clickhouse} events were acknowledged on ClickHouse but only ${stored?.n} are stored`,
      )
    const [parts] = await server.rows<{ n: number }>(
      `SELECT max(c) AS n FROM (SELECT partition, count() AS c FROM system.parts WHERE active AND database = '${DATABASE}' AND table = 'events' GROUP BY partition)`,
    )
    const [limit] = await server.rows<{ value: string }>(
      "SELECT value FROM system.merge_tree_settings WHERE name = 'parts_to_delay_insert'",
    )
    const delayAt = Number(limit?.value ?? 150)
    const busiest = Number(parts?.n ?? 0)
    const stat = (engine: Engine, key: 'perSecond' | 'p99') =>
      summarize(got[engine].map((s) => s[key]))
    const ratio = (key: 'perSecond' | 'p99') =>
      pairedRatio(
        got.clickhouse.map((s) => s[key]),
        got.duckdb.map((s) => s[key]),
      )
    const one = (n: number) => ({ median: n, min: n, max: n, runs: 1 })
    const rows: Row[] = [
      {
        label: `${CLIENTS} clients — temoin serve on ClickHouse 18.16: events/s acknowledged`,
        unit: 'events/s',
        ...stat('clickhouse', 'perSecond'),
        ratio: { value: ratio('perSecond'), of: 'DuckDB' },
      },
      {
        label: `${CLIENTS} clients — temoin serve on DuckDB: events/s acknowledged`,
        unit: 'events/s',
        ...stat('duckdb', 'perSecond'),
      },
      {
        label: `${CLIENTS} clients — temoin serve on ClickHouse 18.16: latency p99`,
        unit: 'ms',
        ...stat('clickhouse', 'p99'),
        ratio: { value: ratio('p99'), of: 'DuckDB' },
      },
      {
        label: `${CLIENTS} clients — temoin serve on DuckDB: latency p99`,
        unit: 'ms',
        ...stat('duckdb', 'p99'),
      },
      {
        label: 'ClickHouse: active parts of the busiest partition after the load',
        unit: 'parts',
        ...one(busiest),
        ratio: { value: busiest / delayAt, of: `parts_to_delay_insert (${delayAt})` },
      },
    ]
    return {
      rows,
      goals: [
        checkGoal(
          `ClickHouse's busiest partition ≤ ½ of the parts at which the server starts delaying inserts (parts_to_delay_insert, ${delayAt}), after ${CLIENTS} clients' load`,
          busiest / delayAt,
          'at most',
          0.5,
        ),
      ],
      notes: [
        `Ingestion: part 3's load (autocannon, ${CLIENTS} connections, one page view per request) against two \`temoin serve\` processes on the example policy, one on a DuckDB file and one with \`--store clickhouse://…\` on Debian's ClickHouse 18.16 server (a plain process this part starts, its own folder and ports); ${runs} runs of ${seconds} s each, alternating, after 1 s of uncounted warm-up. Each 202 comes after the insert (or the commit) that holds the event: the group-commit writer makes one insert of whatever the clients sent meanwhile. Checked afterwards: ${acked.clickhouse.toLocaleString('en-US')} events acknowledged by the ClickHouse collector, ${Number(stored?.n).toLocaleString('en-US')} stored.`,
        `Parts: each insert makes one part per month it touches, and the server merges them in the background; it delays inserts from ${delayAt} active parts in a partition and refuses them at about twice that. Measured once, right after the load.`,
      ],
    }
  } finally {
    for (const process of started) process.child.kill('SIGKILL')
    await Promise.all(started.map((process) => process.exited))
    await server.stop()
    for (const folder of folders) await rm(folder, { recursive: true, force: true })
  }
}

async function measureDashboard(ctx: BenchContext, size: number, runs: number) {
  const dir = await mkdtemp(join(tmpdir(), 'temoin-bench-ch-'))
  let duck: Store | undefined
  let house: Store | undefined
  try {
    const now = Date.parse('2026-11-30T15:00:00.000Z')
    duck = await createDuckdbStore({ path: join(dir, 'temoin.duckdb'), rollups: statsRollups })
    house = await createClickhouseStore(await connectChdb(join(dir, 'chdb'), 'temoin'))
    ctx.log(`seeding ${size.toLocaleString('en-US')} events into DuckDB and chdb`)
    await writeSynthetic([duck, house], {
      events: size,
      months: 12,
      now,
      seed: 7,
      sites: [SITE, 'news.example'],
      lifetimeMonths: 13,
      purposes: ['statistics', 'personalisation'],
      versions: ['2026-06', '2026-11'],
      validityMonths: 13,
      refusalMonths: 6,
    })
    const query = lastDaysQuery(SITE, 30, now)
    const stores = { duckdb: duck, clickhouse: house }
    const answers: Partial<Record<Engine, unknown>> = {}
    // One uncounted run of each, whose answers are compared; then the counted runs, alternating.
    for (const engine of ['duckdb', 'clickhouse'] as const)
      answers[engine] = await queryDashboard(stores[engine], query)
    if (!isDeepStrictEqual(answers.duckdb, answers.clickhouse))
      throw new Error(`${size} events: the dashboard on ClickHouse differs from DuckDB's`)
    const times = await alternate(ENGINES, runs, async (engine) => {
      const started = performance.now()
      await queryDashboard(stores[engine], query)
      return performance.now() - started
    })
    const n = size.toLocaleString('en-US')
    const rows: Row[] = [
      {
        label: `${n} events — the whole dashboard on ClickHouse (chdb 26, raw rows)`,
        unit: 'ms',
        ...summarize(times.clickhouse),
        ratio: { value: pairedRatio(times.clickhouse, times.duckdb), of: 'DuckDB' },
      },
      {
        label: `${n} events — the whole dashboard on DuckDB (its rollups)`,
        unit: 'ms',
        ...summarize(times.duckdb),
      },
    ]
    return {
      rows,
      notes: [
        `Dashboard, ${n} events: 12 months of synthetic traffic (\`generateTraffic\`, two sites, and a consent decision per 20 events) written to a DuckDB file (with the dashboard's rollups) and to chdb 26 (ClickHouse's engine in this process, a folder of its own; the ClickHouse store has no rollups yet, so it reads the raw rows); the whole dashboard of the main site over the last 30 days (\`queryDashboard\`, every endpoint at once), ${runs} runs each, alternating, after one uncounted run of each whose answers must be equal.`,
      ],
    }
  } finally {
    await duck?.close()
    await house?.close()
    await rm(dir, { recursive: true, force: true })
  }
}
