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
import { BENCH_ROOT } from '../bench-root.js'
import { checkGoal } from '../format-figures.js'
import { peakRssMiB } from '../peak-rss.js'
import { runLoad, type LoadOptions, type LoadRun } from '../run-load.js'
import { startBareServer } from '../start-bare-server.js'
import { summarize } from '../summarize.js'
import { summarizeCpuProfile, type CpuProfile } from '../summarize-cpu-profile.js'

/** Clients of the load generator: each sends its next event when the last one is answered. */
const CONNECTIONS = 64
/** A site of the example policy (the Origin allow-list). */
const SITE = 'http://localhost:4000'
const HEADERS = {
  'content-type': 'text/plain',
  'user-agent': CHROME_UA,
  origin: SITE,
}
/** A page view as temoin.js sends it (src/protocol/event-payload.ts), one page per request. */
const event = (n: number) =>
  JSON.stringify({
    type: 'pageview',
    url: `${SITE}/p/${n % 5000}`,
    referrer: 'https://duckduckgo.com/',
  })

/**
 * Part 3: sustained ingestion. `temoin serve` (a real process on a DuckDB file in a temp folder,
 * each event answered only after its group commit) and a bare node:http server that answers 202
 * and does nothing, both driven by the same load generator (autocannon, in the bench process)
 * on 127.0.0.1, in alternating order, several runs each; the median events/s, p50/p99 latency
 * and each server's peak RSS. Every acknowledged event must be in the database afterwards.
 * With --profile, one more run (not counted) under `node --cpu-prof` says where the time goes.
 *
 * @example const outcome = await ingestion.run(ctx)
 */
export const ingestion: BenchPart = {
  id: 'ingestion',
  number: 3,
  title: 'Ingestion',
  timeLimit: { full: 300, quick: 45 },
  reproduce: 'npm run bench -- --only ingestion --runs 5 --duration 10',
  async run(ctx): Promise<PartOutcome> {
    const runs = ctx.runs ?? (ctx.quick ? 2 : 5)
    const seconds = ctx.duration ?? (ctx.quick ? 2 : 10)
    const work = await makeWorkdir({ rateLimitPerMinute: 1_000_000_000 })
    const bare = await startBareServer()
    let temoin: ServerProcess | undefined
    try {
      temoin = await startServerProcess({
        config: work.config,
        data: work.data,
        port: await freePort(),
      })
      const targets = { bare: bare.url, temoin: temoin.url }
      const load = (url: string, s: number) =>
        runLoad({ ...LOAD, url: `${url}/api/event`, seconds: s, signal: ctx.signal })
      const results: Record<keyof typeof targets, LoadRun[]> = { bare: [], temoin: [] }
      let acked = 0
      // Not counted: JIT warm-up of both servers and of the generator, DuckDB's first commits.
      for (const url of Object.values(targets))
        acked += (await load(url, 1)).ok * (url === temoin.url ? 1 : 0)
      for (let r = 0; r < runs; r++) {
        const order = r % 2 === 0 ? (['bare', 'temoin'] as const) : (['temoin', 'bare'] as const)
        for (const name of order) {
          const run = await load(targets[name], seconds)
          const f = run.failures
          if (f.non2xx + f.errors + f.timeouts > 0) {
            throw new Error(
              `${name}: ${f.non2xx} answers not 2xx, ${f.errors} errors, ${f.timeouts} timeouts in run ${r + 1}` +
                (name === 'temoin' ? `; server output:\n${temoin.output().slice(-2000)}` : ''),
            )
          }
          if (name === 'temoin') acked += run.ok
          results[name].push(run)
        }
        ctx.log(
          `run ${r + 1}/${runs}: bare ${Math.round(results.bare.at(-1)!.perSecond)}/s, temoin ${Math.round(results.temoin.at(-1)!.perSecond)}/s`,
        )
      }
      const rss = {
        bare: await peakRssMiB(bare.child.pid!),
        temoin: await peakRssMiB(temoin.child.pid!),
      }
      temoin.child.kill('SIGTERM')
      const code = await temoin.exited
      if (code !== 0)
        throw new Error(
          `temoin serve exited with ${String(code)}:\n${temoin.output().slice(-2000)}`,
        )
      temoin = undefined
      const stored = await countStored(work.data)
      if (stored < acked) {
        throw new Error(`${acked} events were acknowledged but only ${stored} are in the database`)
      }

      const outcome = toOutcome(results, rss, { runs, seconds, acked, stored })
      if (!ctx.profile) return outcome
      const profile = await profileServer(ctx, seconds)
      return { ...outcome, notes: [...outcome.notes, ...profile] }
    } finally {
      temoin?.child.kill('SIGKILL')
      await bare.close()
      await rm(work.dir, { recursive: true, force: true })
    }
  },
}

const LOAD: Omit<LoadOptions, 'url' | 'seconds' | 'signal'> = {
  connections: CONNECTIONS,
  headers: HEADERS,
  body: event,
}

function toOutcome(
  results: Record<'bare' | 'temoin', LoadRun[]>,
  rss: Record<'bare' | 'temoin', number>,
  run: { runs: number; seconds: number; acked: number; stored: number },
): Measured {
  const stat = (name: 'bare' | 'temoin', key: 'perSecond' | 'p50' | 'p99') =>
    summarize(results[name].map((r) => r[key]))
  const rows: Row[] = []
  const vsBare = (value: number, of: number) => ({ value: value / of, of: 'bare node:http' })
  const rate = { bare: stat('bare', 'perSecond'), temoin: stat('temoin', 'perSecond') }
  rows.push(
    {
      label: 'temoin serve: events/s acknowledged after commit',
      unit: 'events/s',
      ...rate.temoin,
      ratio: vsBare(rate.temoin.median, rate.bare.median),
    },
    { label: 'bare node:http (202, nothing stored): requests/s', unit: 'events/s', ...rate.bare },
  )
  for (const q of ['p50', 'p99'] as const) {
    const t = stat('temoin', q)
    const b = stat('bare', q)
    rows.push(
      { label: `temoin serve: latency ${q}`, unit: 'ms', ...t, ratio: vsBare(t.median, b.median) },
      { label: `bare node:http: latency ${q}`, unit: 'ms', ...b },
    )
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
  return {
    status: 'measured',
    rows,
    goals: [
      checkGoal(
        'temoin serve ≥ 0.5 of the bare server, events/s',
        rate.temoin.median / rate.bare.median,
        'at least',
        0.5,
      ),
    ],
    notes: [
      `Load: autocannon in the bench process, ${CONNECTIONS} connections on 127.0.0.1, each sending its next page view (POST /api/event, text/plain JSON, a browser user agent, an allowed Origin) when the previous one is answered; ${run.runs} runs of ${run.seconds} s per server in alternating order after 1 s of uncounted warm-up each. The generator and the server share the machine's cores, as they do for both servers.`,
      `temoin serve: \`node bin/temoin.js serve\` on the example policy (rate limit raised for one client address), a DuckDB file in a temp folder; every 202 comes after the group commit holding the event. Checked afterwards: ${run.acked.toLocaleString('en-US')} events acknowledged, ${run.stored.toLocaleString('en-US')} in the database.`,
      "Peak RSS: the kernel's high-water mark (VmHWM) of each server process over all its runs.",
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
async function profileServer(ctx: BenchContext, seconds: number): Promise<string[]> {
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
      await runLoad({ ...LOAD, url: `${server.url}/api/event`, seconds: 1, signal: ctx.signal })
      await runLoad({ ...LOAD, url: `${server.url}/api/event`, seconds, signal: ctx.signal })
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
    `Profile (--profile; one extra run of ${seconds} s under node --cpu-prof, not counted above; reports/bench/profile/${file}): self time by place: ${list(byPlace)}.`,
    `Heaviest functions: ${list(byFunction)}.`,
  ]
}
