import { AppError } from '../lib/app-error.js'
import type { Store } from '../store/store.js'
import { calibrateNoise, formatNoiseParameter, noiseMargin, sampleNoise } from './count-noise.js'
import type { CountNoise } from './count-noise.js'
import { keepPartition, keepProbability } from './partition-selection.js'
import type { DpTableProtection, PublishedCell, PublishedTable } from './published-table.js'
import type { RandomSource } from './random-source.js'
import type { ReleaseSpec, TableSpec } from './release-spec.js'
import { boundedValues, isOpenDimension } from './table-domain.js'
import { combinations, keyId, tableFilter } from './table-query.js'

/** No release holds more cells than this per table: a typo in `values` should not fill a disk. */
export const MAX_CELLS = 2_000_000

/**
 * A DP table before its noise: the cells to publish (every combination of bounded values, for
 * each selected open value), their bounded true counts, and the calibrated noise. Kept apart from
 * the noise step so that the statistical tests can draw many releases from one read of the store.
 */
export interface PreparedDpTable {
  readonly spec: TableSpec
  readonly keys: readonly (readonly string[])[]
  /** Bounded true counts by key (keyId); absent keys count 0. */
  readonly counts: ReadonlyMap<string, number>
  readonly noise: CountNoise
  readonly protection: DpTableProtection
}

/**
 * One differentially private table: {@link prepareDpTable}, then {@link noiseDpTable}.
 *
 * @example const table = await releaseDpTable(store, spec, spec.tables[0], random)
 */
export async function releaseDpTable(
  store: Store,
  spec: Pick<ReleaseSpec, 'site' | 'period' | 'anonymousHits'>,
  table: TableSpec,
  random: RandomSource,
): Promise<PublishedTable> {
  return noiseDpTable(await prepareDpTable(store, spec, table, random), random)
}

/**
 * Reads a DP table's bounded counts. Contribution bounding happens in the store (each unit counts
 * in at most `cellsPerVisitor` cells, at most `eventsPerCell` times in each). Bounded dimensions
 * publish every combination of their public values, zeros included, so that which cells appear
 * says nothing. Open dimensions (pages, referrers) first spend half of the table's ε (and δ) on
 * partition selection, on the number of units of each value; only selected values appear.
 *
 * @example const prepared = await prepareDpTable(store, spec, table, random)
 */
export async function prepareDpTable(
  store: Store,
  spec: Pick<ReleaseSpec, 'site' | 'period' | 'anonymousHits'>,
  table: TableSpec,
  random: RandomSource,
): Promise<PreparedDpTable> {
  const epsilon = table.epsilon ?? 0
  const { cellsPerVisitor } = table.bounds
  const perCell = table.metric === 'visitors' ? 1 : table.bounds.eventsPerCell
  const where = tableFilter(spec, table)
  const dims = table.dimensions
  const open = dims.filter((d) => isOpenDimension(d, table))
  const bounded = dims.filter((d) => !isOpenDimension(d, table))

  let countEpsilon = epsilon
  let countDelta = table.delta
  // Stryker disable next-line ArrayDeclaration: with no open dimension no cell reads the open key's values, and with one this list is replaced by the selected values, so [['Stryker was here']] builds the same keys (the mark also hides `[]`, which publishes no cell and is killed by release-dp-table.test.ts)
  let openKeys: string[][] = [[]]
  let selection: { dimensions: string[]; epsilon: number; delta: number } | undefined
  if (open.length > 0) {
    const selectDelta = table.noise === 'gaussian' ? table.delta / 2 : table.delta
    selection = { dimensions: open, epsilon: epsilon / 2, delta: selectDelta }
    countEpsilon = epsilon / 2
    countDelta = table.delta - selectDelta
    const partitions = await store.countGroups({
      ...where,
      by: open,
      bound: { groupsPerUnit: cellsPerVisitor, eventsPerGroup: 1 },
    })
    const keep = keepProbability(selection.epsilon, selection.delta, cellsPerVisitor)
    openKeys = partitions.filter((p) => keepPartition(keep(p.units), random)).map((p) => [...p.key])
  }

  const boundedKeys = combinations(bounded.map((d) => boundedValues(d, table, spec.period)))
  const total = openKeys.length * boundedKeys.length
  if (total > MAX_CELLS)
    throw new AppError(
      'RELEASE_INVALID',
      `table ${table.name} would have ${total} cells, more than ${MAX_CELLS}.`,
      { where: `tables[${table.name}]`, details: ['use fewer dimensions or shorter value lists.'] },
    )
  const keys: string[][] = []
  for (const openKey of openKeys)
    for (const boundedKey of boundedKeys)
      keys.push(
        dims.map((d) =>
          isOpenDimension(d, table)
            ? (openKey[open.indexOf(d)] as string)
            : (boundedKey[bounded.indexOf(d)] as string),
        ),
      )

  const counts = new Map<string, number>()
  const rows = await store.countGroups({
    ...where,
    by: dims,
    bound: { groupsPerUnit: cellsPerVisitor, eventsPerGroup: perCell },
  })
  for (const row of rows) counts.set(keyId(row.key), row.events)

  const noise = calibrateNoise(
    table.noise,
    { epsilon: countEpsilon, delta: countDelta },
    { cells: cellsPerVisitor, perCell },
  )
  return {
    spec: table,
    keys,
    counts,
    noise,
    protection: {
      mechanism: 'dp',
      noise: noise.kind,
      epsilon,
      delta: table.delta,
      parameter: formatNoiseParameter(noise),
      bounds: { cellsPerVisitor, eventsPerCell: perCell },
      ...(selection === undefined ? {} : { partitionSelection: selection }),
      threshold: table.threshold,
    },
  }
}

/**
 * Adds exact integer noise to every cell of a prepared table. Negative values are clamped to 0
 * and values under `threshold` withheld — post-processing that reads only the noisy value.
 *
 * @example const table = noiseDpTable(prepared, random)
 */
export function noiseDpTable(prepared: PreparedDpTable, random: RandomSource): PublishedTable {
  const { spec: table, noise } = prepared
  const margin = noiseMargin(noise)
  const cells: PublishedCell[] = prepared.keys.map((key) => {
    const noisy = BigInt(prepared.counts.get(keyId(key)) ?? 0) + sampleNoise(noise, random)
    // Post-processing from here: only the noisy value is read.
    // Stryker disable next-line EqualityOperator: `noisy <= 0n` differs only at 0, where Number(0n) is the same 0 (the mark also hides `noisy > 0n`, which release-dp-table.test.ts kills)
    const value = noisy < 0n ? 0 : Number(noisy)
    return value < table.threshold
      ? { key, value: null, status: 'below-threshold', margin }
      : { key, value, status: 'published', margin }
  })
  return {
    name: table.name,
    metric: table.metric,
    ...(table.event === undefined ? {} : { event: table.event }),
    dimensions: table.dimensions,
    cells,
    protection: prepared.protection,
  }
}
