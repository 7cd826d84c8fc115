import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import {
  CHROME_UA,
  freePort,
  makeWorkdir,
  startServerProcess,
  type ServerProcess,
} from '../../test/helpers/server-process.js'
import type { BenchContext, BenchPart, Measured, PartOutcome, Row } from '../bench-part.js'
import { alternate } from '../alternate.js'
import { BENCH_ROOT } from '../bench-root.js'
import { checkGoal } from '../check-goal.js'
import { peakRssMiB } from '../peak-rss.js'
import { processCpuSeconds } from '../process-cpu.js'
import { runLoad, type LoadOptions } from '../run-load.js'
import { startBareServer } from '../start-bare-server.js'
import { pairedRatio } from '../paired-ratio.js'
import { summarize } from '../summarize.js'
import { summarizeCpuProfile, type CpuProfile } from '../summarize-cpu-profile.js'

/**
 * Concurrent clients of the load generator, each sending its next event when the last one is
 * answered. Acknowledging after a durable commit makes an event wait for a commit, so the
 * throughput grows with the number of clients (a commit takes the whole queue): the part
 * measures a moderate and a busy level, and checks the goal at the busy one.
 */
const LEVELS = [64, 256] as const
/** A site of the example policy (the Origin allow-list). */
const SITE = 'http://localhost:4000'
/** A page view as temoin.js sends it (src/protocol/event-payload.ts), one per request. */
export const EVENT_LOAD: Omit<LoadOptions, 'url' | 'seconds' | 'connections' | 'signal'> = {
  headers: { 'content-type': 'text/plain', 'user-agent': CHROME_UA, origin: SITE },
  body: (n) =>
    JSON.stringify({
      type: 'pageview',
      url: `${SITE}/p/${n % 5000}`,
      referrer: 'https://duckduckgo.com/',
    }),
}

type Server = 'bare' | 'temoin'

/** One server's figures for one run at one level. */
interface Sample {
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
  /** Server CPU time per acknowledged event, µs. */
  readonly cpu: number
}

/**
 * Part 3: sustained ingestion. `temoin serve` (a real process on a DuckDB file in a temp folder,
 * each event answered only after its group commit) and a bare node:http server that answers 202
 * and does nothing, both driven by the same load generator (autocannon, in the bench process)
 * on 127.0.0.1, in alternating order, several runs each at each level of concurrency; the
 * median events/s, p50/p99 latency, server CPU time per event, and each server's peak RSS.
 * Every acknowledged event must be in the database afterwards. With --profile, one more run
 * (not counted) under `node --cpu-prof` says where the server's time goes.
 *
 * @example const outcome = await ingestion.run(ctx)
 */
export const ingestion: BenchPart = {
  id: 'ingestion',
  number: 3,
  title: 'Ingestion',
  timeLimit: { full: 420, quick: 45 },
  reproduce: 'npm run bench -- --only ingestion --runs 4 --duration 8',
  async run(ctx): Promise<PartOutcome> {
    const runs = ctx.runs ?? (ctx.quick ? 2 : 4)
    const seconds = ctx.duration ?? (ctx.quick ? 2 : 8)
    const levels = ctx.quick ? LEVELS.slice(-1) : LEVELS
    const work = await makeWorkdir({ rateLimitPerMinute: 1_000_000_000 })
    const bare = await startBareServer()
    let temoin: ServerProcess | undefined
    try {
      temoin = await startServerProcess({
        config: work.config,
        data: work.data,
        port: await freePort(),
      })
      const server = {
        bare: { url: bare.url, pid: bare.child.pid! },
        temoin: { url: temoin.url, pid: temoin.child.pid! },
      }
      const running = temoin
      const output = () => running.output()
      let acked = 0
      const measure = async (name: Server, connections: number, s: number): Promise<Sample> => {
        const before = await processCpuSeconds(server[name].pid)
        const run = await runLoad({
          ...EVENT_LOAD,
          url: `${server[name].url}/api/event`,
          seconds: s,
          connections,
          signal: ctx.signal,
        })
        const cpu = (((await processCpuSeconds(server[name].pid)) - before) * 1e6) / run.ok
        const f = run.failures
        if (f.non2xx + f.errors + f.timeouts > 0) {
          throw new Error(
            `${name}, ${connections} clients: ${f.non2xx} answers not 2xx, ${f.errors} errors, ${f.timeouts} timeouts` +
              (name === 'temoin' ? `; server output:\n${output().slice(-2000)}` : ''),
          )
        }
        if (name === 'temoin') acked += run.ok
        return { perSecond: run.perSecond, p50: run.p50, p99: run.p99, cpu }
      }

      // Not counted: JIT warm-up of both servers and of the generator, DuckDB's first commits.
      for (const name of ['bare', 'temoin'] as const) await measure(name, levels[0], 1)
      const samples = new Map<number, Record<Server, Sample[]>>()
      for (const level of levels)
        samples.set(
          level,
          await alternate(
            ['bare', 'temoin'],
            runs,
            (name) => measure(name, level, seconds),
            (r, got) =>
              ctx.log(
                `${level} clients, run ${r + 1}/${runs}: bare ${Math.round(got.bare.at(-1)!.perSecond)}/s, temoin ${Math.round(got.temoin.at(-1)!.perSecond)}/s`,
              ),
          ),
        )
      const rss = {
        bare: await peakRssMiB(server.bare.pid),
        temoin: await peakRssMiB(server.temoin.pid),
      }
      temoin.child.kill('SIGTERM')
      const code = await temoin.exited
      if (code !== 0)
        throw new Error(`temoin serve exited with ${String(code)}:\n${output().slice(-2000)}`)
      temoin = undefined
      const stored = await countStored(work.data)
      if (stored < acked) {
        throw new Error(`${acked} events were acknowledged but only ${stored} are in the database`)
      }

      const outcome = toOutcome(samples, rss, { runs, seconds, acked, stored })
      if (!ctx.profile) return outcome
      const profile = await profileServer(ctx, levels.at(-1)!, seconds)
      return { ...outcome, notes: [...outcome.notes, ...profile] }
    } finally {
      temoin?.child.kill('SIGKILL')
      await bare.close()
      await rm(work.dir, { recursive: true, force: true })
    }
  },
}

function toOutcome(
  samples: Map<number, Record<Server, Sample[]>>,
  rss: Record<Server, number>,
  run: { runs: number; seconds: number; acked: number; stored: number },
): Measured {
  const rows: Row[] = []
  const vsBare = (value: number, of: number) => ({ value: value / of, of: 'bare node:http' })
  let goalRatio = 0
  for (const [level, got] of samples) {
    const stat = (name: Server, key: keyof Sample) => summarize(got[name].map((s) => s[key]))
    const figures = [
      ['perSecond', 'events/s acknowledged', 'requests/s', 'events/s'],
      ['p50', 'latency p50', 'latency p50', 'ms'],
      ['p99', 'latency p99', 'latency p99', 'ms'],
      ['cpu', 'server CPU time per event', 'server CPU time per request', 'µs'],
    ] as const
    for (const [key, temoinLabel, bareLabel, unit] of figures) {
      const t = stat('temoin', key)
      const b = stat('bare', key)
      rows.push(
        {
          label: `${level} clients — temoin serve: ${temoinLabel}`,
          unit,
          ...t,
          // Runs of one round ran one right after the other: their ratios pair.
          ratio: {
            value: pairedRatio(
              got.temoin.map((x) => x[key]),
              got.bare.map((x) => x[key]),
            ),
            of: 'bare node:http',
          },
        },
        { label: `${level} clients — bare node:http: ${bareLabel}`, unit, ...b },
      )
      if (key === 'perSecond') {
        goalRatio = pairedRatio(
          got.temoin.map((x) => x.perSecond),
          got.bare.map((x) => x.perSecond),
        )
      }
    }
  }
  const one = (n: number) => ({ median: n, min: n, max: n, runs: 1 })
  rows.push(
    {
      label: 'temoin serve: peak RSS',
      unit: 'MiB',
      ...one(rss.temoin),
      ratio: vsBare(rss.temoin, rss.bare),
    },
    { label: 'bare node:http: peak RSS', unit: 'MiB', ...one(rss.bare) },
  )
  const busiest = [...samples.keys()].at(-1)!
  return {
    status: 'measured',
    rows,
    goals: [
      checkGoal(
        `temoin serve ≥ 0.5 of the bare server, events/s with ${busiest} clients`,
        goalRatio,
        'at least',
        0.5,
      ),
    ],
    notes: [
      `Load: autocannon in the bench process on 127.0.0.1, at ${[...samples.keys()].join(' and ')} concurrent connections, each sending its next page view (POST /api/event, text/plain JSON, a browser user agent, an allowed Origin) when the previous one is answered; ${run.runs} runs of ${run.seconds} s per server and level, in alternating order, after 1 s of uncounted warm-up each. The generator and the servers share the machine's cores.`,
      `temoin serve: \`node bin/temoin.js serve\` on the example policy (rate limit raised for the one client address), a DuckDB file in a temp folder; every 202 comes after the group commit that holds the event, so an event waits for a commit and the throughput grows with the number of clients whose events one commit takes. Checked afterwards: ${run.acked.toLocaleString('en-US')} events acknowledged, ${run.stored.toLocaleString('en-US')} in the database.`,
      'Ratios: the median of the ratios of each round (the two servers of a round are loaded one right after the other).',
      "CPU time per event: the server process's user + system time (every thread, DuckDB's included) during a run, divided by the events it acknowledged; it moves far less than events/s with what else the shared machine runs. Peak RSS: the kernel's high-water mark (VmHWM) of each server process over all its runs.",
    ],
  }
}

async function countStored(data: string): Promise<number> {
  const store = await createDuckdbStore({ path: join(data, 'temoin.duckdb') })
  try {
    return await store.countEvents({})
  } finally {
    await store.close()
  }
}

/**
 * One more run of `temoin serve`, under `node --cpu-prof`, on a fresh data folder: where the
 * server's time goes under the same load, as lines for the notes.
 */
async function profileServer(
  ctx: BenchContext,
  connections: number,
  seconds: number,
): Promise<string[]> {
  const dir = join(BENCH_ROOT, 'reports/bench/profile')
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const work = await makeWorkdir({ rateLimitPerMinute: 1_000_000_000 })
  try {
    const server = await startServerProcess({
      config: work.config,
      data: work.data,
      port: await freePort(),
      nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    })
    try {
      const load = {
        ...EVENT_LOAD,
        url: `${server.url}/api/event`,
        connections,
        signal: ctx.signal,
      }
      await runLoad({ ...load, seconds: 1 })
      await runLoad({ ...load, seconds })
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  } finally {
    await rm(work.dir, { recursive: true, force: true })
  }
  const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'))
  if (!file) throw new Error(`node --cpu-prof wrote no profile in ${dir}`)
  const { byPlace, byFunction } = summarizeCpuProfile(
    JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile,
  )
  const list = (shares: typeof byPlace) =>
    shares.map((s) => `${s.name} ${(s.share * 100).toFixed(1)} %`).join(', ')
  ctx.log(`profile: reports/bench/profile/${file}`)
  return [
    `Profile of the server's main thread (--profile: one extra run of ${seconds} s at ${connections} clients under node --cpu-prof, not counted above; start-up included): self time by place: ${list(byPlace)}.`,
    `Heaviest functions: ${list(byFunction)}.`,
  ]
}
