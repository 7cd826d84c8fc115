import { describe, expect, it } from 'vitest'
import { createBoundedQueue } from './bounded-queue.js'

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('createBoundedQueue', () => {
  it('runs `concurrency` tasks, keeps `queue` waiting, refuses the rest without running them, and says whether more fit', async () => {
    const line = createBoundedQueue({ concurrency: 2, queue: 3 })
    let running = 0
    let ran = 0
    const ends: (() => void)[] = []
    const task = () =>
      new Promise<number>((resolve) => {
        running++
        ran++
        ends.push(() => {
          running--
          resolve(ran)
        })
      })
    expect(line.hasRoom(5)).toBe(true)
    expect(line.hasRoom(6)).toBe(false)
    const taken = Array.from({ length: 4 }, () => line.run(task))
    expect(line.hasRoom(1)).toBe(true)
    expect(line.hasRoom(2)).toBe(false)
    taken.push(line.run(task))
    expect(line.run(task)).toBeNull()
    expect(line.hasRoom(1)).toBe(false)
    await tick()
    expect(running).toBe(2)
    ends.shift()?.()
    await tick()
    // One ended: a waiting one runs, and a place opens.
    expect(running).toBe(2)
    expect(line.hasRoom(1)).toBe(true)
    expect(line.hasRoom(2)).toBe(false)
    while (ends.length > 0) {
      ends.shift()?.()
      await tick()
    }
    expect(taken).not.toContain(null)
    expect(await Promise.all(taken.map((t) => t ?? Promise.resolve(0)))).toHaveLength(5)
    expect(ran).toBe(5)
    expect(line.hasRoom(5)).toBe(true)
  })
})
