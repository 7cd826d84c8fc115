import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fixtureBatches, fixtureQuery, SITE } from '../helpers/stats-fixtures.js'
import { withRawConnection } from '../helpers/raw-duckdb.js'
import { eventExpressions } from '../../src/stats/event-expressions.js'
import { queryDashboard, STATS_ENDPOINTS } from '../../src/stats/stats-endpoints.js'
import type { StatsQuery } from '../../src/stats/stats-query.js'
import { statsRollups } from '../../src/stats/stats-rollups.js'
import type { StatsEndpoint } from '../../src/stats/stats-types.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store } from '../../src/store/store.js'

const query = fixtureQuery

const write = async (store: Store) => {
  for (const batch of fixtureBatches()) await store.write(batch)
}

// Rollups give the raw answers by design (stats-rollups.test.ts), so which source answered can
// only be seen where the two disagree. `doctored` is such a file: its rollups were built from the
// fixtures, then its events and receipts were deleted behind the store's back (the rollups'
// definitions are unchanged, so the store does not rebuild them at open). A read of the raw rows
// answers as an empty store does; a read of a rollup, as the store with the fixtures.
describe('which source answers: the rollups, or the raw events and receipts', () => {
  let dir: string
  let doctored: Store
  let full: Store
  let empty: Store
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-sources-'))
    const path = join(dir, 'temoin.duckdb')
    const built = await createDuckdbStore({ path, rollups: statsRollups })
    await write(built)
    await built.close()
    await withRawConnection(path, async (connection) => {
      await connection.run('DELETE FROM events')
      await connection.run('DELETE FROM receipts')
      await connection.run('CHECKPOINT')
    })
    doctored = await createDuckdbStore({ path, rollups: statsRollups })
    full = await createDuckdbStore({ path: ':memory:', rollups: statsRollups })
    await write(full)
    // A store that keeps no rollup at all.
    empty = await createDuckdbStore({ path: ':memory:' })
  })
  afterAll(async () => {
    await Promise.all([doctored.close(), full.close(), empty.close()])
    await rm(dir, { recursive: true })
  })

  const answer = (store: Store, endpoint: StatsEndpoint, overrides: Partial<StatsQuery> = {}) =>
    STATS_ENDPOINTS[endpoint](store, query(overrides))

  // `source=raw` is how an operator checks a rollup against the events: it must read the events
  // even where the store keeps the rollup.
  // kills: choose-source.ts:23 ConditionalExpression → true (`query.source !== 'raw'`),
  // LogicalOperator → `query.source !== 'raw' || store.rollups.includes(rollup)`;
  // consent-source.ts:18 ConditionalExpression → true
  it('source=raw reads the raw rows even where a rollup exists', async () => {
    for (const endpoint of ['countries', 'pages', 'summary', 'consents'] as const) {
      const raw = await answer(doctored, endpoint, { source: 'raw' })
      expect(raw, endpoint).toEqual(await answer(empty, endpoint, { source: 'raw' }))
      // Not vacuous: the rollup still holds the fixtures' figures.
      expect(await answer(doctored, endpoint), endpoint).toEqual(await answer(full, endpoint))
      expect(raw, endpoint).not.toEqual(await answer(full, endpoint))
    }
  })

  // A store that keeps no rollups answers from the raw rows (a missing rollup table would be a
  // failed query).
  // kills: choose-source.ts:23 ConditionalExpression → true (`query.source !== 'raw' &&
  // store.rollups.includes(rollup)`), LogicalOperator → ||
  it('a store without rollups answers every endpoint from the raw rows', async () => {
    const bare = await createDuckdbStore({ path: ':memory:' })
    try {
      await write(bare)
      for (const endpoint of Object.keys(STATS_ENDPOINTS) as StatsEndpoint[])
        expect(await answer(bare, endpoint, { event: 'download' }), endpoint).toEqual(
          await answer(full, endpoint, { event: 'download', source: 'raw' }),
        )
    } finally {
      await bare.close()
    }
  })

  // The `events` rollup carries, per visitor row, the day of the visitor's previous row of the
  // same event: the distinct visitors of an event are read from it. The store is made inside
  // the test so that a mutant of the rollup definitions is in force when the store builds them.
  // kills: stats-rollups.ts:103 ObjectLiteral → {} (`previous` without `seen_before`)
  it('the events rollup answers the events panel, visitors included, as the raw events do', async () => {
    const store = await createDuckdbStore({ path: ':memory:', rollups: statsRollups })
    try {
      await write(store)
      const fromRollup = await answer(store, 'events')
      expect(fromRollup).toEqual(await answer(store, 'events', { source: 'raw' }))
      expect(JSON.stringify(fromRollup)).toMatch(/"visitors":[1-9]/)
    } finally {
      await store.close()
    }
  })

  // A filter on one of the rollup's keys is answered by the rollup; a filter on anything else
  // needs the events.
  // kills: choose-source.ts:25 ArrowFunction → () => undefined
  it('a filter on a rollup key reads the rollup, a filter on another dimension the events', async () => {
    const byCountry = await answer(doctored, 'countries', { filters: { country: 'FR' } })
    expect(byCountry).toEqual(await answer(full, 'countries', { filters: { country: 'FR' } }))
    expect(JSON.stringify(byCountry)).toContain('"FR"')
    const byPage = await answer(doctored, 'countries', { filters: { page: '/' } })
    expect(byPage).toEqual(await answer(empty, 'countries', { filters: { page: '/' } }))
  })

  // The definitions qualified with a table alias, for a query that reads two tables with the
  // same columns: unqualified, the columns would be ambiguous.
  // kills: event-expressions.ts:37 ConditionalExpression → true, StringLiteral → ``
  it('eventExpressions with an alias reads that table in a join', async () => {
    const plain = eventExpressions(full.dialect)
    const e = eventExpressions(full.dialect, 'e')
    const [alone] = await full.query(
      `SELECT sum(${plain.visit}) AS visits, count(DISTINCT ${plain.dimensions.referrer}) AS referrers FROM events WHERE site = $1`,
      [SITE],
    )
    const [joined] = await full.query(
      `SELECT sum(${e.visit}) AS visits, count(DISTINCT ${e.dimensions.referrer}) AS referrers FROM events AS e JOIN events AS f ON f.id = e.id WHERE e.site = $1`,
      [SITE],
    )
    expect(Number(alone?.visits)).toBeGreaterThan(0)
    expect(Number(alone?.referrers)).toBeGreaterThan(0)
    expect(joined).toEqual(alone)
  })

  // The dashboard asks for the properties of an event only when one is chosen.
  // kills: stats-endpoints.ts:82 MethodExpression; :83 ArrowFunction → () => undefined,
  // ConditionalExpression → false ×3 and → true, EqualityOperator ×2, LogicalOperator → &&
  it('queryDashboard answers every endpoint, and event-props only with an event', async () => {
    const all = Object.keys(STATS_ENDPOINTS).sort()
    const answered: string[] = []
    const without = await queryDashboard(full, query(), (name) => answered.push(name))
    expect(Object.keys(without).sort()).toEqual(all.filter((name) => name !== 'event-props'))
    expect(answered.sort()).toEqual(all.filter((name) => name !== 'event-props'))
    const withEvent = await queryDashboard(full, query({ event: 'download' }))
    expect(Object.keys(withEvent).sort()).toEqual(all)
    expect(withEvent['event-props']).toEqual(
      await STATS_ENDPOINTS['event-props'](full, query({ event: 'download' })),
    )
  })
})
