import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixtureId, storedEvent } from '../../test/helpers/fixtures.js'
import { AppError } from '../lib/app-error.js'
// eslint-disable-next-line no-restricted-imports -- a test composes its own store; the rule keeps adapters out of production code
import { createDuckdbStore } from './duckdb/duckdb-store.js'
import { createGroupCommitWriter } from './group-commit-writer.js'
import type { ConsentReceipt, StoredEvent, Store, WriteBatch } from './store.js'

const T0 = Date.parse('2026-03-01T12:00:00Z')

const event = (i: number, overrides: Partial<StoredEvent> = {}): StoredEvent =>
  storedEvent({ id: fixtureId(i), time: T0 + i, path: `/p/${i}`, ...overrides })

function receipt(i: number): ConsentReceipt {
  return {
    id: `r${i}`,
    time: T0 + i,
    site: 'example.org',
    policyVersion: 'v1',
    granted: ['statistics'],
    refused: [],
    deposit: T0,
    expires: T0 + 1000,
    visitor: null,
    gpc: false,
  }
}

/** The real store, with each `write` call's batch recorded (sizes, and when it committed). */
function recording(
  store: Store,
  onStart: (n: number) => void = () => undefined,
): {
  store: Pick<Store, 'write'>
  batches: WriteBatch[]
  log: string[]
} {
  const batches: WriteBatch[] = []
  const log: string[] = []
  return {
    batches,
    log,
    store: {
      async write(batch) {
        batches.push(batch)
        const n = batches.length
        log.push(`write ${n} start`)
        onStart(n)
        try {
          await store.write(batch)
          log.push(`write ${n} committed`)
        } catch (e) {
          log.push(`write ${n} failed`)
          throw e
        }
      },
    },
  }
}

const sizes = (batches: readonly WriteBatch[]): number[] =>
  batches.map((b) => b.events.length + b.receipts.length)

describe('createGroupCommitWriter', () => {
  let store: Store
  beforeEach(async () => {
    store = await createDuckdbStore({ path: ':memory:' })
  })
  afterEach(async () => {
    await store.close()
  })

  it('starts a commit at once when idle, with no delay', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store })
    const done = writer.appendEvent(event(1))
    // Synchronously: the write has already been handed to the store.
    expect(sizes(rec.batches)).toEqual([1])
    await done
    expect(await store.countEvents({})).toBe(1)
  })

  it('groups everything appended during a commit into the next single write', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store })
    const first = writer.appendEvent(event(0))
    const rest = [
      ...Array.from({ length: 10 }, (_, i) => writer.appendEvent(event(i + 1))),
      writer.appendReceipt(receipt(1)),
      writer.appendReceipt(receipt(2)),
    ]
    await Promise.all([first, ...rest])
    expect(sizes(rec.batches)).toEqual([1, 12])
    expect(rec.batches[1]?.events.map((e) => e.path)).toEqual(
      Array.from({ length: 10 }, (_, i) => `/p/${i + 1}`),
    )
    expect(rec.batches[1]?.receipts.map((r) => r.id)).toEqual(['r1', 'r2'])
    expect(await store.countEvents({})).toBe(11)
    expect(await store.listReceipts({})).toHaveLength(2)
  })

  it('resolves each append only after the write holding it has committed', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store })
    const acks = [0, 1, 2].map((i) =>
      writer.appendEvent(event(i)).then(() => rec.log.push(`ack ${i}`)),
    )
    await Promise.all(acks)
    expect(rec.log).toEqual([
      'write 1 start',
      'write 1 committed',
      'ack 0',
      'write 2 start',
      'write 2 committed',
      'ack 1',
      'ack 2',
    ])
  })

  it('settles once every item accepted before settled() is committed, not those after', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store })
    // Idle: nothing to wait for, and nothing written for it.
    await writer.settled()
    expect(rec.batches).toHaveLength(0)
    const before = [0, 1, 2].map((i) =>
      writer.appendEvent(event(i)).then(() => rec.log.push(`ack ${i}`)),
    )
    const settled = writer.settled().then(() => rec.log.push('settled'))
    const after = writer.appendEvent(event(3)).then(() => rec.log.push('ack 3'))
    await Promise.all([...before, settled, after])
    // Items 1 and 2 went in the second write with the mark: settled comes after their commit.
    const at = (line: string) => rec.log.indexOf(line)
    expect(at('settled')).toBeGreaterThan(at('ack 2'))
    expect(at('settled')).toBeGreaterThan(at('write 2 committed'))
    expect(sizes(rec.batches)).toEqual([1, 3])
    expect(await store.countEvents({})).toBe(4)
  })

  it('splits a long queue into batches of at most maxBatch, in order', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store, maxBatch: 3 })
    await Promise.all(Array.from({ length: 8 }, (_, i) => writer.appendEvent(event(i))))
    expect(sizes(rec.batches)).toEqual([1, 3, 3, 1])
    expect((await store.listEvents({})).map((e) => e.path)).toEqual(
      Array.from({ length: 8 }, (_, i) => `/p/${i}`),
    )
  })

  it('rejects every item of a failed batch with STORE_FAILED, and only those; later batches commit', async () => {
    let d: Promise<void> | undefined
    // d is appended while the failing batch is being written, so it belongs to the batch after.
    const rec = recording(store, (n) => {
      if (n === 2) d = writer.appendEvent(event(4))
    })
    const writer = createGroupCommitWriter({ store: rec.store })
    const a = writer.appendEvent(event(1))
    // b and c share the next batch; c's time is not a time, so the real store refuses that batch.
    const b = writer.appendEvent(event(2))
    const c = writer.appendEvent(event(3, { time: Number.NaN }))
    const results = await Promise.allSettled([a, b, c])
    await d

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    const reason = (results[1] as PromiseRejectedResult).reason as AppError
    expect(reason).toBeInstanceOf(AppError)
    expect(reason.code).toBe('STORE_FAILED')
    expect(reason.cause).toBeInstanceOf(Error)
    expect((results[2] as PromiseRejectedResult).reason).toBe(reason)
    expect(sizes(rec.batches)).toEqual([1, 2, 1])
    expect((await store.listEvents({})).map((e) => e.path)).toEqual(['/p/1', '/p/4'])
  })

  // kills: group-commit-writer.ts, the unreachable store's code kept (STORE_FAILED for all)
  it('rejects a batch with STORE_UNREACHABLE when the store says it cannot be reached', async () => {
    const down = new AppError(
      'STORE_UNREACHABLE',
      'ClickHouse: writing events failed: ECONNREFUSED',
    )
    const writer = createGroupCommitWriter({ store: { write: () => Promise.reject(down) } })
    const refused = await writer.appendEvent(event(1)).catch((e: unknown) => e)
    expect(refused).toMatchObject({ code: 'STORE_UNREACHABLE', cause: down })
    expect(String(refused)).toContain('a batch of 1 items was not stored: ClickHouse: writing')
  })

  it('on close, commits everything already accepted, then refuses new items with SHUTTING_DOWN', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store })
    const accepted = Array.from({ length: 20 }, (_, i) => writer.appendEvent(event(i)))
    await writer.close()
    expect(await store.countEvents({})).toBe(20)
    await Promise.all(accepted)

    await expect(writer.appendEvent(event(99))).rejects.toMatchObject({ code: 'SHUTTING_DOWN' })
    await expect(writer.appendReceipt(receipt(99))).rejects.toMatchObject({ code: 'SHUTTING_DOWN' })
    await writer.close()
    expect(await store.countEvents({})).toBe(20)
    expect(sizes(rec.batches)).toEqual([1, 19])
  })

  it('closes at once when nothing is pending', async () => {
    const writer = createGroupCommitWriter({ store })
    await writer.close()
    await expect(writer.appendEvent(event(1))).rejects.toBeInstanceOf(AppError)
    expect(await store.countEvents({})).toBe(0)
  })

  it('lands thousands of concurrent appends in far fewer transactions', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store, maxBatch: 1000 })
    await Promise.all(Array.from({ length: 5000 }, (_, i) => writer.appendEvent(event(i))))
    expect(await store.countEvents({})).toBe(5000)
    expect(rec.batches.length).toBeLessThanOrEqual(7)
    expect(Math.max(...sizes(rec.batches))).toBe(1000)
  })
})

describe('createGroupCommitWriter: maxBatch', () => {
  const unused: Pick<Store, 'write'> = {
    write: () => Promise.reject(new Error('no write expected')),
  }

  // kills: group-commit-writer.ts:41 EqualityOperator → maxBatch <= 1 (1 is the smallest batch
  // allowed: one item per transaction, for an operator who wants no grouping at all)
  it('accepts a maxBatch of 1, and then commits each item in its own transaction', async () => {
    const store = await createDuckdbStore({ path: ':memory:' })
    try {
      const rec = recording(store)
      const writer = createGroupCommitWriter({ store: rec.store, maxBatch: 1 })
      await Promise.all([0, 1, 2].map((i) => writer.appendEvent(event(i))))
      expect(sizes(rec.batches)).toEqual([1, 1, 1])
      expect(await store.countEvents({})).toBe(3)
    } finally {
      await store.close()
    }
  })

  // kills: group-commit-writer.ts:42 StringLiteral → `` (the operator reads which value was wrong),
  // group-commit-writer.ts:41 ConditionalExpression → false, LogicalOperator → &&
  it('refuses a maxBatch that is not a whole number ≥ 1, naming the value given', () => {
    for (const maxBatch of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => createGroupCommitWriter({ store: unused, maxBatch })).toThrow(
        new RangeError(`maxBatch must be a whole number ≥ 1, got ${maxBatch}`),
      )
    }
  })
})

describe('createGroupCommitWriter: failures and barriers', () => {
  let store: Store
  beforeEach(async () => {
    store = await createDuckdbStore({ path: ':memory:' })
  })
  afterEach(async () => {
    await store.close()
  })

  // kills: group-commit-writer.ts:61 StringLiteral → `` and :58 ConditionalExpression (the
  // server log tells the operator how many items were lost and why the store refused them)
  it('says in STORE_FAILED how many items failed and what the store said', async () => {
    const failing = (cause: unknown): Pick<Store, 'write'> => ({
      write: async () => {
        await Promise.resolve() // a real store fails after a tick, not synchronously
        throw cause
      },
    })
    const writer = createGroupCommitWriter({ store: failing(new Error('disk full')) })
    const a = writer.appendEvent(event(1))
    const b = writer.appendEvent(event(2))
    const c = writer.appendReceipt(receipt(3))
    const results = await Promise.allSettled([a, b, c])
    expect(
      results.map((r) => (r.status === 'rejected' ? (r.reason as AppError).message : '')),
    ).toEqual([
      'a batch of 1 items was not stored: disk full',
      'a batch of 2 items was not stored: disk full',
      'a batch of 2 items was not stored: disk full',
    ])
    // A store that throws something other than an Error: its text, as is.
    const odd = createGroupCommitWriter({ store: failing('connection reset') })
    await expect(odd.appendEvent(event(4))).rejects.toMatchObject({
      code: 'STORE_FAILED',
      message: 'a batch of 1 items was not stored: connection reset',
    })
  })

  // kills: group-commit-writer.ts:104 ConditionalExpression → true (an idle writer's barrier
  // must not sit in the queue, where it would delay the next append's commit)
  it('after a barrier on an idle writer, still hands the next item to the store at once', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store })
    const settled = writer.settled()
    const done = writer.appendEvent(event(1))
    // Synchronously: the write has already started, as on any idle writer.
    expect(sizes(rec.batches)).toEqual([1])
    await Promise.all([settled, done])
    expect(sizes(rec.batches)).toEqual([1])
  })

  // kills: group-commit-writer.ts:56 EqualityOperator → >= 0, ConditionalExpression → true
  it('spends no transaction on a settled() that has nothing behind it', async () => {
    const rec = recording(store)
    const writer = createGroupCommitWriter({ store: rec.store })
    const first = writer.appendEvent(event(1))
    // The first write is running: the barrier's mark is alone in the queue behind it.
    await writer.settled()
    await first
    expect(sizes(rec.batches)).toEqual([1])
    expect(rec.batches).toHaveLength(1)
  })

  // kills: group-commit-writer.ts:93 StringLiteral → '' (the client and the log are told that
  // nothing was stored, so the item can be sent again once the server is back)
  it('refuses an item after close, saying that nothing was stored', async () => {
    const writer = createGroupCommitWriter({ store })
    await writer.close()
    await expect(writer.appendReceipt(receipt(1))).rejects.toThrow(
      new AppError('SHUTTING_DOWN', 'the writer is closed; nothing was stored.'),
    )
    expect(await store.listReceipts({})).toEqual([])
  })
})
