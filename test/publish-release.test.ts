import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publishRelease } from '../src/publish/publish-release.js'
import { TOTAL } from '../src/publish/published-table.js'
import {
  newVisitor,
  publishPolicy,
  usePublishWorld,
  releaseSpec,
  views,
} from './helpers/publish-fixtures.js'

const world = usePublishWorld()

const policy = publishPolicy({
  minGroupSize: 3,
  budget: { epsilon: 1, delta: 1e-6, windowMonths: 12 },
})
const DP_SPEC = releaseSpec({
  name: 'kit',
  tables: [
    {
      name: 'by-country-device',
      metric: 'pageviews',
      dimensions: ['country', 'device'],
      values: { country: ['FR', 'BE', 'CH'] },
      epsilon: 0.4,
    },
  ],
})

describe('publishRelease, differential privacy', () => {
  it('publishes every combination of bounded values, zeros included, with its budget', async () => {
    await world.store.write({ events: views(5, newVisitor(), { country: 'FR' }), receipts: [] })
    const { release, reServed } = await publishRelease(world.store, DP_SPEC, {
      policy,
      ledgerDir: world.ledgerDir,
    })
    expect(reServed).toBe(false)
    const table = release.tables[0]
    expect(table?.cells.map((c) => c.key.join('|'))).toEqual(
      ['FR', 'BE', 'CH'].flatMap((c) =>
        ['desktop', 'mobile', 'tablet', 'other'].map((d) => `${c}|${d}`),
      ),
    )
    for (const c of table?.cells ?? []) {
      expect(c.status).toBe('published')
      expect(Number.isInteger(c.value) && (c.value as number) >= 0).toBe(true)
    }
    expect(table?.protection).toMatchObject({
      mechanism: 'dp',
      noise: 'discrete-laplace',
      parameter: 'b = 20',
    })
    expect(release.budget?.windows).toEqual([
      {
        window: '2026-01/2026-12',
        epsilonSpent: 0.4,
        deltaSpent: 0,
        epsilonLeft: 0.6,
        deltaLeft: 1e-6,
      },
    ])
    expect(release.protectedUnit).toContain('anonymous hits')
  })

  it('re-serves a release already made: the same figures, no budget spent again', async () => {
    await world.store.write({ events: views(40, newVisitor(), { country: 'BE' }), receipts: [] })
    const first = await publishRelease(world.store, DP_SPEC, { policy, ledgerDir: world.ledgerDir })
    // More data arrives; the same spec still gives the first release, not a new draw.
    await world.store.write({ events: views(40, newVisitor(), { country: 'BE' }), receipts: [] })
    const again = await publishRelease(world.store, DP_SPEC, { policy, ledgerDir: world.ledgerDir })
    expect(again.reServed).toBe(true)
    expect(again.release).toEqual(first.release)
    const third = await publishRelease(
      world.store,
      { ...DP_SPEC, name: 'kit-2' },
      {
        policy,
        ledgerDir: world.ledgerDir,
      },
    )
    expect(third.release.budget?.windows[0]?.epsilonSpent).toBe(0.8)
  })

  it('refuses a release past the budget, says what is left, and spends nothing', async () => {
    const spec = (name: string) => ({ ...DP_SPEC, name })
    await publishRelease(world.store, spec('a'), { policy, ledgerDir: world.ledgerDir })
    await publishRelease(world.store, spec('b'), { policy, ledgerDir: world.ledgerDir })
    const refused = publishRelease(world.store, spec('c'), { policy, ledgerDir: world.ledgerDir })
    await expect(refused).rejects.toMatchObject({
      code: 'BUDGET_EXCEEDED',
      message: expect.stringContaining('only ε = 0.2') as string,
    })
    const ledger = await readFile(join(world.ledgerDir, 'example.org.jsonl'), 'utf8')
    expect(ledger.trim().split('\n')).toHaveLength(2)
  })

  it('refuses to work on a ledger whose lines were changed', async () => {
    await publishRelease(world.store, DP_SPEC, { policy, ledgerDir: world.ledgerDir })
    await publishRelease(
      world.store,
      { ...DP_SPEC, name: 'b' },
      { policy, ledgerDir: world.ledgerDir },
    )
    const file = join(world.ledgerDir, 'example.org.jsonl')
    const lines = (await readFile(file, 'utf8')).trim().split('\n')
    // Someone lowers what the first release spent, to free budget.
    await writeFile(
      file,
      `${(lines[0] as string).replace('"epsilon":0.4', '"epsilon":0.1')}\n${lines[1] as string}\n`,
    )
    await expect(
      publishRelease(
        world.store,
        { ...DP_SPEC, name: 'c' },
        { policy, ledgerDir: world.ledgerDir },
      ),
    ).rejects.toMatchObject({ code: 'LEDGER_INVALID' })
  })

  it('publishes only the pages selected by DP partition selection', async () => {
    const popular = Array.from({ length: 300 }, () =>
      views(1, newVisitor(), { path: '/popular' }),
    ).flat()
    const rare = views(1, newVisitor(), { path: '/users/jean-dupont' })
    await world.store.write({ events: [...popular, ...rare], receipts: [] })
    const spec = releaseSpec({
      name: 'pages',
      tables: [
        { name: 'pages', metric: 'pageviews', dimensions: ['path'], epsilon: 1, delta: 1e-6 },
      ],
    })
    const { release } = await publishRelease(world.store, spec, {
      policy,
      ledgerDir: world.ledgerDir,
    })
    const paths = release.tables[0]?.cells.map((c) => c.key[0])
    expect(paths).toEqual(['/popular'])
  })
})

describe('publishRelease, exact counts', () => {
  const exactSpec = (name: string, countries: string[]) =>
    releaseSpec({
      name,
      mechanism: 'exact',
      tables: [
        {
          name: 'regions',
          metric: 'pageviews',
          dimensions: ['country'],
          values: { country: countries },
        },
      ],
    })
  /** sdcTable's linked-tables counts (tests/testthat/test-linked-tables.r), one visitor per view. */
  async function writeRegions() {
    const n = { A: 2, B: 2, I: 8, J: 8, K: 3, L: 3, M: 3, N: 7 }
    const events = Object.entries(n).flatMap(([country, count]) =>
      Array.from({ length: count }, () => views(1, newVisitor(), { country })).flat(),
    )
    await world.store.write({ events, receipts: [] })
  }
  const exactPolicy = publishPolicy({ minGroupSize: 4 })

  it('suppresses small cells and their complements, and publishes true values untouched', async () => {
    await writeRegions()
    const { release } = await publishRelease(
      world.store,
      exactSpec('first', ['A', 'B', 'I', 'J']),
      {
        policy: exactPolicy,
        ledgerDir: world.ledgerDir,
      },
    )
    const cells = Object.fromEntries(
      (release.tables[0]?.cells ?? []).map((c) => [c.key[0] as string, [c.value, c.status]]),
    )
    expect(cells).toEqual({
      A: [null, 'suppressed-primary'],
      B: [null, 'suppressed-primary'],
      I: [8, 'published'],
      J: [8, 'published'],
      [TOTAL]: [20, 'published'],
    })
    expect(release.audit).toMatchObject({ primary: 2, secondary: 0, linkedReleases: [] })
  })

  it('audits a release against the earlier ones: linked tables get the suppression they need', async () => {
    await writeRegions()
    const options = { policy: exactPolicy, ledgerDir: world.ledgerDir }
    await publishRelease(world.store, exactSpec('first', ['A', 'B', 'I', 'J']), options)
    const { release } = await publishRelease(
      world.store,
      exactSpec('second', ['A', 'B', 'I', 'J', 'K', 'N']),
      options,
    )
    const status = Object.fromEntries(
      (release.tables[0]?.cells ?? []).map((c) => [c.key[0] as string, c.status]),
    )
    // Alone, A, B and K withheld would do; with the first release, K = 7 − (A + B) = 3 unless N goes too.
    expect(status).toMatchObject({ K: 'suppressed-primary', N: 'suppressed-secondary' })
    expect(release.audit?.linkedReleases).toEqual(['first'])
  })

  it('refuses what suppression cannot protect, naming the cell, the rule and what to change', async () => {
    await writeRegions()
    const options = { policy: exactPolicy, ledgerDir: world.ledgerDir }
    await publishRelease(world.store, exactSpec('first', ['A', 'B', 'I', 'J']), options)
    // The first release published the total (20): no suppression in a second table can leave A
    // (2) uncertain up to 2 + 30.
    const wide = { ...exactSpec('second', ['A', 'B', 'I', 'J', 'K']), protectionRange: 30 }
    const refused = publishRelease(world.store, wide, options)
    await expect(refused).rejects.toMatchObject({
      code: 'DISCLOSURE_RISK',
      message: expect.stringMatching(
        /^table (first|second)\/regions, cell \(country=[AB]\): an attacker narrows it to \[0, \d+\].*rule (upper-protection|protection-width)/,
      ) as string,
    })
    await refused.catch((e: { details: string[] }) =>
      expect(e.details.at(-1)).toMatch(/^what to change: /),
    )
  })

  it('refuses when the data changed since an earlier exact release: figures that contradict cannot be audited', async () => {
    await writeRegions()
    const options = { policy: exactPolicy, ledgerDir: world.ledgerDir }
    await publishRelease(world.store, exactSpec('first', ['A', 'B', 'I', 'J']), options)
    await world.store.write({ events: views(1, newVisitor(), { country: 'I' }), receipts: [] })
    await expect(
      publishRelease(world.store, exactSpec('second', ['I', 'J']), options),
    ).rejects.toMatchObject({
      code: 'DISCLOSURE_RISK',
      message: expect.stringContaining('contradict') as string,
    })
  })
})
