import fc from 'fast-check'
import type { Highs } from 'highs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { attackReleases } from '../../test/helpers/attack-releases.js'
import { storedEvent } from '../../test/helpers/fixtures.js'
import { publishPolicy, publishWorld, releaseSpec } from '../../test/helpers/publish-fixtures.js'
import type { PublishWorld } from '../../test/helpers/publish-fixtures.js'
import type { Site } from '../policy/policy-schema.js'
import type { StoredEvent } from '../store/store.js'
import { loadHighs } from './load-highs.js'
import { publishRelease } from './publish-release.js'
import type { Release } from './release.js'

let highs: Highs
// One store for every case, each case on a site of its own: a fresh DuckDB file per case would
// spend most of the case opening it.
let world: PublishWorld
let serial = 0
beforeAll(async () => {
  highs = await loadHighs()
  world = await publishWorld()
})
afterAll(async () => {
  await world.cleanup()
})

/** Cases to try: 40 in `npm test`, thousands with TEMOIN_PROPERTY_RUNS (docs/testing.md). */
const RUNS = Number(process.env.TEMOIN_PROPERTY_RUNS ?? 40)

const COUNTRIES = ['FR', 'DE', 'BE']
const BROWSERS = ['Firefox', 'Chrome']
const PERIODS = [
  { from: '2026-03-01', to: '2026-04-01' },
  { from: '2026-03-01', to: '2026-04-03' },
  { from: '2026-03-15', to: '2026-04-01' },
]
/** A day in each stretch the periods above cut: early March, late March, 1–2 April. */
const DAYS = ['2026-03-05', '2026-03-20', '2026-04-01']

/**
 * In each country × browser × day: visitors with one page view each, anonymous hits, visitors
 * with one sign-up each, visitors with one download each.
 */
const data = fc.array(
  fc.record({
    views: fc.integer({ min: 0, max: 5 }),
    anonymous: fc.integer({ min: 0, max: 2 }),
    signups: fc.integer({ min: 0, max: 3 }),
    downloads: fc.integer({ min: 0, max: 2 }),
  }),
  {
    minLength: COUNTRIES.length * BROWSERS.length * DAYS.length,
    maxLength: COUNTRIES.length * BROWSERS.length * DAYS.length,
  },
)

type CellCounts = typeof data extends fc.Arbitrary<(infer C)[]> ? C : never

/**
 * One table: page views, every event or the sign-ups only; by country, by browser, or both,
 * France alone or every country.
 */
const table = fc
  .record({
    data: fc.constantFrom(
      { metric: 'pageviews' },
      { metric: 'events' },
      { metric: 'events', event: 'signup' },
    ),
    dims: fc.constantFrom<string[]>(['country'], ['browser'], ['country', 'browser']),
    countries: fc.option(fc.subarray(COUNTRIES, { minLength: 1 }), { nil: undefined }),
  })
  .map(({ data, dims, countries }) => ({
    ...data,
    dimensions: dims,
    ...(countries !== undefined && dims.includes('country')
      ? { values: { country: countries } }
      : {}),
  }))

/** A release: one or two tables over one of the periods, anonymous hits counted or not. */
const release = fc.record({
  period: fc.constantFrom(...PERIODS),
  anonymousHits: fc.constantFrom('include', 'exclude'),
  tables: fc.array(table, { minLength: 1, maxLength: 2 }),
})

function eventsOf(counts: readonly CellCounts[], site: string): StoredEvent[] {
  const events: StoredEvent[] = []
  let i = 0
  let visitor = 0
  for (const country of COUNTRIES)
    for (const browser of BROWSERS)
      for (const day of DAYS) {
        const n = counts[i++] as (typeof counts)[number]
        const add = (times: number, identified: boolean, fields: Partial<StoredEvent> = {}) => {
          for (let v = 0; v < times; v++)
            events.push(
              storedEvent({
                site,
                time: Date.parse(`${day}T10:00:00Z`),
                visitor: identified
                  ? `1767225600.${(++visitor).toString(16).padStart(32, '0')}`
                  : null,
                country,
                browser,
                ...fields,
              }),
            )
        }
        add(n.views, true)
        add(n.anonymous, false)
        add(n.signups, true, { type: 'event', name: 'signup' })
        add(n.downloads, true, { type: 'event', name: 'download' })
      }
  return events
}

describe('linked exact releases (fast-check, through publishRelease on DuckDB)', () => {
  // Two releases of random tables over random periods of the same site's data (page views,
  // anonymous hits, two custom events), each counting what it chooses, each published in turn
  // (the second may be refused). An attacker written apart from the engine, who knows every
  // figure published, finds no group of fewer than k visitors narrowed within the range.
  it(
    'leave no small group narrowed within the protection range',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          data,
          release,
          release,
          fc.integer({ min: 2, max: 4 }),
          async (counts, first, second, k) => {
            const site = `case-${++serial}.example.org`
            const ledgerDir = `${world.ledgerDir}/${site}`
            const events = eventsOf(counts, site)
            await world.store.write({ events, receipts: [] })
            const base = publishPolicy({ minGroupSize: k })
            const policy = { ...base, sites: [{ ...(base.sites[0] as Site), domain: site }] }
            const made: Release[] = []
            for (const [n, r] of [first, second].entries()) {
              const spec = releaseSpec({
                name: `r${n}`,
                site,
                mechanism: 'exact',
                period: r.period,
                anonymousHits: r.anonymousHits,
                tables: r.tables.map((t, j) => ({ ...t, name: `t${j}` })),
              })
              try {
                made.push((await publishRelease(world.store, spec, { policy, ledgerDir })).release)
              } catch (error) {
                expect((error as { code: string }).code).toBe('DISCLOSURE_RISK')
              }
            }
            const range = Math.ceil(k / 2)
            expect(attackReleases(highs, made, events, { k, range })).toEqual([])
          },
        ),
        { numRuns: RUNS },
      )
    },
    60_000 + 2_000 * RUNS,
  )
})
