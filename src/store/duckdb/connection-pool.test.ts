import { describe, expect, it } from 'vitest'
import { createConnectionPool } from './connection-pool.js'

/** A task that runs until `finish` is called, recording which connection it got. */
function gate() {
  let finish: (ok: boolean) => void = () => undefined
  const done = new Promise<boolean>((resolve) => (finish = resolve))
  return {
    finish,
    task: (log: string[], name: string) => async (connection: string) => {
      log.push(`${name} on ${connection}`)
      if (!(await done)) throw new Error(`${name} failed`)
      return name
    },
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('createConnectionPool', () => {
  it('gives a waiting task the first connection that frees up, in the order asked', async () => {
    const pool = createConnectionPool(['a', 'b'])
    const log: string[] = []
    const [long, short, third, fourth] = [gate(), gate(), gate(), gate()]
    const runs = [
      pool.run(long.task(log, 'long')),
      pool.run(short.task(log, 'short')),
      pool.run(third.task(log, 'third')),
      pool.run(fourth.task(log, 'fourth')),
    ]
    const settled = Promise.allSettled(runs)
    await tick()
    expect(log).toEqual(['long on a', 'short on b'])
    short.finish(true)
    await tick()
    // The third takes b, freed by the short one, not a behind the long one.
    expect(log).toEqual(['long on a', 'short on b', 'third on b'])
    third.finish(false)
    await tick()
    expect(log.at(-1)).toBe('fourth on b')
    fourth.finish(true)
    long.finish(true)
    expect((await settled).map((s) => s.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ])
  })

  it('says when nothing runs or waits', async () => {
    const pool = createConnectionPool(['a'])
    await pool.idle()
    const log: string[] = []
    const g = gate()
    const run = pool.run(g.task(log, 'one'))
    let idle = false
    const waited = pool.idle().then(() => (idle = true))
    await tick()
    expect(idle).toBe(false)
    g.finish(true)
    await run
    await waited
    expect(idle).toBe(true)
  })

  // kills: connection-pool.ts:27 ConditionalExpression → true (idle once any connection frees up)
  it('is not idle while one connection is free and another still runs', async () => {
    const pool = createConnectionPool(['a', 'b'])
    const log: string[] = []
    const [long, short] = [gate(), gate()]
    const runs = [pool.run(long.task(log, 'long')), pool.run(short.task(log, 'short'))]
    let idle = false
    const waited = pool.idle().then(() => (idle = true))
    short.finish(true)
    await runs[1]
    await tick()
    // The store closes its connections once the pool is idle: not under the long statement.
    expect(idle).toBe(false)
    long.finish(true)
    await runs[0]
    await waited
    expect(idle).toBe(true)
  })

  it('refuses to be made without a connection', () => {
    expect(() => createConnectionPool([])).toThrow('a connection pool needs a connection')
  })
})
