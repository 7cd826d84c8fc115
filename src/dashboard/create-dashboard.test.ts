import { describe, expect, it } from 'vitest'
import type { Auth } from '../auth/create-auth.js'
import { createReadLimit } from '../auth/read-limit.js'
import { createBoundedQueue } from '../lib/bounded-queue.js'
import { createFakeClock } from '../lib/clock.js'
import { loadTestConfig } from '../../test/helpers/collector-harness.js'
import { createDashboard } from './create-dashboard.js'

const ASSETS = new Map([
  ['dashboard.css', 'body { color: black }'],
  ['dashboard.js', 'export {}'],
])

async function dashboardWithBudget(perMinute: number) {
  const config = await loadTestConfig()
  const auth = {
    identify: () => Promise.resolve(null),
    readableSites: () => Promise.resolve([]),
    checkSameOrigin: () => null,
  } as unknown as Auth
  return createDashboard({
    auth,
    policy: config.policy,
    clock: createFakeClock('2026-11-26T10:00:00Z'),
    clientAddress: () => '203.0.113.9',
    // The real per-client budget, shared with the stats API.
    readLimit: createReadLimit({ perMinute, randomBytes: (n) => new Uint8Array(n).fill(7) }),
    assets: ASSETS,
    queries: createBoundedQueue({ concurrency: 4, queue: 256 }),
    stats: () => Promise.resolve(Response.json({})),
    // The consent records are not what these tests read.
    receipts: () => Promise.resolve(Response.json({})),
    policyVersions: [],
  })
}

describe('the dashboard files', () => {
  it('are served after the read budget is spent, while the other requests are refused', async () => {
    const dashboard = await dashboardWithBudget(20)
    const get = (path: string) => dashboard.fetch(new Request(`http://127.0.0.1:8080${path}`))
    // Spend the budget: 20 requests of cost 1, then the next is refused.
    for (let i = 0; i < 20; i++) await get('/dashboard/login')
    const refused = await get('/dashboard/login')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('x-temoin-error')).toBe('STATS_RATE_LIMITED')
    for (let i = 0; i < 50; i++) {
      const css = await get('/dashboard/assets/dashboard.css')
      expect(css.status).toBe(200)
      expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
      expect(await css.text()).toBe('body { color: black }')
    }
  })

  it('answers a prototype name, or any unknown name, 404 NOT_FOUND in JSON', async () => {
    const dashboard = await dashboardWithBudget(600)
    for (const name of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'x.css',
      '%3Cscript%3E.css',
    ]) {
      const res = await dashboard.fetch(
        new Request(`http://127.0.0.1:8080/dashboard/assets/${name}`),
      )
      expect(res.status, name).toBe(404)
      expect(res.headers.get('x-temoin-error')).toBe('NOT_FOUND')
      const { error } = (await res.json()) as { error: { code: string; message: string } }
      expect(error.code).toBe('NOT_FOUND')
      // The name came from the URL: the answer does not repeat it.
      expect(error.message).toBe('No such dashboard file.')
    }
  })
})
