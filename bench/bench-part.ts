/**
 * The shapes every part of `npm run bench` shares: a part is registered once in `parts.ts` with
 * its time limits, and returns rows (a median, a spread, and a ratio against a baseline measured
 * in the same run) or says that what it measures does not exist yet.
 */

/** A median and its spread over the runs of one figure. */
export interface Stat {
  readonly median: number
  readonly min: number
  readonly max: number
  /** How many runs the figure is the median of. */
  readonly runs: number
}

/** One line of a part's table. */
export interface Row extends Stat {
  readonly label: string
  /** 'B', 'ms', 'events/s', 'MiB'… */
  readonly unit: string
  /** The figure divided by a baseline measured in the same run, and what that baseline is. */
  readonly ratio?: { readonly value: number; readonly of: string }
}

/** A goal of the issue, checked on a ratio of the same run. */
export interface Goal {
  /** e.g. 'Témoin ≤ ¼ of the best peer (evaluation time)'. */
  readonly text: string
  readonly ratio: number
  readonly target: number
  readonly direction: 'at most' | 'at least'
  readonly met: boolean
}

/** What a part hands back. */
export type PartOutcome =
  | {
      readonly status: 'measured'
      readonly rows: readonly Row[]
      readonly goals: readonly Goal[]
      /** What was counted, how, and what the figures mean (one sentence each). */
      readonly notes: readonly string[]
    }
  | { readonly status: 'not-available'; readonly reason: string }

/** A part's outcome when it measured something. */
export type Measured = Extract<PartOutcome, { status: 'measured' }>

/** What a part receives. */
export interface BenchContext {
  readonly quick: boolean
  /** `--runs`: runs per figure (the median is taken over them); undefined: the part's default. */
  readonly runs: number | undefined
  /** `--events`: the data sizes of the parts that seed data. */
  readonly events: readonly number[] | undefined
  /** `--duration`: seconds of load per run, for the parts that apply load. */
  readonly duration: number | undefined
  /** `--profile`: record a CPU profile of the server (part 3). */
  readonly profile: boolean
  /** Aborted when the part's time limit is reached: stop and release what was started. */
  readonly signal: AbortSignal
  /** A progress line on stderr. */
  log(line: string): void
}

/** A part of the suite, registered in `parts.ts`. */
export interface BenchPart {
  /** What `--only` takes. */
  readonly id: string
  readonly number: number
  readonly title: string
  /** Seconds before the part is stopped and reported as failed. */
  readonly timeLimit: { readonly full: number; readonly quick: number }
  /** The command that reproduces this part alone. */
  readonly reproduce: string
  run(ctx: BenchContext): Promise<PartOutcome>
}

/** A part as it is written in results.json. */
export type PartResult = Pick<BenchPart, 'id' | 'number' | 'title' | 'reproduce'> & {
  readonly seconds: number
} & (PartOutcome | { readonly status: 'failed'; readonly error: string })

/** bench/results.json. */
export interface BenchResults {
  readonly machine: {
    readonly cpu: string
    readonly cores: number
    readonly memoryGiB: number
    readonly node: string
    readonly os: string
    readonly date: string
    readonly commit: string
  }
  readonly command: string
  readonly quick: boolean
  readonly parts: readonly PartResult[]
}
