import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCryptoRandom } from '../src/publish/random-source.js'
import { noiseDpTable, prepareDpTable } from '../src/publish/release-dp-table.js'
import type { PreparedDpTable } from '../src/publish/release-dp-table.js'
import type { Release } from '../src/publish/release.js'
import { serveOrMake } from '../src/publish/serve-or-make.js'
import { keyId, tableFilter } from '../src/publish/table-query.js'
import { checkApproximateDp } from './helpers/dp-check.js'
import { newVisitor, publishWorld, releaseSpec, views } from './helpers/publish-fixtures.js'

// End-to-end approximate-DP check on neighbouring datasets: D, and D' = D plus one visitor who
// contributes far more than the bounds allow (5 page views in each of the 4 countries). Counts
// come from the real DuckDB store (so its contribution bounding is part of what is tested); the
// noise step is drawn N times on each. Then three mutants that a correct check must catch.
const N = 20_000
const EPSILON = 1
const COUNTRIES = ['FR', 'BE', 'CH', 'LU']
const spec = releaseSpec({
  name: 'neighbours',
  tables: [
    {
      name: 't',
      metric: 'pageviews',
      dimensions: ['country'],
      values: { country: COUNTRIES },
      epsilon: EPSILON,
      bounds: { cellsPerVisitor: 2, eventsPerCell: 2 },
    },
  ],
})
const table = spec.tables[0] as (typeof spec.tables)[number]
const random = createCryptoRandom()

let world: Awaited<ReturnType<typeof publishWorld>>
let d: PreparedDpTable
let dPrime: PreparedDpTable
let unboundedD: ReadonlyMap<string, number>
let unboundedDPrime: ReadonlyMap<string, number>

const countsOf = async (): Promise<ReadonlyMap<string, number>> => {
  const rows = await world.store.countGroups({ ...tableFilter(spec, table), by: ['country'] })
  return new Map(rows.map((r) => [keyId(r.key), r.events]))
}

beforeAll(async () => {
  world = await publishWorld()
  const events = COUNTRIES.flatMap((country, i) =>
    Array.from({ length: 3 + i }, () => views(1 + (i % 3), newVisitor(), { country })).flat(),
  )
  await world.store.write({ events, receipts: [] })
  d = await prepareDpTable(world.store, spec, table, random)
  unboundedD = await countsOf()
  const intruder = newVisitor()
  await world.store.write({
    events: COUNTRIES.flatMap((country, i) =>
      views(5, intruder, { country, time: Date.parse('2026-03-20T00:00:00Z') + i * 60_000 }),
    ),
    receipts: [],
  })
  dPrime = await prepareDpTable(world.store, spec, table, random)
  unboundedDPrime = await countsOf()
})
afterAll(async () => {
  await world.cleanup()
})

const base = () => d.keys.map((k) => d.counts.get(keyId(k)) ?? 0)
const draw = (prepared: PreparedDpTable) =>
  Array.from({ length: N }, () => noiseDpTable(prepared, random).cells.map((c) => c.value ?? 0))

describe('DP end to end: one visitor added with maximal contributions', () => {
  it('the bounded counts differ by at most cellsPerVisitor × eventsPerCell', () => {
    const diff = d.keys.map(
      (k) => (dPrime.counts.get(keyId(k)) ?? 0) - (d.counts.get(keyId(k)) ?? 0),
    )
    expect(diff.reduce((a, b) => a + b, 0)).toBe(4)
    expect(Math.max(...diff)).toBe(2)
  })

  it('the release passes the approximate-DP check at ε = 1', () => {
    const result = checkApproximateDp(draw(d), draw(dPrime), base(), EPSILON, 0)
    expect(result.violated, JSON.stringify(result)).toBe(false)
  })
})

describe('mutants the check must catch', () => {
  it('half the noise', () => {
    const half = (p: PreparedDpTable): PreparedDpTable =>
      p.noise.kind === 'discrete-laplace'
        ? {
            ...p,
            noise: { ...p.noise, scale: { num: p.noise.scale.num, den: p.noise.scale.den * 2n } },
          }
        : p
    const result = checkApproximateDp(draw(half(d)), draw(half(dPrime)), base(), EPSILON, 0)
    expect(result.violated, JSON.stringify(result)).toBe(true)
  })

  it('no contribution bounding', () => {
    const unbounded = (p: PreparedDpTable, counts: ReadonlyMap<string, number>) => ({
      ...p,
      counts,
    })
    const result = checkApproximateDp(
      draw(unbounded(d, unboundedD)),
      draw(unbounded(dPrime, unboundedDPrime)),
      d.keys.map((k) => unboundedD.get(keyId(k)) ?? 0),
      EPSILON,
      0,
    )
    expect(result.violated, JSON.stringify(result)).toBe(true)
  })

  // The attacker asks for the same release R times and averages. Through the ledger the answer
  // is one draw, re-served, so the average is that one release (checked above); the mutant
  // re-noises on each request, and averaging R draws divides the noise.
  describe('re-noising on re-publish', () => {
    const R = 8
    const TRIALS = 1_500
    let dir: string
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'temoin-renoise-'))
    })
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true })
    })
    const release = (p: PreparedDpTable): Release => ({
      id: 'x',
      name: 'x',
      site: 'x',
      period: spec.period,
      mechanism: 'dp',
      createdAt: '',
      protectedUnit: '',
      anonymousHits: 'include',
      tables: [noiseDpTable(p, random)],
    })
    const entry = {
      id: 'same-spec',
      name: 'x',
      time: '',
      mechanism: 'dp' as const,
      period: spec.period,
      windows: [],
      epsilon: EPSILON,
      delta: 0,
      data: [],
    }
    const average = (outputs: readonly Release[]) =>
      (outputs[0]?.tables[0]?.cells ?? []).map(
        (_, i) => outputs.reduce((s, o) => s + (o.tables[0]?.cells[i]?.value ?? 0), 0) / R,
      )

    it('through the ledger, R requests of one spec get one release, byte for byte', async () => {
      for (let world = 0; world < 20; world++) {
        const outputs: Release[] = []
        for (let r = 0; r < R; r++) {
          const result = await serveOrMake(dir, `w${world}.example`, 'same-spec', () =>
            Promise.resolve({ release: release(dPrime), entry }),
          )
          expect(result.reServed).toBe(r > 0)
          outputs.push(result.release)
        }
        for (const o of outputs) expect(o).toEqual(outputs[0])
        expect(average(outputs)).toEqual(outputs[0]?.tables[0]?.cells.map((c) => c.value))
      }
    })

    it('the mutant that re-noises each request fails the check', () => {
      const views = (p: PreparedDpTable) =>
        Array.from({ length: TRIALS }, () => average(Array.from({ length: R }, () => release(p))))
      const result = checkApproximateDp(views(d), views(dPrime), base(), EPSILON, 0)
      expect(result.violated, JSON.stringify(result)).toBe(true)
    })
  })
})
