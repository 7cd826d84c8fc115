/**
 * `npm run bench`: runs the registered parts (parts.ts) one after the other, each within its
 * time limit, prints a table, and writes results.json and benchmarks.md. Exits 1 when a part
 * failed (a crash or its time limit), 2 on a bad command line; a missed goal is a figure, not a
 * failure. See `npm run bench -- --help`.
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchResults, PartResult } from './bench-part.js'
import { formatBenchmarksMd } from './format-benchmarks-md.js'
import { formatTable } from './format-table.js'
import { machineInfo } from './machine-info.js'
import { BENCH_USAGE, parseBenchArgs, type BenchArgs } from './parse-bench-args.js'
import { PARTS } from './parts.js'
import { runPart } from './run-part.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PUBLISHED = { json: join(ROOT, 'bench/results.json'), md: join(ROOT, 'docs/benchmarks.md') }

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs
  try {
    args = parseBenchArgs(argv)
  } catch (e) {
    console.error(`bench: ${e instanceof Error ? e.message : String(e)}\n\n${BENCH_USAGE}`)
    return 2
  }
  if (args.help) {
    console.log(BENCH_USAGE)
    return 0
  }
  if (args.render) {
    const results = JSON.parse(await readFile(PUBLISHED.json, 'utf8')) as BenchResults
    await writeFile(PUBLISHED.md, formatBenchmarksMd(results))
    console.log(`bench: wrote ${PUBLISHED.md} from ${PUBLISHED.json}`)
    return 0
  }
  const unknown = args.only?.filter((id) => !PARTS.some((p) => p.id === id)) ?? []
  if (unknown.length > 0) {
    console.error(
      `bench: no part named ${unknown.join(', ')}; the parts are ${PARTS.map((p) => p.id).join(', ')}`,
    )
    return 2
  }
  for (const built of ['dist/browser/temoin.js', 'dist/cli/run.js']) {
    if (!existsSync(join(ROOT, built))) {
      console.error(`bench: ${built} is missing: build first (npm run build)`)
      return 2
    }
  }

  // Read before the parts run: the code measured is the code at the start.
  const machine = machineInfo(ROOT)
  const parts: PartResult[] = []
  for (const part of PARTS.filter((p) => !args.only || args.only.includes(p.id))) {
    console.error(`bench: part ${part.number}, ${part.title}…`)
    const result = await runPart(part, {
      quick: args.quick,
      runs: args.runs,
      events: args.events,
      duration: args.duration,
      profile: args.profile,
      log: (line) => console.error(`bench:   ${line}`),
    })
    if (result.status === 'failed') console.error(`bench:   FAILED: ${result.error}`)
    parts.push(result)
  }
  const results: BenchResults = {
    machine,
    command: ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' '),
    quick: args.quick,
    parts,
  }

  const published = !args.quick && !args.only && args.out === undefined
  const dir = args.out ?? join(ROOT, 'reports/bench')
  const target = published
    ? PUBLISHED
    : { json: join(dir, 'results.json'), md: join(dir, 'benchmarks.md') }
  if (!published) await mkdir(dir, { recursive: true })
  await writeFile(target.json, `${JSON.stringify(results, null, 2)}\n`)
  await writeFile(target.md, formatBenchmarksMd(results))
  console.log(formatTable(results))
  console.error(`bench: wrote ${target.json} and ${target.md}`)
  const failed = parts.filter((p) => p.status === 'failed')
  if (failed.length > 0) {
    console.error(`bench: ${failed.length} part(s) failed: ${failed.map((p) => p.id).join(', ')}`)
    return 1
  }
  return 0
}

process.exitCode = await main(process.argv.slice(2))
// Every part closes what it started; should a handle still hold the loop, do not hang CI on it.
setTimeout(() => {
  console.error('bench: something was left open after the run; exiting anyway')
  process.exit()
}, 10_000).unref()
