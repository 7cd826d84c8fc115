import { describe, expect, it } from 'vitest'
import { scriptTimeFromTrace, type TraceEvent } from './script-time-from-trace.js'

const A = 'http://127.0.0.1/a.js'
const main = {
  ph: 'M',
  name: 'thread_name',
  pid: 1,
  tid: 7,
  ts: 0,
  args: { name: 'CrRendererMain' },
}
const other = {
  ph: 'M',
  name: 'thread_name',
  pid: 1,
  tid: 8,
  ts: 0,
  args: { name: 'ThreadPoolForegroundWorker' },
}
const span = (name: string, ts: number, dur: number, url = A, tid = 7): TraceEvent => ({
  name,
  ph: 'X',
  pid: 1,
  tid,
  ts,
  dur,
  args: { data: { url } },
})

describe('scriptTimeFromTrace', () => {
  it("adds the main thread's evaluation and later calls of the scripts, nested spans once", () => {
    const events = [
      main,
      other,
      span('EvaluateScript', 1000, 3000),
      span('FunctionCall', 1500, 1000), // inside the evaluation
      span('FunctionCall', 10_000, 2000), // a listener later
      span('FunctionCall', 20_000, 5000, 'http://127.0.0.1/other.js'), // not ours
      span('v8.compile', 30_000, 9000, A, 8), // off the main thread
      span('Layout', 40_000, 9000), // not JavaScript
    ]
    expect(scriptTimeFromTrace(events, [A])).toBe(5)
  })
  it('leaves out the style and layout a script forced while it ran', () => {
    const events = [
      main,
      span('EvaluateScript', 0, 10_000),
      span('Layout', 2000, 3000), // forced by the script
      span('UpdateLayoutTree', 2500, 1000), // nested in that layout
      span('Layout', 20_000, 3000), // the page's own, later
    ]
    expect(scriptTimeFromTrace(events, [A])).toBe(7)
  })
  it('counts overlapping spans once', () => {
    const events = [main, span('v8.compile', 0, 2000), span('EvaluateScript', 1000, 2000)]
    expect(scriptTimeFromTrace(events, [A])).toBe(3)
  })
  it('fails on a trace without a renderer main thread', () => {
    expect(() => scriptTimeFromTrace([span('EvaluateScript', 0, 1)], [A])).toThrow(/CrRendererMain/)
  })
})
