import { createBoundedQueue } from '../lib/bounded-queue.js'

/** Secret checks (scrypt, 32 MiB and ~0.1 s each) that may run at once, server-wide. */
export const VERIFY_CONCURRENCY = 2
/** Checks that may wait for a free slot; past them a login is refused at once (LOGIN_BUSY). */
export const VERIFY_QUEUE = 16

/** A server-wide cap on concurrent secret checks. */
export interface VerifyGate {
  /**
   * Runs `check` in a free slot, or after the checks before it when all are busy; null, without
   * running it, when the slots and the queue are all taken.
   */
  run<T>(check: () => Promise<T>): Promise<T> | null
}

/**
 * Bounds the logins being checked at once across all clients. The per-client login limit does
 * not: many addresses, five guesses each, would each start a 32 MiB scrypt, fill libuv's thread
 * pool (which file reads share) and load every core. At most `concurrency` checks run (2: this
 * is a 2-core machine, and libuv has 4 threads); up to `queue` more wait their turn, so a few
 * people logging in together are only delayed; past that an attempt is refused at once.
 *
 * @example
 * const gate = createVerifyGate()
 * const checked = gate.run(() => verifySecret(secret, stored))
 * if (checked === null) return busy()
 * const right = await checked
 */
export function createVerifyGate(
  options: { readonly concurrency?: number; readonly queue?: number } = {},
): VerifyGate {
  const line = createBoundedQueue({
    concurrency: options.concurrency ?? VERIFY_CONCURRENCY,
    queue: options.queue ?? VERIFY_QUEUE,
  })
  return { run: (check) => line.run(check) }
}
