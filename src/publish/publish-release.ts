import { systemClock } from '../lib/clock.js'
import type { Clock } from '../lib/clock.js'
import type { Policy } from '../policy/policy-schema.js'
import type { Store } from '../store/store.js'
import { budgetWindows } from './budget-windows.js'
import { budgetNow, checkBudget } from './check-budget.js'
import { serveOrMake } from './serve-or-make.js'
import type { PublishResult } from './serve-or-make.js'
import { createCryptoRandom } from './random-source.js'
import type { RandomSource } from './random-source.js'
import { releaseDpTable } from './release-dp-table.js'
import { releaseExact } from './release-exact.js'
import { releaseId } from './release-id.js'
import type { ReleaseSpec } from './release-spec.js'
import type { Release } from './release.js'

export type { PublishResult }
import { describeProtectedUnit } from './protected-unit.js'

/** Where a long publication is, for a progress bar. */
export interface PublishProgress {
  readonly step: string
  readonly done: number
  readonly total: number
}

/** What publishRelease needs besides the store and the spec. */
export interface PublishOptions {
  readonly policy: Policy
  /** The ledger's folder: `<data folder>/publications`. */
  readonly ledgerDir: string
  /** The noise source; the operating system's CSPRNG by default. */
  readonly random?: RandomSource
  readonly clock?: Clock
  readonly onProgress?: (progress: PublishProgress) => void
}

/**
 * Publishes a release (the front door of publish/, and what `npm run bench` times). Under the
 * ledger's lock: a spec already published is re-served from its stored output (never re-noised,
 * no budget spent); a DP release is checked against the budget of every window its period
 * touches, then made table by table; an exact release is suppressed and audited against every
 * earlier release of the same data. The output is stored and the ledger line appended before the
 * result is returned — nothing leaves without its ledger line.
 *
 * @example
 * const { release } = await publishRelease(store, spec, { policy, ledgerDir: '.data/publications' })
 */
export async function publishRelease(
  store: Store,
  spec: ReleaseSpec,
  options: PublishOptions,
): Promise<PublishResult> {
  const { policy } = options
  const random = options.random ?? createCryptoRandom()
  const clock = options.clock ?? systemClock
  const progress = options.onProgress ?? (() => undefined)
  const exactParams = {
    minGroupSize: policy.publication.minGroupSize,
    protectionRange: protectionRangeOf(spec, policy),
  }
  const id = releaseId(spec, spec.mechanism === 'exact' ? exactParams : {})
  return serveOrMake(
    options.ledgerDir,
    spec.site,
    id,
    async (ledger) => {
      const base = {
        id,
        name: spec.name,
        site: spec.site,
        period: spec.period,
        mechanism: spec.mechanism,
        createdAt: new Date(clock.now()).toISOString(),
        protectedUnit: describeProtectedUnit(spec, policy),
        anonymousHits: spec.anonymousHits,
      }
      let release: Release
      let cost = { epsilon: 0, delta: 0 }
      let windows: string[] = []
      if (spec.mechanism === 'dp') {
        cost = {
          epsilon: sum(spec.tables.map((t) => t.epsilon ?? 0)),
          delta: sum(spec.tables.map((t) => t.delta)),
        }
        windows = budgetWindows(spec.period, policy.publication.budget.windowMonths)
        const budget = checkBudget(ledger, policy, windows, cost)
        const tables = []
        for (const [i, table] of spec.tables.entries()) {
          progress({ step: `noise ${table.name}`, done: i, total: spec.tables.length })
          tables.push(await releaseDpTable(store, spec, table, random))
        }
        progress({ step: 'done', done: spec.tables.length, total: spec.tables.length })
        release = { ...base, tables, budget: { ...cost, windows: budget } }
      } else {
        const earlier = []
        for (const entry of ledger.entries)
          if (entry.mechanism === 'exact') earlier.push(await ledger.readOutput(entry))
        const exact = await releaseExact(store, spec, { ...exactParams, earlier, progress })
        release = { ...base, tables: exact.tables, audit: exact.audit }
      }
      return {
        release,
        entry: {
          id,
          name: spec.name,
          time: release.createdAt,
          mechanism: spec.mechanism,
          period: spec.period,
          windows,
          epsilon: cost.epsilon,
          delta: cost.delta,
          data: spec.tables.map((t) => `${t.metric}:${t.event ?? ''}:${spec.anonymousHits}`),
        },
      }
    },
    (ledger, entry) =>
      entry.mechanism === 'dp' ? { budgetNow: budgetNow(ledger, policy, entry.windows) } : {},
  )
}

/** The audit's protection range: the spec's, else half the smallest group, rounded up. */
export function protectionRangeOf(spec: ReleaseSpec, policy: Policy): number {
  return spec.protectionRange ?? Math.ceil(policy.publication.minGroupSize / 2)
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)
