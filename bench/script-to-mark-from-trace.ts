import type { TraceEvent } from './script-time-from-trace.js'

/** The main-thread events that start running a script (compile or evaluation). */
const START_EVENTS = new Set(['EvaluateScript', 'v8.compile', 'v8.evaluateModule'])

/**
 * The time from the moment the first of the given scripts starts to run (its compile or
 * evaluation on a renderer's main thread, whichever comes first) to a `performance.mark(mark)`
 * the page made, in ms, from one trace (the `devtools.timeline` and `blink.user_timing`
 * categories). The bench marks the frame that first paints the banner, so this is the banner's
 * own latency: what runs before its script (the renderer's start, the page's download and
 * parsing up to the script) is left out; what the script waits for after it started (the rest
 * of the page's parsing, style, layout and paint of the frame) is in.
 *
 * @example scriptToMarkFromTrace(events, ['http://127.0.0.1:4000/temoin.js'], 'bench-visible') // 112.4
 */
export function scriptToMarkFromTrace(
  events: readonly TraceEvent[],
  urls: readonly string[],
  mark: string,
): number {
  const wanted = new Set(urls)
  const main = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  )
  const starts = events
    .filter(
      (e) =>
        START_EVENTS.has(e.name) &&
        main.has(`${e.pid}:${e.tid}`) &&
        wanted.has(e.args?.data?.url ?? ''),
    )
    .map((e) => e.ts)
  const marks = events.filter((e) => e.name === mark).map((e) => e.ts)
  if (starts.length === 0) {
    throw new Error(`the trace shows none of these scripts starting: ${urls.join(', ')}`)
  }
  if (marks.length === 0) {
    throw new Error(`the trace has no mark ${mark}: trace the blink.user_timing category`)
  }
  return (Math.min(...marks) - Math.min(...starts)) / 1000
}
