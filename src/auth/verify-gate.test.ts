import { describe, expect, it } from 'vitest'
import { createVerifyGate } from './verify-gate.js'

/** A check that ends when the test says so, and records how many ran at once. */
function controlledChecks() {
  let running = 0
  let most = 0
  const ends: (() => void)[] = []
  const check = () =>
    new Promise<boolean>((resolve) => {
      running++
      most = Math.max(most, running)
      ends.push(() => {
        running--
        resolve(false)
      })
    })
  return { check, ends, most: () => most, running: () => running }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('createVerifyGate', () => {
  it('runs at most `concurrency` checks at once, queues `queue` more, and refuses the rest without running them', async () => {
    const gate = createVerifyGate({ concurrency: 2, queue: 3 })
    const c = controlledChecks()
    const started = Array.from({ length: 8 }, () => gate.run(c.check))
    expect(started.map((p) => p !== null)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ])
    await tick()
    expect(c.running()).toBe(2)
    // One ends: a queued one takes its slot, and a place in the queue opens.
    c.ends.shift()!()
    await tick()
    expect(c.running()).toBe(2)
    expect(gate.run(c.check)).not.toBeNull()
    expect(gate.run(c.check)).toBeNull()
    while (c.ends.length > 0) {
      c.ends.shift()!()
      await tick()
    }
    expect(c.most()).toBe(2)
    expect(await Promise.all(started.filter((p) => p !== null))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })

  it('a check that fails frees its slot', async () => {
    const gate = createVerifyGate({ concurrency: 1, queue: 0 })
    await expect(gate.run(() => Promise.reject(new Error('scrypt failed')))).rejects.toThrow(
      'scrypt failed',
    )
    expect(await gate.run(() => Promise.resolve(true))).toBe(true)
  })
})
