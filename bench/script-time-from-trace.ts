/** The fields of a Chrome trace event this module reads. */
export interface TraceEvent {
  readonly name: string
  readonly ph: string
  readonly pid: number
  readonly tid: number
  /** Start, µs. */
  readonly ts: number
  /** Duration of a complete ('X') event, µs. */
  readonly dur?: number
  readonly args?: { readonly name?: string; readonly data?: { readonly url?: string } }
}

/** The main-thread events that run a script's JavaScript, as DevTools' "Scripting" counts them. */
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'v8.compile', 'v8.evaluateModule', 'FunctionCall'])

/**
 * Rendering work that JavaScript can force synchronously (reading a layout, focusing an
 * element): it shows up nested in the script's events, and DevTools counts it as "Rendering".
 */
const RENDER_EVENTS = new Set([
  'UpdateLayoutTree',
  'RecalculateStyles',
  'Layout',
  'ParseAuthorStyleSheet',
  'PrePaint',
  'Paint',
  'Layerize',
  'HitTest',
  'ParseHTML',
])

interface Span {
  readonly start: number
  readonly end: number
}

/**
 * The main-thread time spent running the given scripts' JavaScript, in ms: compile, top-level
 * evaluation and later calls (event listeners, timers, callbacks) whose script URL is one of
 * `urls`, nested events counted once, without the style, layout and paint that the script
 * forced while it ran (DevTools puts those under "Rendering"; the time until the banner is
 * visible has them). This is "script evaluation time" in the bench.
 *
 * @example scriptTimeFromTrace(JSON.parse(trace).traceEvents, ['http://127.0.0.1:4000/temoin.js'])
 */
export function scriptTimeFromTrace(
  events: readonly TraceEvent[],
  urls: readonly string[],
): number {
  const wanted = new Set(urls)
  const isMain = mainThreads(events)
  const js = events.filter(
    (e) =>
      e.ph === 'X' && SCRIPT_EVENTS.has(e.name) && isMain(e) && wanted.has(e.args?.data?.url ?? ''),
  )
  let total = 0
  // Per thread: the union of the script spans, less the rendering spans inside them.
  for (const thread of new Set(js.map(threadOf))) {
    const scripts = union(js.filter((e) => threadOf(e) === thread).map(toSpan))
    const inside = (s: Span) => scripts.some((x) => s.start >= x.start && s.end <= x.end)
    const rendering = union(
      events
        .filter((e) => e.ph === 'X' && RENDER_EVENTS.has(e.name) && threadOf(e) === thread)
        .map(toSpan)
        .filter(inside),
    )
    total += length(scripts) - length(rendering)
  }
  return total / 1000
}

/** A test of "runs on a renderer's main thread"; throws when the trace has none. */
function mainThreads(events: readonly TraceEvent[]): (e: TraceEvent) => boolean {
  const threads = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map(threadOf),
  )
  if (threads.size === 0) {
    throw new Error('the trace has no renderer main thread (CrRendererMain): was the page traced?')
  }
  return (e) => threads.has(threadOf(e))
}

const threadOf = (e: TraceEvent) => `${e.pid}:${e.tid}`
const toSpan = (e: TraceEvent): Span => ({ start: e.ts, end: e.ts + (e.dur ?? 0) })
const length = (spans: readonly Span[]) => spans.reduce((n, s) => n + s.end - s.start, 0)

/** Sorted, non-overlapping spans covering the same time. */
function union(spans: readonly Span[]): Span[] {
  const out: Span[] = []
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = out.at(-1)
    if (last && s.start <= last.end)
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) }
    else out.push(s)
  }
  return out
}
