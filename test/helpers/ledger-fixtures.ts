import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openLedger } from '../../src/publish/ledger.js'
import { afterEach, beforeEach } from 'vitest'
import type { Ledger, LedgerEntry } from '../../src/publish/ledger.js'
import type { Release } from '../../src/publish/release.js'
import { policySchema } from '../../src/policy/policy-schema.js'
import type { Policy } from '../../src/policy/policy-schema.js'

/**
 * A policy for the given sites (example.org by default) with this publication budget. Built here,
 * not with publish-fixtures.ts, so that a budget test does not load DuckDB.
 */
export function budgetPolicy(
  budget: { epsilon?: number; delta?: number; windowMonths?: number },
  sites: readonly string[] = ['example.org'],
): Policy {
  return policySchema.parse({
    version: '1',
    effective: '2026-01-01',
    controller: { name: 'Démo', contact: 'dpo@example.org' },
    sites: sites.map((domain) => ({ domain })),
    purposes: {
      statistics: {
        basis: 'exempt',
        title: { fr: 'Mesure', en: 'Measure' },
        description: { fr: 'Compter.', en: 'Count.' },
      },
    },
    publication: { budget },
  })
}

/** The stored output of a release made by `spend`: the ledger stores it, nothing reads it back. */
export const outputOf = (id: string): Release => ({
  id,
  name: id,
  site: 'example.org',
  period: { from: '2026-03-01', to: '2026-04-01' },
  mechanism: 'dp',
  createdAt: '2026-04-02T00:00:00.000Z',
  protectedUnit: 'a visitor',
  anonymousHits: 'include',
  tables: [],
})

/**
 * A real ledger in a fresh folder (example.org's), `spend` to append a DP release charging some
 * windows, `reopen` to close it and read the file back as a restart would, and a cleanup.
 */
export async function ledgerWorld(): Promise<{
  dir: string
  ledger: () => Ledger
  spend: (windows: readonly string[], epsilon: number, delta?: number) => Promise<LedgerEntry>
  reopen: () => Promise<Ledger>
  cleanup: () => Promise<void>
}> {
  const dir = await mkdtemp(join(tmpdir(), 'temoin-ledger-'))
  let ledger = await openLedger(dir, 'example.org')
  let serial = 0
  return {
    dir,
    ledger: () => ledger,
    spend: (windows, epsilon, delta = 0) => {
      const id = `r${++serial}`
      return ledger.append(
        {
          id,
          name: id,
          time: '2026-04-02T00:00:00.000Z',
          mechanism: 'dp',
          period: { from: '2026-03-01', to: '2026-04-01' },
          windows,
          epsilon,
          delta,
          data: ['pageviews::include'],
        },
        outputOf(id),
      )
    },
    reopen: async () => {
      await ledger.close()
      ledger = await openLedger(dir, 'example.org')
      return ledger
    },
    cleanup: async () => {
      await ledger.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** Two budget windows of a yearly policy, one after the other. */
export const YEAR = '2026-01/2026-12'
export const NEXT = '2027-01/2027-12'

/**
 * A fresh ledger world for each test of the calling file (made before, removed after each
 * test): call at the top of a test file, then `world()` in the tests.
 *
 * @example const world = useLedgerWorld(); it('…', async () => { await world().spend([YEAR], 0.1) })
 */
export function useLedgerWorld(): () => Awaited<ReturnType<typeof ledgerWorld>> {
  let world: Awaited<ReturnType<typeof ledgerWorld>> | undefined
  beforeEach(async () => {
    world = await ledgerWorld()
  })
  afterEach(async () => {
    await world?.cleanup()
  })
  return () => {
    if (!world) throw new Error('useLedgerWorld: world() is for inside a test')
    return world
  }
}
