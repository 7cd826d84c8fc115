import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSynthetic } from '../src/cli/write-synthetic.js'
import { createFakeClock } from '../src/lib/clock.js'
import { publishRelease } from '../src/publish/publish-release.js'
import { createCryptoRandom } from '../src/publish/random-source.js'
import type { ReleaseSpec } from '../src/publish/release-spec.js'
import { createClickhouseStore } from '../src/store/clickhouse/clickhouse-store.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import type { Store } from '../src/store/store.js'
import { connectChdb } from './helpers/chdb-connection.js'
import { publishPolicy, releaseSpec } from './helpers/publish-fixtures.js'
import { seededBytes } from './helpers/seeded-bytes.js'

/**
 * `temoin publish` reads its counts from the store: on ClickHouse (chdb 26, a current engine) a
 * release is the same as on DuckDB for the same events. Exact releases are deterministic; a DP
 * release draws its noise from the same fixed byte stream on both, so only a count that differs
 * can make the releases differ.
 */
const NOW = Date.parse('2026-04-02T00:00:00.000Z')
let dir: string
let duck: Store
let house: Store
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-chpub-'))
  duck = await createDuckdbStore({ path: join(dir, 'temoin.duckdb') })
  house = await createClickhouseStore(await connectChdb(join(dir, 'chdb'), 'temoin'))
  await writeSynthetic([duck, house], {
    events: 20_000,
    months: 2,
    now: NOW,
    seed: 5,
    sites: ['example.org'],
    lifetimeMonths: 13,
    purposes: ['statistics'],
    versions: ['1'],
    validityMonths: 13,
    refusalMonths: 6,
  })
}, 120_000)
afterAll(async () => {
  await duck?.close()
  await house?.close()
  await rm(dir, { recursive: true, force: true })
})

/** The release of `spec` from each store, each with a ledger of its own, at the same time. */
async function releaseFromBoth(spec: ReleaseSpec) {
  const policy = publishPolicy({ budget: { epsilon: 10, delta: 1e-5, windowMonths: 12 } })
  const from = async (store: Store, name: string) =>
    (
      await publishRelease(store, spec, {
        policy,
        ledgerDir: join(dir, `ledger-${name}-${spec.name}`),
        clock: createFakeClock('2026-04-02T00:00:00Z'),
        random: createCryptoRandom(seededBytes(spec.name)),
      })
    ).release
  return { duckdb: await from(duck, 'duckdb'), clickhouse: await from(house, 'clickhouse') }
}

describe('temoin publish reads the same counts from ClickHouse (chdb 26) as from DuckDB', () => {
  it('an exact release with suppression and its audit: the same cells, published and withheld', async () => {
    const { duckdb, clickhouse } = await releaseFromBoth(
      releaseSpec({
        name: 'exact-march',
        mechanism: 'exact',
        tables: [
          { name: 'by-country', metric: 'pageviews', dimensions: ['country'] },
          { name: 'by-device', metric: 'visitors', dimensions: ['device'] },
          // Rare pairs: groups too small to publish, and the cells that would reveal them.
          { name: 'by-country-os', metric: 'pageviews', dimensions: ['country', 'os'] },
        ],
      }),
    )
    expect(clickhouse).toEqual(duckdb)
    // Not vacuous: figures are published, and some withheld.
    const statuses = duckdb.tables.flatMap((t) => t.cells.map((c) => c.status))
    expect(statuses).toContain('published')
    expect(statuses.some((s) => s !== 'published')).toBe(true)
  }, 120_000)

  it('a DP release, bounded contributions and noise from the same bytes: the same figures', async () => {
    const { duckdb, clickhouse } = await releaseFromBoth(
      releaseSpec({
        name: 'dp-march',
        tables: [
          { name: 'views', metric: 'pageviews', epsilon: 0.5 },
          {
            name: 'downloads',
            metric: 'events',
            event: 'download',
            dimensions: ['device'],
            values: { device: ['desktop', 'mobile', 'tablet'] },
            epsilon: 0.5,
          },
        ],
      }),
    )
    expect(clickhouse).toEqual(duckdb)
    const values = duckdb.tables.flatMap((t) => t.cells.map((c) => c.value))
    expect(values.filter((v) => typeof v === 'number' && v > 100).length).toBeGreaterThan(0)
  }, 120_000)
})
