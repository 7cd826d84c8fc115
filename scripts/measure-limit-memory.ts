/**
 * The heap a rate limit holds after one request from each of many client addresses (a client
 * with an IPv6 /48, or spoofed X-Forwarded-For behind `trustProxy`): rate-limiter-flexible's
 * memory limiter alone (as before issue 16) against `createRateLimit`, which counts at most
 * RATE_LIMIT_CLIENTS clients.
 *
 * @example node --expose-gc --import tsx scripts/measure-limit-memory.ts 200000
 */
import { randomBytes } from 'node:crypto'
import { RateLimiterMemory } from 'rate-limiter-flexible'
import { createRateLimit } from '../src/collector/rate-limit.js'

const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with node --expose-gc --import tsx')
const count = Number(process.argv[2] ?? 200_000)
const address = (i: number) => `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`

for (const which of ['rate-limiter-flexible alone', 'createRateLimit (bounded)'] as const) {
  gc()
  const base = process.memoryUsage().heapUsed
  if (which === 'rate-limiter-flexible alone') {
    const limiter = new RateLimiterMemory({ points: 600, duration: 60 })
    for (let i = 0; i < count; i++) await limiter.consume(address(i), 1)
    gc()
    report(which, base, limiter.dump().storage.length)
  } else {
    const limit = createRateLimit({ perMinute: 600, randomBytes })
    for (let i = 0; i < count; i++) await limit.take(address(i))
    gc()
    report(which, base, limit.heldClients())
  }
}

function report(which: string, base: number, clients: number) {
  const mib = (process.memoryUsage().heapUsed - base) / 1048576
  console.log(
    `${which}: ${count} addresses, ${clients} clients held, ${mib.toFixed(1)} MiB of heap`,
  )
}
