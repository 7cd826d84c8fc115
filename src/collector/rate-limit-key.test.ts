import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createLoginLimit } from '../auth/login-limit.js'
import { createRateLimit } from './rate-limit.js'
import { rateLimitKey } from './rate-limit-key.js'

describe('rateLimitKey', () => {
  it('counts IPv4 by address, IPv6 by its /64, an IPv4-mapped address as its IPv4', () => {
    expect(rateLimitKey('192.0.2.1')).toBe('192.0.2.1')
    expect(rateLimitKey('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(rateLimitKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(rateLimitKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(rateLimitKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64')
    expect(rateLimitKey('not an address')).toBe('not an address')
    expect(rateLimitKey(undefined)).toBe('')
  })

  it('the collector’s limit: addresses of one /64 share a budget; another /64 has its own', async () => {
    const limit = createRateLimit({ perMinute: 2, randomBytes })
    expect(await limit.take('2001:db8:1:2::a')).toEqual({ ok: true })
    expect(await limit.take('2001:db8:1:2::b')).toEqual({ ok: true })
    expect(await limit.take('2001:db8:1:2:ffff::c')).toMatchObject({ ok: false })
    expect(await limit.take('2001:db8:1:3::a')).toEqual({ ok: true })
  })

  it('the login limit: five guesses per /64, however many addresses they come from', async () => {
    const limit = createLoginLimit({ randomBytes })
    for (let i = 1; i <= 5; i++) expect(await limit.attempt(`2001:db8:9:9::${i}`)).toBe(0)
    expect(await limit.attempt('2001:db8:9:9:1234::99')).toBeGreaterThan(0)
    expect(await limit.attempt('2001:db8:9:a::1')).toBe(0)
  })
})
