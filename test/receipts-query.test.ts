import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findReceipts } from '../src/consent-records/receipts-query.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import type { Store } from '../src/store/store.js'
import { consentReceipt, FIXTURE_TIME } from './helpers/fixtures.js'

/**
 * findReceipts reads every receipt of the period, however many: the store lists at most 1 000
 * per call by default, and an export cut there would be a proof of consent with receipts
 * missing, and nothing saying so.
 */
describe('findReceipts', () => {
  let store: Store
  const receipts = Array.from({ length: 2_345 }, (_, i) =>
    consentReceipt({
      // Several receipts share a millisecond: the store orders them by id.
      time: FIXTURE_TIME + Math.floor(i / 3),
      granted: i % 2 === 0 ? ['statistics'] : [],
      refused: i % 2 === 0 ? [] : ['statistics'],
    }),
  )
  beforeAll(async () => {
    store = await createDuckdbStore({ path: ':memory:' })
    await store.write({ events: [], receipts })
  })
  afterAll(() => store.close())
  const query = {
    site: 'example.org',
    from: '2026-03-01',
    to: '2026-03-01',
    format: 'json',
  } as const

  it('finds every receipt of the period, past the store’s page of 1 000, in time then id order', async () => {
    const expected = [...receipts]
      .sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : 1))
      .map((r) => r.id)
    expect((await findReceipts(store, query)).map((r) => r.id)).toEqual(expected)
    // The same through pages of 7: no receipt twice or missing at a page's edge.
    expect((await findReceipts(store, query, 7)).map((r) => r.id)).toEqual(expected)
  })

  it('keeps only the receipts that refused a purpose, across pages', async () => {
    const refused = await findReceipts(
      store,
      { ...query, purpose: 'statistics', decision: 'refused' },
      100,
    )
    expect(refused).toHaveLength(Math.floor(receipts.length / 2))
    expect(refused.every((r) => r.refused.includes('statistics'))).toBe(true)
  })

  it('finds one receipt by id, on whichever page it is (receipts-query.ts:107 survived)', async () => {
    const wanted = receipts[1_234]!
    expect(await findReceipts(store, { ...query, id: wanted.id }, 100)).toEqual([wanted])
  })
})
