import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixtureId, storedEvent } from '../../test/helpers/fixtures.js'
import { createFakeClock } from '../lib/clock.js'
import { addMonths } from '../protocol/months.js'
// eslint-disable-next-line no-restricted-imports -- a test composes its own store; the rule keeps adapters out of production code
import { createDuckdbStore } from './duckdb/duckdb-store.js'
import { purgeExpired, retentionCutoffs } from './retention.js'
import type { ConsentReceipt, StoredEvent, Store } from './store.js'

const at = (iso: string): number => {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) throw new RangeError(iso)
  return t
}
const policy = (eventsMonths: number, receiptsMonths = 60) => ({
  retention: { eventsMonths, receiptsMonths },
})

describe('retentionCutoffs', () => {
  it('is now minus the retention months, for each table', () => {
    expect(retentionCutoffs(policy(13, 60), at('2027-06-15T08:30:00.250Z'))).toEqual({
      events: at('2026-05-15T08:30:00.250Z'),
      receipts: at('2022-06-15T08:30:00.250Z'),
    })
    expect(retentionCutoffs(policy(25, 1), at('2026-01-10T00:00:00Z'))).toEqual({
      events: at('2023-12-10T00:00:00Z'),
      receipts: at('2025-12-10T00:00:00Z'),
    })
  })

  it('on the last day of February, keeps no day of January beyond its 13 months', () => {
    // 30 January 2026 + 13 months = 28 February 2027 (clamped): on that day it is due.
    expect(retentionCutoffs(policy(13), at('2027-02-28T10:00:00Z')).events).toBe(
      at('2026-01-31T10:00:00Z'),
    )
    expect(addMonths(at('2026-01-30T10:00:00Z'), 13)).toBeLessThanOrEqual(
      at('2027-02-28T10:00:00Z'),
    )
  })

  it('when the target month is shorter than today, cuts at the end of that month', () => {
    // 30 March minus one month: every moment of February is more than a month old.
    expect(retentionCutoffs(policy(1), at('2026-03-30T09:00:00Z')).events).toBe(
      at('2026-03-01T00:00:00Z'),
    )
    expect(retentionCutoffs(policy(1), at('2026-03-31T09:00:00Z')).events).toBe(
      at('2026-03-01T00:00:00Z'),
    )
    // Leap day: 29 February 2024 minus 12 months.
    expect(retentionCutoffs(policy(12), at('2024-02-29T00:00:00Z')).events).toBe(
      at('2023-03-01T00:00:00Z'),
    )
  })

  it('on the last day of a 30-day month, reaches the 31st of the month before', () => {
    expect(retentionCutoffs(policy(1), at('2026-04-30T08:00:00Z')).events).toBe(
      at('2026-03-31T08:00:00Z'),
    )
    expect(retentionCutoffs(policy(13), at('2026-04-30T08:00:00Z')).events).toBe(
      at('2025-03-31T08:00:00Z'),
    )
  })

  it('crosses years, and keeps the same instant when the day exists in both months', () => {
    expect(retentionCutoffs(policy(13), at('2026-01-31T23:59:59.999Z')).events).toBe(
      at('2024-12-31T23:59:59.999Z'),
    )
    expect(retentionCutoffs(policy(2), at('2026-01-15T00:00:00Z')).events).toBe(
      at('2025-11-15T00:00:00Z'),
    )
  })

  it('never keeps a row past its months: every time at or after the cutoff is still within them', () => {
    const day = 86_400_000
    for (const months of [1, 2, 12, 13, 25, 60]) {
      for (
        let now = at('2026-01-01T07:00:00Z');
        now < at('2028-12-31T23:00:00Z');
        now += day + 3_600_000
      ) {
        const cutoff = retentionCutoffs(policy(months, months), now).events
        // Rows from the cutoff on are within their period (the promise)…
        for (let t = cutoff; t < cutoff + 3 * day; t += 4 * 3_600_000)
          expect(addMonths(t, months)).toBeGreaterThanOrEqual(now)
        // …and the cutoff deletes at most a few days early.
        expect(cutoff - addMonths(now, -months)).toBeGreaterThanOrEqual(0)
        expect(cutoff - addMonths(now, -months)).toBeLessThanOrEqual(4 * day)
      }
    }
  })
})

describe('purgeExpired', () => {
  let store: Store
  beforeEach(async () => {
    store = await createDuckdbStore({ path: ':memory:' })
  })
  afterEach(async () => {
    await store.close()
  })

  const event = (time: number): StoredEvent => storedEvent({ id: fixtureId(time), time })
  const receipt = (time: number): ConsentReceipt => ({
    id: `r${time}`,
    time,
    site: 'example.org',
    policyVersion: 'v1',
    granted: [],
    refused: ['statistics'],
    deposit: time,
    expires: addMonths(time, 6),
    visitor: null,
    gpc: false,
  })
  const times = async (): Promise<string[]> =>
    (await store.listEvents({})).map((e) => new Date(e.time).toISOString())

  it('deletes events older than the retention period and keeps the younger ones, as the clock moves', async () => {
    const clock = createFakeClock('2027-06-15T12:00:00Z')
    await store.write({
      events: [
        event(at('2026-05-15T11:59:59.999Z')), // 13 months and 1 ms old
        event(at('2026-05-15T12:00:00.000Z')), // exactly 13 months: stays
        event(at('2026-05-15T12:00:00.001Z')),
        event(at('2027-06-15T11:00:00.000Z')),
      ],
      receipts: [
        receipt(at('2022-06-15T11:59:59.999Z')),
        receipt(at('2022-06-15T12:00:00.000Z')),
        receipt(at('2026-01-01T00:00:00Z')),
      ],
    })

    expect(await purgeExpired(store, policy(13, 60), clock)).toEqual({ events: 1, receipts: 1 })
    expect(await times()).toEqual([
      '2026-05-15T12:00:00.000Z',
      '2026-05-15T12:00:00.001Z',
      '2027-06-15T11:00:00.000Z',
    ])
    expect((await store.listReceipts({})).map((r) => new Date(r.time).toISOString())).toEqual([
      '2022-06-15T12:00:00.000Z',
      '2026-01-01T00:00:00.000Z',
    ])

    clock.advance(1)
    expect(await purgeExpired(store, policy(13, 60), clock)).toEqual({ events: 1, receipts: 1 })
    clock.set('2028-08-01T00:00:00Z')
    expect(await purgeExpired(store, policy(13, 60), clock)).toEqual({ events: 2, receipts: 0 })
    expect(await store.countEvents({})).toBe(0)
    expect(await store.listReceipts({})).toHaveLength(1)
  })

  it('at a month end, deletes the days the clamped month arithmetic has already expired', async () => {
    const clock = createFakeClock('2027-02-28T10:00:00Z')
    await store.write({
      events: [
        event(at('2026-01-28T10:00:00Z')),
        event(at('2026-01-30T09:00:00Z')), // + 13 months = 2027-02-28T09:00, an hour ago
        event(at('2026-01-31T10:00:00Z')), // + 13 months = now: exactly at the limit, stays
        event(at('2026-02-01T00:00:00Z')),
      ],
      receipts: [],
    })
    expect(await purgeExpired(store, policy(13), clock)).toEqual({ events: 2, receipts: 0 })
    expect(await times()).toEqual(['2026-01-31T10:00:00.000Z', '2026-02-01T00:00:00.000Z'])
  })
})
