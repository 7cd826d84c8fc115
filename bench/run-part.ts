import type { BenchContext, BenchPart, PartResult } from './bench-part.js'

/** How long a part may take to release what it started once its time is up. */
const GRACE_MS = 15_000

/**
 * Runs one part within its time limit. When the limit is reached, the part's signal aborts
 * (it stops its load, closes its browser and servers) and the part is reported as failed; a
 * part that throws is reported as failed with its message. Never throws itself.
 *
 * @example const result = await runPart(part, { quick: true, runs: 2, events: undefined, duration: undefined, profile: false, log })
 */
export async function runPart(
  part: BenchPart,
  options: Omit<BenchContext, 'signal'>,
): Promise<PartResult> {
  const limit = options.quick ? part.timeLimit.quick : part.timeLimit.full
  const controller = new AbortController()
  const started = performance.now()
  const head = { id: part.id, number: part.number, title: part.title, reproduce: part.reproduce }
  const seconds = () => Math.round((performance.now() - started) / 100) / 10
  let timer: NodeJS.Timeout | undefined
  const timeUp = new Promise<'time-up'>((resolve) => {
    timer = setTimeout(() => resolve('time-up'), limit * 1000)
  })
  const running = part.run({ ...options, signal: controller.signal })
  try {
    const outcome = await Promise.race([running, timeUp])
    if (outcome !== 'time-up') return { ...head, seconds: seconds(), ...outcome }
    controller.abort(new Error(`time limit of ${limit} s reached`))
    // Let the part release its browser, servers and temp folders before going on.
    await Promise.race([running.catch(() => undefined), sleep(GRACE_MS)])
    return {
      ...head,
      seconds: seconds(),
      status: 'failed',
      error: `stopped at its time limit (${limit} s${options.quick ? ', --quick' : ''}); lower its sizes or raise the timeLimit of part ${part.id} in bench/parts/`,
    }
  } catch (e) {
    controller.abort(e)
    return {
      ...head,
      seconds: seconds(),
      status: 'failed',
      error: e instanceof Error ? (e.stack ?? e.message) : String(e),
    }
  } finally {
    clearTimeout(timer)
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref())
}
