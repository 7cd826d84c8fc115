import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  newVisitor,
  publishPolicy,
  usePublishWorld,
  releaseSpec,
  views,
} from '../../test/helpers/publish-fixtures.js'
import { createFakeClock } from '../lib/clock.js'
import type { PublishProgress } from './publish-release.js'
import { protectionRangeOf, publishRelease } from './publish-release.js'

const world = usePublishWorld()

const budget = { epsilon: 1, delta: 1e-6, windowMonths: 12 }

/** Two DP tables, without open dimensions (no partition selection): a total each. */
const twoTables = releaseSpec({
  name: 'two',
  anonymousHits: 'exclude',
  tables: [
    {
      name: 'downloads',
      metric: 'events',
      event: 'download',
      epsilon: 0.3,
      delta: 1e-7,
      noise: 'gaussian',
    },
    { name: 'views', metric: 'pageviews', epsilon: 0.2 },
  ],
})

describe('publishRelease: what a release and its ledger line say', () => {
  // kills: publish-release.ts:56 `options.clock ?? systemClock` → `&&` (the machine's time
  // instead of the one given), :57 onProgress ignored (`??` → `&&`, ArrowFunction), :86/:89 the
  // progress steps (StringLiteral, ObjectLiteral), :79–80 and :120 the costs' sums (`+` → `-`,
  // `?? 0`), :90 the budget, :101–109 the ledger line (time, windows, ε, δ, data).
  it('dates the release by the given clock, reports each table’s progress, and charges the sum of the tables', async () => {
    await world.store.write({ events: views(3, newVisitor()), receipts: [] })
    const steps: PublishProgress[] = []
    const result = await publishRelease(world.store, twoTables, {
      policy: publishPolicy({ budget }),
      ledgerDir: world.ledgerDir,
      clock: createFakeClock('2026-04-02T08:00:00Z'),
      onProgress: (p) => steps.push(p),
    })
    expect(steps).toEqual([
      { step: 'noise downloads', done: 0, total: 2 },
      { step: 'noise views', done: 1, total: 2 },
      { step: 'done', done: 2, total: 2 },
    ])
    const { release, entry } = result
    expect(release).toMatchObject({
      name: 'two',
      site: 'example.org',
      period: { from: '2026-03-01', to: '2026-04-01' },
      mechanism: 'dp',
      createdAt: '2026-04-02T08:00:00.000Z',
      anonymousHits: 'exclude',
      budget: {
        epsilon: 0.5,
        delta: 1e-7,
        windows: [
          {
            window: '2026-01/2026-12',
            epsilonSpent: 0.5,
            deltaSpent: 1e-7,
            epsilonLeft: 0.5,
            deltaLeft: 9e-7,
          },
        ],
      },
    })
    expect(release.protectedUnit).toContain('anonymous hits are not counted')
    expect(release.tables.map((t) => t.name)).toEqual(['downloads', 'views'])
    expect(entry).toMatchObject({
      seq: 1,
      id: release.id,
      name: 'two',
      time: '2026-04-02T08:00:00.000Z',
      mechanism: 'dp',
      period: { from: '2026-03-01', to: '2026-04-01' },
      windows: ['2026-01/2026-12'],
      epsilon: 0.5,
      delta: 1e-7,
      data: ['events:download:exclude', 'pageviews::exclude'],
    })
  })

  // A DP figure drawn twice leaks twice: a policy change that does not touch DP (the smallest
  // group is exact mode's) must not give the same spec a new id, hence new noise.
  // kills: publish-release.ts:62 ConditionalExpression → true and EqualityOperator (exact mode's
  // parameters hashed into a DP release's id).
  it('re-serves a DP release after the smallest group of exact mode changed', async () => {
    await world.store.write({ events: views(3, newVisitor()), receipts: [] })
    const first = await publishRelease(world.store, twoTables, {
      policy: publishPolicy({ budget, minGroupSize: 10 }),
      ledgerDir: world.ledgerDir,
    })
    const again = await publishRelease(world.store, twoTables, {
      policy: publishPolicy({ budget, minGroupSize: 3 }),
      ledgerDir: world.ledgerDir,
    })
    expect(again.reServed).toBe(true)
    expect(again.release).toEqual(first.release)
  })
})

describe('publishRelease, exact mode: what decides its cells', () => {
  const exactSpec = (name: string) =>
    releaseSpec({
      name,
      mechanism: 'exact',
      tables: [
        {
          name: 'regions',
          metric: 'pageviews',
          dimensions: ['country'],
          values: { country: ['FR', 'BE'] },
        },
      ],
    })
  async function writeRegions() {
    const visit = (country: string) => views(1, newVisitor(), { country })
    await world.store.write({
      events: [...['FR', 'FR', 'FR', 'FR', 'FR'].flatMap(visit), ...visit('BE')],
      receipts: [],
    })
  }

  // The smallest group decides which cells are withheld: after the policy changed it, the same
  // spec must be made again under the new rule, not answered with the output of the old one.
  // kills: publish-release.ts:58 ObjectLiteral → {} (the smallest group and range left out of the id).
  it('makes an exact release again when the policy’s smallest group changed', async () => {
    await writeRegions()
    const strict = await publishRelease(world.store, exactSpec('regions'), {
      policy: publishPolicy({ minGroupSize: 2 }),
      ledgerDir: world.ledgerDir,
    })
    // An exact release spends no budget and charges no window: its ledger line says so.
    // kills: publish-release.ts:75–76 (the cost and the windows an exact release starts from).
    expect(strict.entry).toMatchObject({
      mechanism: 'exact',
      windows: [],
      epsilon: 0,
      delta: 0,
      data: ['pageviews::include'],
    })
    expect(strict.release.tables[0]?.cells.map((c) => c.status)).toEqual([
      'suppressed-secondary',
      'suppressed-primary',
      'published',
    ])
    const loose = await publishRelease(world.store, exactSpec('regions'), {
      policy: publishPolicy({ minGroupSize: 1 }),
      ledgerDir: world.ledgerDir,
    })
    // Made again (and audited against the first, whose withheld cells stay withheld).
    expect(loose.reServed).toBe(false)
    expect(loose.entry.seq).toBe(2)
    expect(loose.release.audit?.linkedReleases).toEqual(['regions'])
  })

  // A DP release's noisy figures are no constraint on the true counts: only earlier exact
  // releases are linked in the audit.
  // kills: publish-release.ts:94 EqualityOperator (the exact releases left out, the DP ones read).
  it('audits an exact release against the earlier exact releases only, not the DP ones', async () => {
    await writeRegions()
    const options = {
      policy: publishPolicy({ minGroupSize: 1, budget }),
      ledgerDir: world.ledgerDir,
    }
    await publishRelease(
      world.store,
      releaseSpec({
        name: 'noisy',
        tables: [
          {
            name: 'regions',
            metric: 'pageviews',
            dimensions: ['country'],
            values: { country: ['FR', 'BE'] },
            epsilon: 0.5,
          },
        ],
      }),
      options,
    )
    await publishRelease(world.store, exactSpec('first'), options)
    const second = await publishRelease(world.store, exactSpec('second'), options)
    // Same cells asked again under another name: a new release, linked to the exact one only.
    expect(second.release.audit?.linkedReleases).toEqual(['first'])
  })

  // The audit reads only what can constrain true counts: the earlier exact outputs. A DP
  // release's stored output that went missing is that release's problem (re-serving it refuses),
  // not a reason to refuse every later exact release.
  // kills: publish-release.ts:94 ConditionalExpression → true / EqualityOperator (the DP outputs
  // read, and checked, as earlier exact ones; the audit itself drops their tables).
  it('makes an exact release without reading the DP outputs, even when one went missing', async () => {
    await writeRegions()
    const options = {
      policy: publishPolicy({ minGroupSize: 1, budget }),
      ledgerDir: world.ledgerDir,
    }
    const noisySpec = releaseSpec({
      name: 'noisy',
      tables: [{ name: 'total', metric: 'pageviews', epsilon: 0.5 }],
    })
    const noisy = await publishRelease(world.store, noisySpec, options)
    await rm(join(world.ledgerDir, 'example.org', `${noisy.release.id}.json`))
    const exact = await publishRelease(world.store, exactSpec('first'), options)
    expect(exact.release.tables[0]?.cells.map((c) => c.value)).toEqual([5, 1, 6])
    await expect(publishRelease(world.store, noisySpec, options)).rejects.toMatchObject({
      code: 'LEDGER_INVALID',
    })
  })
})

describe('publishRelease: a re-served release', () => {
  // A release re-served costs nothing; the budget it reports is what the windows have left now,
  // after the releases made since, not what was left when it was first made.
  it('reports the budget left now, never below 0 after the cap was lowered', async () => {
    await world.store.write({ events: views(3, newVisitor()), receipts: [] })
    const options = { policy: publishPolicy({ budget }), ledgerDir: world.ledgerDir }
    const spec = (name: string, epsilon: number) =>
      releaseSpec({ name, tables: [{ name: 'total', metric: 'pageviews', epsilon }] })
    const first = await publishRelease(world.store, spec('first', 0.25), options)
    expect(first.budgetNow).toBeUndefined()
    await publishRelease(world.store, spec('second', 0.5), options)
    const again = await publishRelease(world.store, spec('first', 0.25), options)
    expect(again.reServed).toBe(true)
    expect(again.release.budget?.windows[0]).toMatchObject({
      epsilonSpent: 0.25,
      epsilonLeft: 0.75,
    })
    expect(again.budgetNow).toEqual([
      {
        window: '2026-01/2026-12',
        epsilonSpent: 0.75,
        deltaSpent: 0,
        epsilonLeft: 0.25,
        deltaLeft: 1e-6,
      },
    ])
    const lowered = { ...options, policy: publishPolicy({ budget: { ...budget, epsilon: 0.5 } }) }
    expect((await publishRelease(world.store, spec('first', 0.25), lowered)).budgetNow).toEqual([
      expect.objectContaining({ epsilonSpent: 0.75, epsilonLeft: 0 }),
    ])
  })

  it('reports no budget for an exact release', async () => {
    await world.store.write({ events: views(3, newVisitor()), receipts: [] })
    const exact = releaseSpec({
      name: 'exact',
      mechanism: 'exact',
      tables: [{ name: 'total', metric: 'pageviews' }],
    })
    const options = {
      policy: publishPolicy({ budget, minGroupSize: 1 }),
      ledgerDir: world.ledgerDir,
    }
    await publishRelease(world.store, exact, options)
    const again = await publishRelease(world.store, exact, options)
    expect(again.reServed).toBe(true)
    expect(again).not.toHaveProperty('budgetNow')
  })
})

describe('protectionRangeOf', () => {
  // kills: publish-release.ts:117 `??` → `&&` and Math.ceil → Math.floor.
  it('is the spec’s range, else half the smallest group rounded up', () => {
    const spec = releaseSpec({ tables: [{ name: 't', metric: 'pageviews' }] })
    expect(protectionRangeOf(spec, publishPolicy({ minGroupSize: 5 }))).toBe(3)
    expect(protectionRangeOf(spec, publishPolicy({ minGroupSize: 4 }))).toBe(2)
    expect(
      protectionRangeOf({ ...spec, protectionRange: 7 }, publishPolicy({ minGroupSize: 5 })),
    ).toBe(7)
  })
})
