import { describe, expect, it } from 'vitest'
import type { TraceEvent } from './script-time-from-trace.js'
import { scriptToMarkFromTrace } from './script-to-mark-from-trace.js'

const A = 'http://127.0.0.1/a.js'
const B = 'http://127.0.0.1/b.js'
const thread = (tid: number, name: string): TraceEvent => ({
  ph: 'M',
  name: 'thread_name',
  pid: 1,
  tid,
  ts: 0,
  args: { name },
})
const span = (name: string, ts: number, url = A, tid = 7): TraceEvent => ({
  name,
  ph: 'X',
  pid: 1,
  tid,
  ts,
  dur: 1000,
  args: { data: { url } },
})
const mark = (ts: number): TraceEvent => ({ name: 'visible', ph: 'R', pid: 1, tid: 7, ts })

describe('scriptToMarkFromTrace', () => {
  it("measures from the first of the scripts' start on the main thread to the mark", () => {
    const events = [
      thread(7, 'CrRendererMain'),
      thread(8, 'ThreadPoolForegroundWorker'),
      span('v8.compile', 1000, A, 8), // off the main thread: not a start
      span('FunctionCall', 2000, A), // a call, not a start
      span('EvaluateScript', 5000, B),
      span('EvaluateScript', 9000, A),
      mark(125_000),
    ]
    expect(scriptToMarkFromTrace(events, [A, B], 'visible')).toBe(120)
  })
  it('fails when the script or the mark is missing', () => {
    const main = thread(7, 'CrRendererMain')
    expect(() => scriptToMarkFromTrace([main, mark(10)], [A], 'visible')).toThrow(/none/)
    expect(() =>
      scriptToMarkFromTrace([main, span('EvaluateScript', 1, A)], [A], 'visible'),
    ).toThrow(/no mark visible/)
  })
})
