import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { policySchema } from '../../src/policy/policy-schema.js'
import type { Policy } from '../../src/policy/policy-schema.js'
import { releaseSpecSchema } from '../../src/publish/release-spec.js'
import type { ReleaseSpec } from '../../src/publish/release-spec.js'
import { createDuckdbStore } from '../../src/store/duckdb/duckdb-store.js'
import type { Store, StoredEvent } from '../../src/store/store.js'
import { storedEvent } from './fixtures.js'

/** A valid policy for example.org; `publication` as given. */
export function publishPolicy(publication: Partial<Policy['publication']> = {}): Policy {
  return policySchema.parse({
    version: '1',
    effective: '2026-01-01',
    controller: { name: 'Démo', contact: 'dpo@example.org' },
    sites: [{ domain: 'example.org' }],
    purposes: {
      statistics: {
        basis: 'exempt',
        title: { fr: 'Mesure', en: 'Measure' },
        description: { fr: 'Compter.', en: 'Count.' },
      },
    },
    publication,
  })
}

/** A release spec for example.org over March 2026, defaults filled. */
export function releaseSpec(spec: Record<string, unknown>): ReleaseSpec {
  return releaseSpecSchema.parse({
    name: 'test',
    site: 'example.org',
    period: { from: '2026-03-01', to: '2026-04-01' },
    ...spec,
  })
}

/** Where a publication test works: its store, its ledger folder, and how to remove both. */
export interface PublishWorld {
  readonly store: Store
  readonly ledgerDir: string
  readonly dir: string
  cleanup(): Promise<void>
}

/** A real DuckDB store in a fresh folder, the ledger folder beside it, and a cleanup. */
export async function publishWorld(): Promise<PublishWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'temoin-publish-'))
  const store = await createDuckdbStore({ path: join(dir, 'temoin.duckdb') })
  return {
    store,
    dir,
    ledgerDir: join(dir, 'publications'),
    cleanup: async () => {
      await store.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A publishWorld() of its own for each test of the file: made before the test, removed after it.
 *
 * @example const world = usePublishWorld(); it('…', async () => { await world.store.write(batch) })
 */
export function usePublishWorld(): PublishWorld {
  let current: PublishWorld | undefined
  beforeEach(async () => {
    current = await publishWorld()
  })
  afterEach(async () => {
    await current?.cleanup()
    current = undefined
  })
  const now = (): PublishWorld => {
    if (!current) throw new Error('usePublishWorld: the world is for inside a test')
    return current
  }
  return {
    get store() {
      return now().store
    },
    get ledgerDir() {
      return now().ledgerDir
    },
    get dir() {
      return now().dir
    },
    cleanup: () => now().cleanup(),
  }
}

const MARCH = Date.parse('2026-03-10T12:00:00Z')
let visitorSerial = 0

/** A fresh visitor id. */
export function newVisitor(): string {
  return `1767225600.${(++visitorSerial).toString(16).padStart(32, '0')}`
}

/** `n` page views in March by one visitor (or anonymous when visitor is null). */
export function views(
  n: number,
  visitor: string | null,
  fields: Partial<StoredEvent> = {},
): StoredEvent[] {
  return Array.from({ length: n }, (_, i) =>
    storedEvent({ time: MARCH + i * 1000, visitor, ...fields }),
  )
}

/** `visitors` distinct visitors, one page view each in March, with the given fields. */
export function crowd(visitors: number, fields: Partial<StoredEvent> = {}): StoredEvent[] {
  return Array.from({ length: visitors }, () => views(1, newVisitor(), fields)).flat()
}
