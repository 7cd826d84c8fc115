import { describe, expect, it } from 'vitest'
import {
  crowd,
  newVisitor,
  usePublishWorld,
  releaseSpec,
  views,
} from '../../test/helpers/publish-fixtures.js'
import { exactRelease, exactTable } from '../../test/helpers/release-fixtures.js'
import { releaseExact } from './release-exact.js'
import type { ExactOptions } from './release-exact.js'
import type { Release } from './release.js'

// A real DuckDB store in a fresh folder (publish/ may not pick a store itself: the lint rule).
const world = usePublishWorld()

const options = (more: Partial<ExactOptions> = {}): ExactOptions => ({
  minGroupSize: 3,
  protectionRange: 2,
  earlier: [],
  progress: () => undefined,
  ...more,
})

describe('releaseExact, a table of custom events', () => {
  // kills: release-exact.ts:90 ObjectLiteral → {} (the published table would not say which event
  // it counts, and a reader would take its figures for page views or for every event)
  it('names the event its table counts', async () => {
    await world.store.write({
      events: crowd(4, { type: 'event', name: 'signup', country: 'FR' }),
      receipts: [],
    })
    const spec = releaseSpec({
      mechanism: 'exact',
      tables: [
        {
          name: 'signups',
          metric: 'events',
          event: 'signup',
          dimensions: ['country'],
          values: { country: ['FR'] },
        },
      ],
    })
    const steps: { step: string; done: number; total: number }[] = []
    const { tables } = await releaseExact(
      world.store,
      spec,
      options({ progress: (p) => steps.push(p) }),
    )
    expect(tables[0]).toMatchObject({ name: 'signups', metric: 'events', event: 'signup' })
    // kills: release-exact.ts dataOf StringLiteral → `` (the sidecar would not say what it counts)
    expect(tables[0]?.protection).toMatchObject({ data: 'events:signup:include' })
    // kills: release-exact.ts:41 StringLiteral → `` (the operator would see an empty step)
    expect(steps[0]).toEqual({ step: 'read signups', done: 0, total: 1 })
    // kills: release-exact.ts, the audit's progress: ArrowFunction → () => undefined,
    // StringLiteral → `` (no word of the audit), ArithmeticOperator → round - 1 (past its total)
    expect(steps[1]?.step).toMatch(/^audit \(round 1, \d+ LPs\)$/)
    expect(steps[1]).toMatchObject({ done: 1, total: 2 })
    expect(tables[0]?.cells.map((c) => [c.key, c.value])).toEqual([
      [['FR'], 4],
      [['*'], 4],
    ])
  })
})

describe('releaseExact, refused because of an earlier release', () => {
  /**
   * An earlier exact release of the same data (March, page views, anonymous hits counted): 25
   * countries C00…C24, each withheld as too small, and their total, 20, published. Written by hand,
   * as the ledger would hand it back.
   */
  const countriesOf = (n: number) =>
    Array.from({ length: n }, (_, i) => `C${String(i).padStart(2, '0')}`)
  const earlierWith = (countries: readonly string[]): Release => ({
    id: 'e1',
    name: 'first',
    site: 'example.org',
    period: { from: '2026-03-01', to: '2026-04-01' },
    mechanism: 'exact',
    createdAt: '2026-04-02T00:00:00.000Z',
    protectedUnit: 'every published figure counts at least 3 distinct visitors',
    anonymousHits: 'include',
    tables: [
      {
        name: 'regions',
        metric: 'pageviews',
        dimensions: ['country'],
        cells: [
          ...countries.map((c) => ({
            key: [c],
            value: null,
            status: 'suppressed-primary' as const,
          })),
          { key: ['*'], value: 20, status: 'published' as const },
        ],
        protection: {
          mechanism: 'exact',
          minGroupSize: 3,
          protectionRange: 2,
          openDimensions: [],
          data: 'pageviews::include',
        },
      },
    ],
  })
  const earlier = earlierWith(countriesOf(25))

  // kills: release-exact.ts:163 ArithmeticOperator → violations.length + 20, ArrayDeclaration →
  // [], StringLiteral → `` (the count of violations not listed); release-exact.ts:166
  // StringLiteral → `` (what to change when an earlier release is what reveals the cell);
  // :135 StringLiteral → `` (an earlier table without its name), :156 StringLiteral → "" (no
  // "together with this release"), :162 MethodExpression → violations (the first cell twice).
  // Every one of the 25 withheld countries is at most the published total, 20: with a protection
  // range raised to 30, none can be protected, whatever this release withholds.
  it('lists the first 20 cells at risk, counts the others, and says the earlier release is why', async () => {
    await world.store.write({
      events: [...crowd(10, { country: 'C00' }), ...crowd(10, { country: 'C01' })],
      receipts: [],
    })
    const spec = releaseSpec({
      name: 'second',
      mechanism: 'exact',
      tables: [
        {
          name: 'regions',
          metric: 'pageviews',
          dimensions: ['country'],
          values: { country: ['C00', 'C01'] },
        },
      ],
    })
    const refused = releaseExact(
      world.store,
      spec,
      options({ protectionRange: 30, earlier: [earlier] }),
    )
    await expect(refused).rejects.toMatchObject({
      code: 'DISCLOSURE_RISK',
      where: 'first/regions',
      message: expect.stringMatching(
        /^table first\/regions, cell \(country=C\d\d\): an attacker narrows it to \[\d+, \d+\] from the published figures together with this release; rule /,
      ) as string,
    })
    const details = await refused.then(
      () => [],
      (e: { details: string[] }) => e.details,
    )
    expect(details).toHaveLength(19 + 2)
    for (const d of details.slice(0, 19))
      expect(d).toMatch(/^table first\/regions, cell \(country=C\d\d\)/)
    expect(details.slice(19)).toEqual([
      '… and 5 more.',
      'what to change: this release, added to first, reveals that cell: drop or coarsen the tables that share its data, or publish them with mechanism: dp.',
    ])
  })

  // Exactly 20 cells at risk: all listed (the first as the message), and no "… and 0 more";
  // 21: one more, counted.
  it('counts the cells at risk past the first 20, and only those', async () => {
    await world.store.write({
      events: [...crowd(10, { country: 'C00' }), ...crowd(10, { country: 'C01' })],
      receipts: [],
    })
    const spec = releaseSpec({
      name: 'second',
      mechanism: 'exact',
      tables: [
        {
          name: 'regions',
          metric: 'pageviews',
          dimensions: ['country'],
          values: { country: ['C00', 'C01'] },
        },
      ],
    })
    const detailsWith = (n: number) =>
      releaseExact(
        world.store,
        spec,
        options({ protectionRange: 30, earlier: [earlierWith(countriesOf(n))] }),
      ).then(
        () => [],
        (e: { details: string[] }) => e.details,
      )
    const twenty = await detailsWith(20)
    expect(twenty).toHaveLength(19 + 1)
    expect(twenty.some((d) => d.startsWith('…'))).toBe(false)
    const more = await detailsWith(21)
    expect(more).toHaveLength(19 + 2)
    expect(more[19]).toBe('… and 1 more.')
  })
})

describe('releaseExact, refused for a cell no published figure bounds above', () => {
  // kills: release-exact.ts:155 StringLiteral → "" (an interval without an upper end), :156
  // StringLiteral → "Stryker was here!" (words added to a cell of this release). February's
  // release published FR = 2 (its group size was 2). This one covers February and March, with
  // FR = 3 (2 + 1), too small for 5: both of its cells are withheld, and an attacker knows FR is at
  // least February's 2, with no upper end. Within 2 of 3 it must reach down to 1: refused, and no
  // suppression can change it.
  // The second row: a cell of two dimensions is named by both, comma-separated.
  // kills: release-exact.ts:155 StringLiteral `.join(', ')` → `.join('')`
  it.each([
    [
      ['country'],
      /^table spring\/fr, cell \(country=(FR|\*)\): an attacker narrows it to \[2, ∞\] from the published figures; rule lower-protection: an interval reaching down to 1\.$/,
    ],
    [
      ['country', 'device'],
      /^table spring\/fr, cell \(country=(FR|\*), device=(desktop|\*)\): an attacker narrows it to \[2, ∞\] from the published figures; rule lower-protection: an interval reaching down to 1\.$/,
    ],
  ])('writes the interval with ∞ as its upper end (by %o)', async (dimensions, message) => {
    const february = Date.parse('2026-02-10T12:00:00Z')
    await world.store.write({
      events: [...crowd(2, { country: 'FR', time: february }), ...crowd(1, { country: 'FR' })],
      receipts: [],
    })
    const earlier: Release = {
      id: 'e1',
      name: 'february',
      site: 'example.org',
      period: { from: '2026-02-01', to: '2026-03-01' },
      mechanism: 'exact',
      createdAt: '2026-03-02T00:00:00.000Z',
      protectedUnit: 'every published figure counts at least 2 distinct visitors',
      anonymousHits: 'include',
      tables: [
        {
          name: 'fr',
          metric: 'pageviews',
          dimensions: ['country'],
          cells: [
            { key: ['FR'], value: 2, status: 'published' },
            { key: ['*'], value: 2, status: 'published' },
          ],
          protection: {
            mechanism: 'exact',
            minGroupSize: 2,
            protectionRange: 1,
            openDimensions: [],
            data: 'pageviews::include',
          },
        },
      ],
    }
    const spec = releaseSpec({
      name: 'spring',
      mechanism: 'exact',
      period: { from: '2026-02-01', to: '2026-04-01' },
      tables: [{ name: 'fr', metric: 'pageviews', dimensions, values: { country: ['FR'] } }],
    })
    await expect(
      releaseExact(
        world.store,
        spec,
        options({ minGroupSize: 5, protectionRange: 2, earlier: [earlier] }),
      ),
    ).rejects.toMatchObject({
      code: 'DISCLOSURE_RISK',
      message: expect.stringMatching(message) as string,
    })
  })
})

describe('releaseExact, families of data', () => {
  /** Ten visitors viewed pages from France, four of them signed up. */
  async function writeViewsAndSignups() {
    await world.store.write({
      events: [
        ...crowd(10, { country: 'FR' }),
        ...crowd(4, { country: 'FR', type: 'event', name: 'signup' }),
      ],
      receipts: [],
    })
  }
  const byCountry = (name: string, metric: string, event?: string) => ({
    name,
    metric,
    ...(event === undefined ? {} : { event }),
    dimensions: ['country'],
    values: { country: ['FR'] },
  })

  // Page views and sign-ups count different events: audited as if they were the same data,
  // FR = 10 and FR = 4 would be two values of the same sum, a contradiction, and the release
  // refused. Their restrictions (type, name) keep them apart in the one audit.
  it('audits tables of different data together, each on its own events', async () => {
    await writeViewsAndSignups()
    const spec = releaseSpec({
      mechanism: 'exact',
      tables: [byCountry('views', 'pageviews'), byCountry('signups', 'events', 'signup')],
    })
    const { tables, audit } = await releaseExact(world.store, spec, options())
    expect(tables.map((t) => [t.name, t.cells.map((c) => c.value)])).toEqual([
      ['views', [10, 10]],
      ['signups', [4, 4]],
    ])
    expect(audit.linkedReleases).toEqual([])
  })

  // An earlier release of sign-ups shares no event with a table of page views, but an attacker
  // reads both: it is linked, and being other data it contradicts nothing.
  it('links every earlier exact release of the site, whatever data it counts', async () => {
    await writeViewsAndSignups()
    const first = await releaseExact(
      world.store,
      releaseSpec({ mechanism: 'exact', tables: [byCountry('signups', 'events', 'signup')] }),
      options(),
    )
    const earlier: Release = {
      id: 'e1',
      name: 'signups-march',
      site: 'example.org',
      period: { from: '2026-03-01', to: '2026-04-01' },
      mechanism: 'exact',
      createdAt: '2026-04-02T00:00:00.000Z',
      protectedUnit: 'every published figure counts at least 3 distinct visitors',
      anonymousHits: 'include',
      tables: first.tables,
    }
    const spec = releaseSpec({ mechanism: 'exact', tables: [byCountry('views', 'pageviews')] })
    const { tables, audit } = await releaseExact(world.store, spec, options({ earlier: [earlier] }))
    expect(tables[0]?.cells.map((c) => c.value)).toEqual([10, 10])
    expect(audit.linkedReleases).toEqual(['signups-march'])
  })
})

describe('releaseExact, the audit it reports', () => {
  // kills: release-exact.ts:69 AssignmentOperator → -= (a negative count of LPs), :71
  // BlockStatement → {} (no interval reported), :72 ConditionalExpression → false / → true and
  // BooleanLiteral → iv.table.isNew (the earlier release's cells reported as this one's, or only
  // they). A and B (2 visitors each) are too small for 3; I and J (8) and the total (20) are
  // published, so an attacker knows A + B = 4: each of A and B lies in [0, 4], in this release and
  // in the earlier one of the same table, which it is linked to.
  it("bounds each withheld cell of this release's tables, and of no earlier one", async () => {
    const n = { A: 2, B: 2, I: 8, J: 8 }
    await world.store.write({
      events: Object.entries(n).flatMap(([country, count]) => crowd(count, { country })),
      receipts: [],
    })
    const table = (name: string) => ({
      name,
      metric: 'pageviews',
      dimensions: ['country'],
      values: { country: ['A', 'B', 'I', 'J'] },
    })
    const spec = (name: string, t: string) =>
      releaseSpec({ name, mechanism: 'exact', tables: [table(t)] })
    const first = await releaseExact(world.store, spec('first', 'countries'), options())
    const earlier: Release = {
      id: 'e1',
      name: 'first',
      site: 'example.org',
      period: { from: '2026-03-01', to: '2026-04-01' },
      mechanism: 'exact',
      createdAt: '2026-04-02T00:00:00.000Z',
      protectedUnit: 'every published figure counts at least 3 distinct visitors',
      anonymousHits: 'include',
      tables: first.tables,
    }
    const { audit } = await releaseExact(
      world.store,
      spec('second', 'regions'),
      options({ earlier: [earlier] }),
    )
    expect(audit.linkedReleases).toEqual(['first'])
    expect(audit.primary).toBe(2)
    expect(audit.solves).toBeGreaterThan(0)
    // kills: release-exact.ts:109 StringLiteral → `` (the sidecar would not say which solver)
    expect(audit.solver).toMatch(/^HiGHS \d+\.\d+\S* \(LP, via the highs npm package\)$/)
    expect(audit.intervals).toEqual([
      { table: 'regions', key: ['A'], low: 0, high: 4 },
      { table: 'regions', key: ['B'], low: 0, high: 4 },
    ])
  })
})

/** Two visitors from A, too few for a group of 3, and eight each from I and J. */
const writeOneSmallGroup = () =>
  world.store.write({
    events: [
      ...crowd(2, { country: 'A' }),
      ...crowd(8, { country: 'I' }),
      ...crowd(8, { country: 'J' }),
    ],
    receipts: [],
  })

describe('releaseExact, the cells it withholds to protect others', () => {
  // kills: release-exact.ts:85 ConditionalExpression → false (the secondary cells left out of the
  // count). A (2 visitors) is too small for 3; with I and J (8 each) and the total (18)
  // published, A = 18 − 16: at least one more cell must be withheld, and the audit counts it.
  it('counts the secondary cells it withheld', async () => {
    await writeOneSmallGroup()
    const spec = releaseSpec({
      mechanism: 'exact',
      tables: [
        {
          name: 'regions',
          metric: 'pageviews',
          dimensions: ['country'],
          values: { country: ['A', 'I', 'J'] },
        },
      ],
    })
    const { tables, audit } = await releaseExact(world.store, spec, options())
    const secondary = tables[0]?.cells.filter((c) => c.status === 'suppressed-secondary') ?? []
    expect(secondary.length).toBeGreaterThan(0)
    expect(audit).toMatchObject({ primary: 1, secondary: secondary.length })
  })
})

describe('releaseExact, an earlier release read back', () => {
  // kills: release-exact.ts:129 ConditionalExpression → true (an earlier table's `*` read as one
  // of its values: its total would seem to hold one more unknown, and A would seem uncertain).
  // The first release withheld A (2) and I (8), and published J = 8 and the total, 18. Publishing
  // I again (8) gives A = 18 − 8 − 8 = 2: this release must withhold I, or be refused.
  it('never publishes what makes an earlier withheld cell exact', async () => {
    await writeOneSmallGroup()
    const earlier: Release = {
      id: 'e1',
      name: 'first',
      site: 'example.org',
      period: { from: '2026-03-01', to: '2026-04-01' },
      mechanism: 'exact',
      createdAt: '2026-04-02T00:00:00.000Z',
      protectedUnit: 'every published figure counts at least 3 distinct visitors',
      anonymousHits: 'include',
      tables: [
        {
          name: 'countries',
          metric: 'pageviews',
          dimensions: ['country'],
          cells: [
            { key: ['A'], value: null, status: 'suppressed-primary' },
            { key: ['I'], value: null, status: 'suppressed-secondary' },
            { key: ['J'], value: 8, status: 'published' },
            { key: ['*'], value: 18, status: 'published' },
          ],
          protection: {
            mechanism: 'exact',
            minGroupSize: 3,
            protectionRange: 2,
            openDimensions: [],
            data: 'pageviews::include',
          },
        },
      ],
    }
    const spec = releaseSpec({
      name: 'second',
      mechanism: 'exact',
      tables: [
        { name: 'i', metric: 'pageviews', dimensions: ['country'], values: { country: ['I'] } },
      ],
    })
    const outcome = await releaseExact(world.store, spec, options({ earlier: [earlier] })).then(
      (release) => release.tables[0]?.cells.map((c) => [c.key.join('|'), c.value]),
      (e: { code: string; message: string }) => `${e.code}: ${e.message}`,
    )
    // Refused, naming A, or published with I (and the total, which is I) withheld.
    expect([
      [
        ['I', null],
        ['*', null],
      ],
      expect.stringMatching(/^DISCLOSURE_RISK: table first\/countries, cell \(country=A\)/),
    ]).toContainEqual(outcome)
  })
})

describe('releaseExact, an earlier release that gave a cell away', () => {
  // An earlier release (made before its audit was what it is) published FR's total and BE, and
  // withheld FR alone: FR = 6 − 5 = 1 exactly. Any release of the same data is refused, naming the
  // earlier cell, recomputed exactly, not merely "narrow".
  it('is named, with its exact value, by the refusal of the next release', async () => {
    await world.store.write({
      events: [...views(1, newVisitor(), { country: 'FR' }), ...crowd(5, { country: 'BE' })],
      receipts: [],
    })
    const earlier = exactRelease({
      name: 'first',
      tables: [
        exactTable({
          name: 'countries',
          cells: [
            { key: ['FR'], value: null, status: 'suppressed-primary' },
            { key: ['BE'], value: 5, status: 'published' },
            { key: ['*'], value: 6, status: 'published' },
          ],
        }),
      ],
    })
    const spec = releaseSpec({
      name: 'second',
      mechanism: 'exact',
      tables: [{ name: 'devices', metric: 'pageviews', dimensions: ['device'] }],
    })
    await expect(
      releaseExact(world.store, spec, options({ earlier: [earlier] })),
    ).rejects.toMatchObject({
      code: 'DISCLOSURE_RISK',
      message:
        'table first/countries, cell (country=FR): an attacker narrows it to [1, 1] from the published figures together with this release; rule exact-recovery: a withheld figure must not be recomputable from the published ones.',
    })
  })
})
