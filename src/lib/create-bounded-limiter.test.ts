import { describe, expect, it } from 'vitest'
import { RateLimiterRes } from 'rate-limiter-flexible'
import { createBoundedLimiter } from './create-bounded-limiter.js'

const refused = (p: Promise<unknown>) =>
  p.then(
    () => false,
    (e: unknown) => e instanceof RateLimiterRes,
  )

describe('createBoundedLimiter', () => {
  it('holds at most maxKeys clients however many distinct ones come', async () => {
    const limiter = createBoundedLimiter({ points: 5, durationSeconds: 60, maxKeys: 1000 })
    for (let i = 0; i < 20_000; i++) await limiter.consume(`client-${i}`, 1)
    expect(limiter.heldKeys()).toBe(1000)
    for (let i = 0; i < 5000; i++) await limiter.penalty(`late-${i}`, 1)
    expect(limiter.heldKeys()).toBe(1000)
  })

  it('limits a client within the bound, and forgets the least recently seen past it', async () => {
    const limiter = createBoundedLimiter({ points: 2, durationSeconds: 60, maxKeys: 3 })
    await limiter.consume('a', 2)
    await limiter.consume('b', 2)
    expect(await refused(limiter.consume('a', 1))).toBe(true) // a is now the most recent
    await limiter.consume('c', 1)
    await limiter.consume('d', 1) // b goes, not a
    expect(await refused(limiter.consume('a', 1))).toBe(true)
    expect(await refused(limiter.consume('b', 1))).toBe(false) // a fresh budget
    expect(limiter.heldKeys()).toBe(3)
  })

  it('deletes a client from the library and from the bound', async () => {
    const limiter = createBoundedLimiter({ points: 1, durationSeconds: 60, maxKeys: 2 })
    await limiter.consume('a', 1)
    await limiter.delete('a')
    expect(limiter.heldKeys()).toBe(0)
    expect(await refused(limiter.consume('a', 1))).toBe(false)
  })
})
