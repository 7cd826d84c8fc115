import { beforeAll, describe, expect, it } from 'vitest'
import type { Highs } from 'highs'
import { attackReleases } from '../../test/helpers/attack-releases.js'
import {
  crowd,
  publishPolicy,
  releaseSpec,
  usePublishWorld,
} from '../../test/helpers/publish-fixtures.js'
import { loadHighs } from './load-highs.js'
import { publishRelease } from './publish-release.js'

/**
 * Hierarchical tables (Handbook on Statistical Disclosure Control, 2nd ed., §5.3 "hierarchical
 * tables"): a sub-total is one more equation, and a small value withheld only against the grand
 * total is recomputed from its own sub-total. Checked by the independent attacker.
 */

const world = usePublishWorld()
let highs: Highs
beforeAll(async () => {
  highs = await loadHighs()
})

const K = 3
const policy = publishPolicy({ minGroupSize: K })

const byCountry = (groups: Record<string, string[]>) =>
  releaseSpec({
    name: 'regions',
    mechanism: 'exact',
    tables: [
      {
        name: 'countries',
        metric: 'pageviews',
        dimensions: ['country'],
        values: { country: ['FR', 'DE', 'BE', 'NL', 'LU'] },
        groups: { country: groups },
      },
    ],
  })

const cellsOf = (
  cells: readonly { key: readonly string[]; value: number | null; status: string }[],
) => Object.fromEntries(cells.map((c) => [c.key.join('|'), c.value ?? c.status]))

describe('a hierarchy over countries', () => {
  // Benelux = BE + NL + LU, and LU has one visitor. Withholding LU with any country outside
  // Benelux (the hypercube of the flat table) would leave LU = Benelux − BE − NL: the audit must
  // withhold a second value inside Benelux.
  it('publishes each group with its own figure, and protects a value against its group', async () => {
    const data = [
      ...crowd(10, { country: 'FR' }),
      ...crowd(6, { country: 'DE' }),
      ...crowd(5, { country: 'BE' }),
      ...crowd(5, { country: 'NL' }),
      ...crowd(1, { country: 'LU' }),
    ]
    await world.store.write({ events: data, receipts: [] })
    const { release } = await publishRelease(
      world.store,
      byCountry({ Benelux: ['BE', 'NL', 'LU'], Europe: ['Benelux', 'FR', 'DE'] }),
      { policy, ledgerDir: world.ledgerDir },
    )
    const table = release.tables[0]
    expect(table?.protection).toMatchObject({
      groups: { country: { Benelux: ['BE', 'NL', 'LU'], Europe: ['FR', 'DE', 'BE', 'NL', 'LU'] } },
    })
    const cells = cellsOf(table?.cells ?? [])
    // The fewest withheld figures that protect LU: LU and one other value of Benelux (2 cells).
    expect(cells).toEqual({
      FR: 10,
      DE: 6,
      BE: 'suppressed-secondary',
      NL: 5,
      LU: 'suppressed-primary',
      Benelux: 11,
      Europe: 27,
      '*': 27,
    })
    expect(attackReleases(highs, [release], data, { k: K, range: 2 })).toEqual([])
  })

  // A group of two visitors is small itself: withheld, and protected like any small figure.
  it('withholds a small group and protects it', async () => {
    const data = [
      ...crowd(10, { country: 'FR' }),
      ...crowd(6, { country: 'DE' }),
      ...crowd(1, { country: 'BE' }),
      ...crowd(1, { country: 'NL' }),
    ]
    await world.store.write({ events: data, receipts: [] })
    const { release } = await publishRelease(
      world.store,
      byCountry({ Benelux: ['BE', 'NL', 'LU'] }),
      {
        policy,
        ledgerDir: world.ledgerDir,
      },
    )
    expect(cellsOf(release.tables[0]?.cells ?? [])).toMatchObject({ Benelux: 'suppressed-primary' })
    expect(attackReleases(highs, [release], data, { k: K, range: 2 })).toEqual([])
  })
})
