import { beforeAll, describe, expect, it } from 'vitest'
import type { Highs } from 'highs'
import { attackReleases } from '../../test/helpers/attack-releases.js'
import {
  crowd,
  newVisitor,
  publishPolicy,
  releaseSpec,
  usePublishWorld,
  views,
} from '../../test/helpers/publish-fixtures.js'
import type { StoredEvent } from '../store/store.js'
import { loadHighs } from './load-highs.js'
import { publishRelease } from './publish-release.js'
import type { Release } from './release.js'

/**
 * Differencing, as the SDC literature describes it (Handbook on Statistical Disclosure Control,
 * 2nd ed., §5.2 "linked tables" and §5.4 on differencing of overlapping breakdowns): two figures
 * that are each safe can be subtracted, and their difference is a group of one or two people.
 * Each case publishes the second release through publishRelease, then lets an attacker written
 * apart from the engine (test/helpers/attack-releases.ts) bound every small group from every
 * figure published. The second release must be refused, or protected.
 */

const world = usePublishWorld()
let highs: Highs
beforeAll(async () => {
  highs = await loadHighs()
})

const K = 3
const policy = publishPolicy({ minGroupSize: K })
const RANGE = 2 // half of k, rounded up: the default protection range

/** Publishes each spec in turn; the releases made, or the error of the first refused. */
async function publishAll(specs: readonly Record<string, unknown>[], by = policy) {
  const made: Release[] = []
  for (const spec of specs) {
    try {
      const { release } = await publishRelease(world.store, releaseSpec(spec), {
        policy: by,
        ledgerDir: world.ledgerDir,
      })
      made.push(release)
    } catch (error) {
      return { made, refused: error as { code: string; message: string; details: string[] } }
    }
  }
  return { made, refused: undefined }
}

/**
 * Publishes the specs in turn, on `data` written first: the last may be refused (DISCLOSURE_RISK,
 * naming `group`), else it is protected; either way the attacker finds no small group.
 */
async function expectRefusedOrProtected(
  specs: readonly Record<string, unknown>[],
  data: StoredEvent[],
  group: string,
) {
  await world.store.write({ events: data, receipts: [] })
  const { made, refused } = await publishAll(specs)
  if (refused) {
    expect(made).toHaveLength(specs.length - 1)
    expect(refused.code).toBe('DISCLOSURE_RISK')
    expect(refused.message).toContain(group)
  }
  expect(attackReleases(highs, made, data, { k: K, range: RANGE })).toEqual([])
}

/** Publishes each spec with a ledger of its own, as if the others did not exist. */
async function publishAlone(specs: readonly Record<string, unknown>[], by = policy) {
  const alone: Release[] = []
  for (const spec of specs) {
    const { release } = await publishRelease(world.store, releaseSpec(spec), {
      policy: by,
      ledgerDir: `${world.ledgerDir}-${String(spec.name)}`,
    })
    alone.push(release)
  }
  return alone
}

const byBrowser = { name: 'browsers', metric: 'pageviews', dimensions: ['browser'] }

describe('differencing two geographies', () => {
  // Release 1: page views by browser, every country. Release 2: the same for France only. Each is
  // safe alone (every cell has 5 visitors or more), but release 1 − release 2 is the visitors
  // outside France: one German on Firefox.
  const events = (): StoredEvent[] => [
    ...crowd(5, { country: 'FR', browser: 'Firefox' }),
    ...crowd(5, { country: 'FR', browser: 'Chrome' }),
    ...views(1, newVisitor(), { country: 'DE', browser: 'Firefox' }),
  ]
  const specs = [
    { name: 'everywhere', mechanism: 'exact', tables: [byBrowser] },
    {
      name: 'france',
      mechanism: 'exact',
      tables: [{ ...byBrowser, dimensions: ['country', 'browser'], values: { country: ['FR'] } }],
    },
  ]

  it('is what an attacker finds when nothing links the releases (the known answer)', async () => {
    const data = events()
    await world.store.write({ events: data, receipts: [] })
    // Each release alone, as if the other did not exist: each passes, and together they give
    // the German visitor away exactly.
    const alone = await publishAlone(specs)
    expect(attackReleases(highs, alone, data, { k: K, range: RANGE })).toEqual([
      expect.objectContaining({ units: 1, value: 1, low: 1, high: 1 }),
    ])
  })

  it('refuses or protects the second release', async () => {
    await expectRefusedOrProtected(specs, events(), 'country: not listed, browser: "Firefox"')
  })
})

describe('differencing two overlapping periods', () => {
  // 1–31 March, then 1 March–2 April: the difference is 1–2 April, one visitor on Firefox.
  const events = (): StoredEvent[] => [
    ...crowd(5, { browser: 'Firefox' }),
    ...crowd(5, { browser: 'Chrome' }),
    ...views(1, newVisitor(), { browser: 'Firefox', time: Date.parse('2026-04-01T09:00:00Z') }),
  ]
  const specs = [
    { name: 'march', mechanism: 'exact', tables: [byBrowser] },
    {
      name: 'march-and-more',
      mechanism: 'exact',
      period: { from: '2026-03-01', to: '2026-04-03' },
      tables: [byBrowser],
    },
  ]

  it('refuses or protects the second release', async () => {
    await expectRefusedOrProtected(specs, events(), '2026-04-01 to 2026-04-02')
  })
})

describe('differencing two tables of one release', () => {
  it('refuses or protects the release', async () => {
    const data = [
      ...crowd(5, { country: 'FR', browser: 'Firefox' }),
      ...crowd(5, { country: 'FR', browser: 'Chrome' }),
      ...views(1, newVisitor(), { country: 'DE', browser: 'Firefox' }),
    ]
    await world.store.write({ events: data, receipts: [] })
    const { made, refused } = await publishAll([
      {
        name: 'both',
        mechanism: 'exact',
        tables: [
          byBrowser,
          {
            ...byBrowser,
            name: 'france',
            dimensions: ['country', 'browser'],
            values: { country: ['FR'] },
          },
        ],
      },
    ])
    if (refused) expect(refused.code).toBe('DISCLOSURE_RISK')
    expect(attackReleases(highs, made, data, { k: K, range: RANGE })).toEqual([])
  })
})

describe('differencing a period inside another', () => {
  // 1 March–2 April by country, then 15–31 March by country and browser (found by the property
  // test). The days of the first period outside the second, 1–14 March and 1–2 April, are one
  // group to an attacker: the German total minus the German figures of the second release. In it,
  // two visitors on Firefox, whose figure no table shows but the difference bounds.
  it('treats the days no table tells apart as one group, and refuses or protects', async () => {
    const day = (d: string) => Date.parse(`2026-${d}T10:00:00Z`)
    const data = [
      ...views(1, newVisitor(), { country: 'DE', browser: 'Firefox', time: day('03-05') }),
      ...views(1, newVisitor(), { country: 'DE', browser: 'Firefox', time: day('04-01') }),
      ...views(1, newVisitor(), { country: 'DE', browser: 'Chrome', time: day('03-05') }),
      ...crowd(4, { country: 'DE', browser: 'Chrome', time: day('03-20') }),
    ]
    await world.store.write({ events: data, receipts: [] })
    const { made, refused } = await publishAll([
      {
        name: 'wide',
        mechanism: 'exact',
        period: { from: '2026-03-01', to: '2026-04-03' },
        tables: [{ name: 'countries', metric: 'pageviews', dimensions: ['country'] }],
      },
      {
        name: 'inner',
        mechanism: 'exact',
        period: { from: '2026-03-15', to: '2026-04-01' },
        tables: [{ ...byBrowser, dimensions: ['country', 'browser'] }],
      },
    ])
    if (refused) {
      expect(made).toHaveLength(1)
      expect(refused.code).toBe('DISCLOSURE_RISK')
      expect(refused.message).toContain('2026-03-01 to 2026-03-14 and 2026-04-01 to 2026-04-02')
    }
    expect(attackReleases(highs, made, data, { k: K, range: RANGE })).toEqual([])
  })
})

describe('differencing pieces that no figure tells apart', () => {
  // Page views by browser over 1 March–2 April, then France by browser over 15–31 March (k = 4).
  // Release 1's Firefox figure minus release 2's is three visitors: one French on 5 March, one
  // German on 6 March, one German on 20 March. Each is a piece of its own (country, days), of one
  // visitor, and each alone is only known to be at most 3; but no figure tells the three apart,
  // so they are one group, of three, known exactly.
  const k = 4
  const day = (d: string) => Date.parse(`2026-${d}T10:00:00Z`)
  const events = (): StoredEvent[] => [
    ...crowd(6, { country: 'FR', browser: 'Firefox', time: day('03-20') }),
    ...crowd(6, { country: 'FR', browser: 'Chrome', time: day('03-20') }),
    ...views(1, newVisitor(), { country: 'FR', browser: 'Firefox', time: day('03-05') }),
    ...views(1, newVisitor(), { country: 'DE', browser: 'Firefox', time: day('03-06') }),
    ...views(1, newVisitor(), { country: 'DE', browser: 'Firefox', time: day('03-20') }),
  ]
  const specs = [
    {
      name: 'everywhere',
      mechanism: 'exact',
      period: { from: '2026-03-01', to: '2026-04-03' },
      tables: [byBrowser],
    },
    {
      name: 'france',
      mechanism: 'exact',
      period: { from: '2026-03-15', to: '2026-04-01' },
      tables: [{ ...byBrowser, dimensions: ['country', 'browser'], values: { country: ['FR'] } }],
    },
  ]
  const small = publishPolicy({ minGroupSize: k })

  it('is what an attacker finds when nothing links the releases (the known answer)', async () => {
    const data = events()
    await world.store.write({ events: data, receipts: [] })
    const alone = await publishAlone(specs, small)
    expect(attackReleases(highs, alone, data, { k, range: 2 })).toEqual([
      expect.objectContaining({ units: 3, value: 3, low: 3, high: 3 }),
    ])
  })

  it('refuses or protects the second release', async () => {
    const data = events()
    await world.store.write({ events: data, receipts: [] })
    const { made, refused } = await publishAll(specs, small)
    if (refused) expect(refused.code).toBe('DISCLOSURE_RISK')
    expect(made.length).toBeGreaterThan(0)
    expect(attackReleases(highs, made, data, { k, range: 2 })).toEqual([])
  })
})

describe('two periods in one month, not aligned to months', () => {
  // 1–15 March, then 10–31 March. Their figures do not contradict each other: the audit cuts time
  // at the 10th and the 16th, not at months, and no refusal blames a change of the data.
  it('publishes both: their figures differ, and do not contradict each other', async () => {
    const day = (d: string) => Date.parse(`2026-03-${d}T10:00:00Z`)
    const data = [
      ...crowd(4, { browser: 'Firefox', time: day('05') }),
      ...crowd(4, { browser: 'Firefox', time: day('12') }),
      ...crowd(6, { browser: 'Firefox', time: day('20') }),
      ...crowd(4, { browser: 'Chrome', time: day('05') }),
      ...crowd(4, { browser: 'Chrome', time: day('12') }),
      ...crowd(4, { browser: 'Chrome', time: day('20') }),
    ]
    await world.store.write({ events: data, receipts: [] })
    const { made, refused } = await publishAll([
      {
        name: 'early',
        mechanism: 'exact',
        period: { from: '2026-03-01', to: '2026-03-16' },
        tables: [byBrowser],
      },
      {
        name: 'late',
        mechanism: 'exact',
        period: { from: '2026-03-10', to: '2026-04-01' },
        tables: [byBrowser],
      },
    ])
    expect(refused).toBeUndefined()
    expect(made.map((r) => r.tables[0]?.cells.map((c) => c.value))).toEqual([
      [8, 8, 16],
      [8, 10, 18],
    ])
    expect(attackReleases(highs, made, data, { k: K, range: RANGE })).toEqual([])
  })
})

describe('linked tables published in either order', () => {
  // Two tables that share a dimension: page views by country and browser, then by country and
  // device. Neither has a small cell, but together they bound the groups country × browser ×
  // device, and two of those are small: one German on Firefox on a desktop, two French visitors on
  // Chrome on a desktop. Alone, the two tables give the first at least 1 and the second at least
  // 2 (the Fréchet bounds of each country's browser × device table): exact on the low side.
  const events = (): StoredEvent[] => [
    ...crowd(6, { country: 'FR', browser: 'Firefox', device: 'desktop' }),
    ...crowd(5, { country: 'FR', browser: 'Chrome', device: 'mobile' }),
    ...crowd(2, { country: 'FR', browser: 'Chrome', device: 'desktop' }),
    ...crowd(4, { country: 'DE', browser: 'Chrome', device: 'desktop' }),
    ...crowd(5, { country: 'DE', browser: 'Firefox', device: 'mobile' }),
    ...crowd(1, { country: 'DE', browser: 'Firefox', device: 'desktop' }),
  ]
  const browsers = {
    name: 'browsers',
    mechanism: 'exact',
    tables: [{ name: 'browsers', metric: 'pageviews', dimensions: ['country', 'browser'] }],
  }
  const devices = {
    name: 'devices',
    mechanism: 'exact',
    tables: [{ name: 'devices', metric: 'pageviews', dimensions: ['country', 'device'] }],
  }

  it('is what an attacker finds when the releases ignore each other (the known answer)', async () => {
    const data = events()
    await world.store.write({ events: data, receipts: [] })
    const alone = await publishAlone([browsers, devices])
    expect(alone.flatMap((r) => r.tables[0]?.cells.filter((c) => c.value === null) ?? [])).toEqual(
      [],
    )
    expect(
      attackReleases(highs, alone, data, { k: K, range: RANGE }).map((g) => [g.units, g.low]),
    ).toEqual(
      expect.arrayContaining([
        [1, 1],
        [2, 2],
      ]),
    )
  })

  for (const [order, specs] of [
    ['browsers, then devices', [browsers, devices]],
    ['devices, then browsers', [devices, browsers]],
  ] as const) {
    it(`${order}: both publish, and no small group is narrowed`, async () => {
      const data = events()
      await world.store.write({ events: data, receipts: [] })
      const { made, refused } = await publishAll(specs)
      expect(refused?.details ?? []).toEqual([])
      expect(made.map((r) => r.name)).toEqual(specs.map((s) => s.name))
      // The second release withholds something: published whole, it gives both groups away.
      expect(made[1]?.tables[0]?.cells.some((c) => c.value === null)).toBe(true)
      expect(attackReleases(highs, made, data, { k: K, range: RANGE })).toEqual([])
    })
  }
})

describe('differencing what a release counts: anonymous hits, one event or all', () => {
  // Release 1 counts anonymous hits, release 2 leaves them out: release 1 − release 2 is the
  // anonymous hits of each figure, here one on Firefox. Each release alone has no small cell.
  const withAnonymous = (): StoredEvent[] => [
    ...crowd(5, { browser: 'Firefox' }),
    ...crowd(5, { browser: 'Chrome' }),
    ...views(1, null, { browser: 'Firefox' }),
  ]
  const anonymousSpecs = [
    { name: 'with-anonymous', mechanism: 'exact', anonymousHits: 'include', tables: [byBrowser] },
    { name: 'identified-only', mechanism: 'exact', anonymousHits: 'exclude', tables: [byBrowser] },
  ]

  it('anonymous hits counted, then not: the known answer, then refused or protected', async () => {
    const data = withAnonymous()
    await world.store.write({ events: data, receipts: [] })
    const alone = await publishAlone(anonymousSpecs)
    expect(attackReleases(highs, alone, data, { k: K, range: RANGE })).toEqual([
      expect.objectContaining({ units: 1, value: 1, low: 1, high: 1 }),
    ])
  })

  for (const [order, specs] of [
    ['counted, then not', anonymousSpecs],
    ['not counted, then counted', [...anonymousSpecs].reverse()],
  ] as const) {
    it(`anonymous hits ${order}: the second is refused or protected`, async () => {
      await expectRefusedOrProtected(specs, withAnonymous(), 'anonymous hits, browser: "Firefox"')
    })
  }

  // All events by browser, then the sign-ups by browser: the difference is the other events, one
  // download on Firefox. The same two tables in one release give it away as well.
  const withDownload = (): StoredEvent[] => [
    ...crowd(5, { browser: 'Firefox', type: 'event', name: 'signup' }),
    ...crowd(5, { browser: 'Chrome', type: 'event', name: 'signup' }),
    ...views(1, newVisitor(), { browser: 'Firefox', type: 'event', name: 'download' }),
  ]
  const allEvents = { name: 'events', metric: 'events', dimensions: ['browser'] }
  const signups = { ...allEvents, name: 'signups', event: 'signup' }
  const eventSpecs = [
    { name: 'all-events', mechanism: 'exact', tables: [allEvents] },
    { name: 'signups-only', mechanism: 'exact', tables: [signups] },
  ]

  it('all events, then one event: the known answer, then refused or protected', async () => {
    const data = withDownload()
    await world.store.write({ events: data, receipts: [] })
    const alone = await publishAlone(eventSpecs)
    expect(attackReleases(highs, alone, data, { k: K, range: RANGE })).toEqual([
      expect.objectContaining({ units: 1, value: 1, low: 1, high: 1 }),
    ])
  })

  it('all events, then one event: the second is refused or protected', async () => {
    await expectRefusedOrProtected(
      eventSpecs,
      withDownload(),
      'name: not listed, browser: "Firefox"',
    )
  })

  it('all events and one event, two tables of one release: refused or protected', async () => {
    await expectRefusedOrProtected(
      [{ name: 'both', mechanism: 'exact', tables: [allEvents, signups] }],
      withDownload(),
      'name: not listed, browser: "Firefox"',
    )
  })

  // Page views and events are different events: nothing subtracts one from the other, and both
  // publish whole, page views beside the sign-ups of the same browsers.
  it('page views beside events: both publish whole, nothing to subtract', async () => {
    const data = [
      ...withDownload(),
      ...crowd(5, { browser: 'Firefox' }),
      ...crowd(5, { browser: 'Chrome' }),
    ]
    await world.store.write({ events: data, receipts: [] })
    const { made, refused } = await publishAll([
      { name: 'views', mechanism: 'exact', tables: [byBrowser] },
      { name: 'signups-only', mechanism: 'exact', tables: [signups] },
    ])
    expect(refused).toBeUndefined()
    expect(made.map((r) => r.tables[0]?.cells.map((c) => c.value))).toEqual([
      [5, 5, 10],
      [5, 5, 10],
    ])
    expect(made[1]?.audit?.linkedReleases).toEqual(['views'])
    expect(attackReleases(highs, made, data, { k: K, range: RANGE })).toEqual([])
  })
})
