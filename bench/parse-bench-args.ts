import { parseArgs } from 'node:util'

/** What `npm run bench -- …` asked for. */
export interface BenchArgs {
  readonly quick: boolean
  /** Part ids, or undefined for every part. */
  readonly only: readonly string[] | undefined
  readonly runs: number | undefined
  readonly events: readonly number[] | undefined
  readonly duration: number | undefined
  readonly profile: boolean
  /** Only regenerate docs/benchmarks.md from bench/results.json. */
  readonly render: boolean
  /** Where results.json and benchmarks.md go; undefined: bench/ and docs/ for a full run. */
  readonly out: string | undefined
  readonly help: boolean
}

export const BENCH_USAGE = `npm run bench -- [options]

  --quick            a few runs of small sizes (under 2 minutes): proves the suite works
  --only PART        only this part (repeat or comma-separate): weight, banner, ingestion, queries, publication, hostile, clickhouse
  --runs N           runs per figure (each part has its default; --quick 2)
  --events N[,N…]    data sizes for the parts that seed data (e.g. 1e6,1e7)
  --duration S       seconds of load per run for the ingestion part (default 8, --quick 2)
  --profile          record a CPU profile of the server under load (reports/bench/profile/)
  --out DIR          write results.json and benchmarks.md there
  --render           only rewrite docs/benchmarks.md from bench/results.json

A full run (no --quick, no --only) writes bench/results.json and docs/benchmarks.md; any other
run writes reports/bench/results.json and reports/bench/benchmarks.md, so that it never replaces
the published figures.`

/**
 * Parses the bench's command line; a bad value throws a message that names it and says what is
 * expected.
 *
 * @example parseBenchArgs(['--quick', '--only', 'weight,banner', '--events', '1e6'])
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      runs: { type: 'string' },
      events: { type: 'string' },
      duration: { type: 'string' },
      profile: { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const only = values.only
    ?.flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
  return {
    quick: values.quick,
    only: only && only.length > 0 ? only : undefined,
    runs: values.runs === undefined ? undefined : toCount('--runs', values.runs, 1, 1000),
    events:
      values.events === undefined
        ? undefined
        : values.events.split(',').map((v) => toCount('--events', v, 1, 1e9)),
    duration:
      values.duration === undefined ? undefined : toCount('--duration', values.duration, 1, 600),
    profile: values.profile,
    render: values.render,
    out: values.out,
    help: values.help,
  }
}

/** A whole number written plainly or in exponent form (1e6), within bounds. */
function toCount(flag: string, text: string, min: number, max: number): number {
  const n = Number(text.trim())
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new RangeError(
      `${flag} ${text}: expected a whole number from ${min} to ${max} (e.g. 1e6)`,
    )
  }
  return n
}
