import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  LOGIN_CLIENTS,
  LOGIN_FAILURES,
  LOGIN_WINDOW_SECONDS,
  createLoginLimit,
} from './login-limit.js'

/**
 * The failed-login budget at its edges: exactly five attempts per client in a window, and the
 * window's end to the millisecond. rate-limiter-flexible reads `Date.now()` and ends a window
 * with a `setTimeout`, not through our Clock, so vitest's fake timers stand in for the clock:
 * they move both, with no sleep.
 */
const randomBytes = (n: number) => new Uint8Array(n).fill(3)
const CLIENT = '203.0.113.7'

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
  vi.setSystemTime(new Date('2026-11-26T10:00:00Z'))
})
afterEach(() => {
  vi.useRealTimers()
})

async function attempts(limit: ReturnType<typeof createLoginLimit>, n: number, address = CLIENT) {
  const waits: number[] = []
  for (let i = 0; i < n; i++) waits.push(await limit.attempt(address))
  return waits
}

describe('createLoginLimit, by default', () => {
  // kills: login-limit.ts:53 LogicalOperator (failures && 5), :66 EqualityOperator (<) and
  // ConditionalExpression, :67 MethodExpression (Math.min) and ArithmeticOperator (* 1000)
  it('lets exactly five attempts through, then asks the client to wait the whole 15-minute window', async () => {
    expect(LOGIN_FAILURES).toBe(5)
    expect(LOGIN_WINDOW_SECONDS).toBe(900)
    const limit = createLoginLimit({ randomBytes })
    expect(await attempts(limit, 7)).toEqual([0, 0, 0, 0, 0, 900, 900])
  })

  // kills: login-limit.ts:56 LogicalOperator (windowSeconds && 900), :67 MethodExpression (Math.floor)
  it('the window ends 15 minutes after the first attempt, to the millisecond, however many came since', async () => {
    const limit = createLoginLimit({ randomBytes })
    await attempts(limit, 5)
    vi.advanceTimersByTime(10 * 60_000 + 500)
    // Asking again while refused does not push the end back; the half second left is counted whole.
    expect(await limit.attempt(CLIENT)).toBe(300)
    vi.advanceTimersByTime(5 * 60_000 - 501)
    expect(await limit.attempt(CLIENT)).toBe(1)
    vi.advanceTimersByTime(1)
    expect(await attempts(limit, 6)).toEqual([0, 0, 0, 0, 0, 900])
  })

  // kills: login-limit.ts:57 LogicalOperator (maxClients && LOGIN_CLIENTS)
  it(`counts at most ${LOGIN_CLIENTS} clients at once`, async () => {
    const limit = createLoginLimit({ randomBytes })
    for (let i = 0; i <= LOGIN_CLIENTS; i++) {
      await limit.attempt(`10.0.${(i >>> 8) & 255}.${i & 255}`)
    }
    expect(limit.heldClients()).toBe(LOGIN_CLIENTS)
  })
})

describe('createLoginLimit, per client', () => {
  it('each client has its own budget', async () => {
    const limit = createLoginLimit({ randomBytes, failures: 2, windowSeconds: 60 })
    expect(await attempts(limit, 3)).toEqual([0, 0, 60])
    expect(await attempts(limit, 3, '198.51.100.9')).toEqual([0, 0, 60])
  })

  // A client is one place among `maxClients`, however often it tries: were each attempt a place
  // of its own, a client could push its own count out and start again.
  // kills: login-limit.ts:60 StringLiteral (digest('') gives a new Buffer, a new key, each time)
  it('a client’s attempts hold one place, so a small bound does not reset its count', async () => {
    const limit = createLoginLimit({ randomBytes, failures: 3, windowSeconds: 60, maxClients: 2 })
    expect(await attempts(limit, 5)).toEqual([0, 0, 0, 60, 60])
    expect(limit.heldClients()).toBe(1)
  })

  // kills: login-limit.ts:69 BlockStatement (notChecked gives nothing back)
  it('an attempt that was not checked (server busy) is given back', async () => {
    const limit = createLoginLimit({ randomBytes, failures: 2, windowSeconds: 60 })
    await attempts(limit, 2)
    await limit.notChecked(CLIENT)
    expect(await attempts(limit, 2)).toEqual([0, 60])
  })

  // kills: login-limit.ts:72 BlockStatement (succeeded clears nothing)
  it('a right secret clears the client’s count: a full budget again at once', async () => {
    const limit = createLoginLimit({ randomBytes, failures: 2, windowSeconds: 60 })
    expect(await attempts(limit, 3)).toEqual([0, 0, 60])
    await limit.succeeded(CLIENT)
    expect(await attempts(limit, 3)).toEqual([0, 0, 60])
  })
})
