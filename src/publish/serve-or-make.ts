import { openLedger } from './ledger.js'
import type { Ledger, LedgerEntry, NewLedgerEntry } from './ledger.js'
import type { Release, WindowBudget } from './release.js'

/** A release, whether it was made now or re-served from the ledger, and its ledger line. */
export interface PublishResult {
  readonly release: Release
  /** True when the same spec had been published before: its stored output, no budget spent. */
  readonly reServed: boolean
  readonly entry: LedgerEntry
  /**
   * A re-served DP release: each window's budget now (the release's own `budget` is as it was
   * when first made, before the releases since).
   */
  readonly budgetNow?: readonly WindowBudget[]
}

/**
 * The ledger's rule, in one place: under the lock, a release whose id is already in the ledger is
 * re-served from its stored output — never made again, never re-noised (averaging two noisy draws
 * of one figure would halve its noise); otherwise `make` runs (it may check the budget against the
 * ledger and throw) and its output is stored and its line appended before the result returns.
 * `serve` adds, to a re-served release, what the ledger says of it now (its budget left).
 *
 * @example const result = await serveOrMake(dir, 'example.org', id, async (ledger) => ({ release, entry }))
 */
export async function serveOrMake(
  ledgerDir: string,
  site: string,
  id: string,
  make: (ledger: Ledger) => Promise<{ release: Release; entry: NewLedgerEntry }>,
  serve: (ledger: Ledger, entry: LedgerEntry) => Pick<PublishResult, 'budgetNow'> = () => ({}),
): Promise<PublishResult> {
  const ledger = await openLedger(ledgerDir, site)
  try {
    const known = ledger.find(id)
    if (known)
      return {
        release: await ledger.readOutput(known),
        reServed: true,
        entry: known,
        ...serve(ledger, known),
      }
    const made = await make(ledger)
    const entry = await ledger.append(made.entry, made.release)
    return { release: made.release, reServed: false, entry }
  } finally {
    await ledger.close()
  }
}
