import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createLoginLimit } from '../auth/login-limit.js'
import { createReadLimit } from '../auth/read-limit.js'
import { createRateLimit } from './rate-limit.js'

/** The n-th of many client addresses: IPv4 and IPv6 /64s, as a hostile client can vary them. */
const address = (n: number) =>
  n % 2 === 0
    ? `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
    : `2001:db8:${n.toString(16)}::1`

describe('the limits count at most maxClients clients', () => {
  it('the collector’s rate limit', async () => {
    const limit = createRateLimit({ perMinute: 600, randomBytes, maxClients: 200 })
    for (let i = 0; i < 10_000; i++) expect(await limit.take(address(i))).toEqual({ ok: true })
    expect(limit.heldClients()).toBe(200)
  })

  it('the read limit', async () => {
    const limit = createReadLimit({ perMinute: 600, randomBytes, maxClients: 200 })
    for (let i = 0; i < 10_000; i++) expect(await limit.take(address(i), 17)).toBeNull()
    expect(limit.heldClients()).toBe(200)
  })

  it('the login limit, whose window is 15 minutes', async () => {
    const limit = createLoginLimit({ randomBytes, maxClients: 200 })
    for (let i = 0; i < 10_000; i++) expect(await limit.attempt(address(i))).toBe(0)
    expect(limit.heldClients()).toBe(200)
  })

  it('by default, a bound well below what a flood of addresses sends', async () => {
    const limit = createRateLimit({ perMinute: 600, randomBytes })
    for (let i = 0; i < 15_000; i++) await limit.take(address(i))
    expect(limit.heldClients()).toBe(10_000)
  })

  it('a client within the bound is still limited', async () => {
    const limit = createRateLimit({ perMinute: 2, randomBytes, maxClients: 200 })
    await limit.take('192.0.2.1')
    for (let i = 0; i < 100; i++) await limit.take(address(i))
    expect(await limit.take('192.0.2.1')).toEqual({ ok: true })
    expect(await limit.take('192.0.2.1')).toMatchObject({ ok: false })
  })
})
