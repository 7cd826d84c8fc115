import { describe, expect, it } from 'vitest'
import { summarizeCpuProfile } from './summarize-cpu-profile.js'

describe('summarizeCpuProfile', () => {
  it('groups self time by package, our files and V8 pseudo-frames', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 })
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('parse', 'file:///app/node_modules/hono/dist/router.js') },
        { id: 3, callFrame: frame('handle', 'file:///app/dist/collector/handle-event.js') },
        { id: 4, callFrame: frame('(garbage collector)', '') },
      ],
      samples: [1, 2, 2, 3, 4, 1, 1, 2],
      timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100],
    }
    const { byPlace, byFunction } = summarizeCpuProfile(profile)
    expect(byPlace).toEqual([
      { name: 'idle', share: 3 / 8 },
      { name: 'hono', share: 3 / 8 },
      { name: 'temoin collector/handle-event', share: 1 / 8 },
      { name: 'garbage collector', share: 1 / 8 },
    ])
    expect(byFunction[1]).toEqual({ name: 'parse (hono:10)', share: 3 / 8 })
  })
})
