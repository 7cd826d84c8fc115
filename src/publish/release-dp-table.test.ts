import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  newVisitor,
  publishWorld,
  releaseSpec,
  views,
} from '../../test/helpers/publish-fixtures.js'
import { usingAllDraws } from '../../test/helpers/scripted-random.js'
import type { Store, StoredEvent } from '../store/store.js'
import { calibrateNoise, formatNoiseParameter, noiseMargin } from './count-noise.js'
import { keepProbability } from './partition-selection.js'
import { noiseDpTable, prepareDpTable } from './release-dp-table.js'
import type { PreparedDpTable } from './release-dp-table.js'
import type { TableSpec } from './release-spec.js'

// A DP table as an analyst receives it, from a real DuckDB store, with the noise and
// the partition coins on scripted draws: each cell's noise is chosen by the test, so the table's
// values, statuses and keys can be stated exactly.

/** The draws that make the discrete Laplace of scale t/1 answer z (CKS20 Algorithm 2). */
const laplaceDraws = (z: number, t: number): bigint[] => {
  const u = BigInt(Math.abs(z) % t)
  const v = Math.floor(Math.abs(z) / t)
  // U (and its exp(−U/t) coin, accepted at once), V coins of e^−1 landing 1, one landing 0, a sign.
  return [u, u, ...Array.from({ length: v }, () => [0n, 0n, 1n]).flat(), 0n, 1n, z < 0 ? 1n : 0n]
}
const noiseDraws = (zs: readonly number[], t: number): bigint[] =>
  zs.flatMap((z) => laplaceDraws(z, t))

// One real DuckDB store for the file (publishWorld: its folder is removed at the end); each
// describe writes to a site of its own.
let world: Awaited<ReturnType<typeof publishWorld>>
let store: Store
beforeAll(async () => {
  world = await publishWorld()
  store = world.store
})
afterAll(async () => {
  await world.cleanup()
})

const write = (events: StoredEvent[]) => store.write({ events, receipts: [] })
const site = (name: string) => `${name}.example`
const specOf = (name: string, table: Record<string, unknown>) => {
  const spec = releaseSpec({ name, site: site(name), tables: [{ name, ...table }] })
  return { spec, table: spec.tables[0] as TableSpec }
}
const DEVICES = ['desktop', 'mobile', 'tablet', 'other']

describe('a DP table of bounded dimensions (Laplace)', () => {
  const { spec, table } = specOf('bounded', {
    metric: 'pageviews',
    dimensions: ['country', 'device'],
    values: { country: ['FR', 'BE'] },
    epsilon: 0.5,
    bounds: { cellsPerVisitor: 2, eventsPerCell: 3 },
  })
  // b = L1/ε = 2·3/0.5 = 12.
  const B = 12
  let prepared: PreparedDpTable
  beforeAll(async () => {
    const [a, b] = [newVisitor(), newVisitor()]
    await write([
      ...views(5, a, { site: site('bounded'), country: 'FR', device: 'desktop' }), // 3 counted
      ...views(1, b, { site: site('bounded'), country: 'FR', device: 'mobile' }),
      ...views(2, b, { site: site('bounded'), country: 'BE', device: 'desktop' }),
      ...views(1, null, { site: site('bounded'), country: 'BE', device: 'tablet' }),
      ...views(4, newVisitor(), { site: site('bounded'), country: 'DE' }), // no cell: not listed
    ])
    prepared = await usingAllDraws([], (random) => prepareDpTable(store, spec, table, random))
  })

  it('publishes every listed combination, in order, with the bounded counts and the calibrated noise', () => {
    expect(prepared.keys).toEqual(['FR', 'BE'].flatMap((c) => DEVICES.map((d) => [c, d])))
    expect(prepared.keys.map((k) => prepared.counts.get(k.join('\u0000')) ?? 0)).toEqual([
      3, 1, 0, 0, 2, 0, 1, 0,
    ])
    expect(prepared.noise).toEqual({ kind: 'discrete-laplace', scale: { num: 12n, den: 1n } })
    expect(prepared.protection).toStrictEqual({
      mechanism: 'dp',
      noise: 'discrete-laplace',
      epsilon: 0.5,
      delta: 0,
      parameter: 'b = 12',
      bounds: { cellsPerVisitor: 2, eventsPerCell: 3 },
      threshold: 0,
    })
  })

  it('adds each cell its own noise; a negative result is shown as 0, never below', () => {
    const noise = [2, -1, 0, -3, 1, 0, -2, 5]
    const published = usingAllDraws(noiseDraws(noise, B), (random) =>
      noiseDpTable(prepared, random),
    )
    const margin = noiseMargin(prepared.noise)
    expect(margin).toBe(36)
    expect(published).toStrictEqual({
      name: 'bounded',
      metric: 'pageviews',
      dimensions: ['country', 'device'],
      protection: prepared.protection,
      cells: [
        [['FR', 'desktop'], 5],
        [['FR', 'mobile'], 0],
        [['FR', 'tablet'], 0],
        [['FR', 'other'], 0],
        [['BE', 'desktop'], 3],
        [['BE', 'mobile'], 0],
        [['BE', 'tablet'], 0],
        [['BE', 'other'], 5],
      ].map(([key, value]) => ({ key, value, status: 'published', margin })),
    })
  })

  it('withholds a noisy value under the threshold (null, never 0), and shows one equal to it', () => {
    const withThreshold = { ...prepared, spec: { ...prepared.spec, threshold: 3 } }
    const noise = [2, -1, 0, -3, 1, 0, -2, 5]
    const published = usingAllDraws(noiseDraws(noise, B), (random) =>
      noiseDpTable(withThreshold, random),
    )
    expect(published.cells.map((c) => [c.value, c.status])).toEqual([
      [5, 'published'],
      [null, 'below-threshold'],
      [null, 'below-threshold'],
      [null, 'below-threshold'],
      [3, 'published'],
      [null, 'below-threshold'],
      [null, 'below-threshold'],
      [5, 'published'],
    ])
    expect(published.cells.every((c) => c.margin === 36)).toBe(true)
  })
})

describe('a DP table of visitors', () => {
  const { spec, table } = specOf('visitors', {
    metric: 'visitors',
    dimensions: ['country'],
    values: { country: ['FR', 'BE'] },
    epsilon: 0.5,
    bounds: { cellsPerVisitor: 2, eventsPerCell: 3 },
  })
  beforeAll(async () => {
    const v = newVisitor()
    await write([
      ...views(5, v, { site: site('visitors'), country: 'FR' }),
      ...views(2, newVisitor(), { site: site('visitors'), country: 'FR' }),
      ...views(3, null, { site: site('visitors'), country: 'BE' }), // no id: not a visitor
    ])
  })

  // A visitor counts once per cell whatever eventsPerCell says: the sensitivity is
  // cellsPerVisitor·1, so b = 2/0.5 = 4, and the sidecar says eventsPerCell 1.
  it('counts each visitor once per cell, and calibrates the noise to one per cell', async () => {
    const prepared = await usingAllDraws([], (random) => prepareDpTable(store, spec, table, random))
    expect(Object.fromEntries(prepared.counts)).toEqual({ FR: 2 })
    expect(prepared.noise).toEqual({ kind: 'discrete-laplace', scale: { num: 4n, den: 1n } })
    expect(prepared.protection).toMatchObject({
      parameter: 'b = 4',
      bounds: { cellsPerVisitor: 2, eventsPerCell: 1 },
    })
    const published = usingAllDraws(noiseDraws([0, 0], 4), (random) =>
      noiseDpTable(prepared, random),
    )
    expect(published.cells.map((c) => [c.key, c.value])).toEqual([
      [['FR'], 2],
      [['BE'], 0],
    ])
  })
})

describe('a DP table of custom events', () => {
  it('names its event', async () => {
    const { spec, table } = specOf('signup', {
      metric: 'events',
      event: 'signup',
      dimensions: ['device'],
      epsilon: 1,
      bounds: { cellsPerVisitor: 1, eventsPerCell: 1 },
    })
    await write(views(1, newVisitor(), { site: site('signup'), type: 'event', name: 'signup' }))
    const prepared = await usingAllDraws([], (random) => prepareDpTable(store, spec, table, random))
    const published = usingAllDraws(noiseDraws([0, 0, 0, 0], 1), (random) =>
      noiseDpTable(prepared, random),
    )
    expect(published.event).toBe('signup')
    expect(published.cells.map((c) => c.value)).toEqual([1, 0, 0, 0])
  })
})

describe('a DP table with an open dimension: partition selection first', () => {
  const EPSILON = 1
  const DELTA = 1e-4
  const C = 2
  const { spec, table } = specOf('open', {
    metric: 'pageviews',
    dimensions: ['device', 'path'],
    epsilon: EPSILON,
    delta: DELTA,
    bounds: { cellsPerVisitor: C, eventsPerCell: 1 },
  })
  // Half of ε goes to the selection, with all of δ (Laplace noise spends no δ), split over the C
  // values one visitor can bring: a path seen by two visitors is kept with this probability.
  const p2 = keepProbability(EPSILON / 2, DELTA, C)(2)
  const edge = BigInt(Math.floor(p2 * 2 ** 53))
  beforeAll(async () => {
    const at = { site: site('open') }
    const many = Array.from({ length: 80 }, () => newVisitor())
    await write([
      ...many.flatMap((v) => views(1, v, { ...at, path: '/popular' })),
      ...[newVisitor(), newVisitor()].flatMap((v) => views(1, v, { ...at, path: '/rare-a' })),
      ...[newVisitor(), newVisitor()].flatMap((v) => views(1, v, { ...at, path: '/rare-b' })),
    ])
  })

  it('keeps a value with its exact selection probability, and publishes every bounded value with it', async () => {
    expect(p2).toBeGreaterThan(0)
    expect(p2).toBeLessThan(1)
    expect(keepProbability(EPSILON / 2, DELTA, C)(80)).toBe(1)
    // In the store's order: /popular is certain (no draw), /rare-a's draw is just under the
    // edge (kept), /rare-b's is on it (dropped).
    const prepared = await usingAllDraws([edge - 1n, edge], (random) =>
      prepareDpTable(store, spec, table, random),
    )
    expect(prepared.keys).toEqual(
      ['/popular', '/rare-a'].flatMap((p) => DEVICES.map((d) => [d, p])),
    )
    expect(Object.fromEntries(prepared.counts)).toEqual({
      'desktop\u0000/popular': 80,
      'desktop\u0000/rare-a': 2,
      'desktop\u0000/rare-b': 2,
    })
    // The counts get the other half of ε: b = C·1/(ε/2) = 4.
    expect(prepared.protection).toStrictEqual({
      mechanism: 'dp',
      noise: 'discrete-laplace',
      epsilon: EPSILON,
      delta: DELTA,
      parameter: 'b = 4',
      bounds: { cellsPerVisitor: C, eventsPerCell: 1 },
      partitionSelection: { dimensions: ['path'], epsilon: EPSILON / 2, delta: DELTA },
      threshold: 0,
    })
    const published = usingAllDraws(noiseDraws([1, 0, 0, 0, -1, 0, 0, 0], 4), (random) =>
      noiseDpTable(prepared, random),
    )
    expect(published.cells.map((c) => [...c.key, c.value])).toEqual([
      ['desktop', '/popular', 81],
      ['mobile', '/popular', 0],
      ['tablet', '/popular', 0],
      ['other', '/popular', 0],
      ['desktop', '/rare-a', 1],
      ['mobile', '/rare-a', 0],
      ['tablet', '/rare-a', 0],
      ['other', '/rare-a', 0],
    ])
  })

  it('Gaussian noise: the selection and the counts each spend half of δ', async () => {
    const gaussian = { ...table, noise: 'gaussian' as const }
    const prepared = await usingAllDraws([0n, 0n], (random) =>
      prepareDpTable(store, spec, gaussian, random),
    )
    expect(prepared.keys).toHaveLength(3 * DEVICES.length)
    const noise = calibrateNoise(
      'gaussian',
      { epsilon: EPSILON / 2, delta: DELTA / 2 },
      { cells: C, perCell: 1 },
    )
    expect(prepared.noise).toEqual(noise)
    expect(prepared.protection).toStrictEqual({
      mechanism: 'dp',
      noise: 'discrete-gaussian',
      epsilon: EPSILON,
      delta: DELTA,
      parameter: formatNoiseParameter(noise),
      bounds: { cellsPerVisitor: C, eventsPerCell: 1 },
      partitionSelection: { dimensions: ['path'], epsilon: EPSILON / 2, delta: DELTA / 2 },
      threshold: 0,
    })
  })
})

describe('the cap on cells', () => {
  // 10,000 listed countries × 4 devices × 2 types = 80,000 bounded cells per path, and each path
  // seen by one visitor is kept (its coin on draw 0): 26 paths make 2,080,000 cells, past the cap.
  // (A table of exactly 2,000,000 cells is accepted, but building its keys takes about 5 s, too
  // slow for a test that a mutation run repeats for every mutant of this file.)
  const countries = Array.from({ length: 10_000 }, (_, i) => `c${i}`)
  const big = (name: string) =>
    specOf(name, {
      metric: 'pageviews',
      dimensions: ['country', 'device', 'type', 'path'],
      values: { country: countries },
      epsilon: 1,
      delta: 1e-4,
      bounds: { cellsPerVisitor: 1, eventsPerCell: 1 },
    })
  const pathsFor = (name: string, n: number) =>
    write(
      Array.from({ length: n }, (_, i) =>
        views(1, newVisitor(), { site: site(name), path: `/p${String(i).padStart(2, '0')}` }),
      ).flat(),
    )

  it('refuses a table of more than 2,000,000 cells, saying how many and where', async () => {
    const { spec, table } = big('over')
    await pathsFor('over', 26)
    const draws = Array.from({ length: 26 }, () => 0n)
    const refused = usingAllDraws(draws, (random) => prepareDpTable(store, spec, table, random))
    await expect(refused).rejects.toMatchObject({
      code: 'RELEASE_INVALID',
      message: 'table over would have 2080000 cells, more than 2000000.',
      where: 'tables[over]',
      details: ['use fewer dimensions or shorter value lists.'],
    })
  })
})
