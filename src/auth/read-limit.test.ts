import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createReadLimit } from './read-limit.js'

/**
 * The read budget of the statistics at its edges: exactly `perMinute` queries, a page's cost
 * counted whole, and the minute's end. rate-limiter-flexible reads `Date.now()` and ends a
 * window with a `setTimeout`, not through our Clock, so vitest's fake timers move both.
 */
const randomBytes = (n: number) => new Uint8Array(n).fill(5)
const CLIENT = '203.0.113.20'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
  vi.setSystemTime(new Date('2026-11-26T10:00:00Z'))
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createReadLimit', () => {
  // kills: read-limit.ts:43 ConditionalExpression (taken.ok → true / false)
  it('lets exactly perMinute queries through in a minute, a page counting its queries, then refuses', async () => {
    const reads = createReadLimit({ perMinute: 20, randomBytes })
    expect(await reads.take(CLIENT, 17)).toBeNull()
    expect(await reads.take(CLIENT, 3)).toBeNull()
    const refused = await reads.take(CLIENT, 1)
    expect(refused?.error.code).toBe('STATS_RATE_LIMITED')
    expect(refused?.retryAfterSeconds).toBe(60)
  })

  // kills: read-limit.ts:47 StringLiteral (the message)
  it('the refusal says the budget, and that a page counts as its queries', async () => {
    const reads = createReadLimit({ perMinute: 20, randomBytes })
    const refused = await reads.take(CLIENT, 21)
    expect(refused?.error.message).toBe(
      'More than 20 statistics queries in a minute from this client (a dashboard page counts as the queries it makes).',
    )
  })

  it('the budget comes back when the minute of the first query ends, not before', async () => {
    const reads = createReadLimit({ perMinute: 20, randomBytes })
    expect(await reads.take(CLIENT, 20)).toBeNull()
    vi.advanceTimersByTime(59_999)
    expect((await reads.take(CLIENT, 1))?.retryAfterSeconds).toBe(1)
    vi.advanceTimersByTime(1)
    expect(await reads.take(CLIENT, 20)).toBeNull()
  })

  it('each client has its own budget', async () => {
    const reads = createReadLimit({ perMinute: 20, randomBytes })
    expect(await reads.take(CLIENT, 20)).toBeNull()
    expect(await reads.take(CLIENT, 1)).not.toBeNull()
    expect(await reads.take('198.51.100.20', 20)).toBeNull()
  })
})
