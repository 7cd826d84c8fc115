/**
 * Time, injected. Every handler and job reads the time from a Clock so that tests can move it
 * (a fake clock) and check fixed lifetimes and retention without sleeping.
 *
 * @example
 * const clock = createFakeClock('2026-01-01T00:00:00Z')
 * clock.advance(60_000)
 * clock.now() // 2026-01-01T00:01:00Z as epoch ms
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

/** The machine's clock. @example systemClock.now() */
export const systemClock: Clock = { now: () => Date.now() }

/** A clock that moves only when told to. */
export interface FakeClock extends Clock {
  set(at: string | number | Date): void
  advance(ms: number): void
}

/** @example const clock = createFakeClock('2026-03-01T12:00:00Z') */
export function createFakeClock(start: string | number | Date): FakeClock {
  let t = new Date(start).getTime()
  if (Number.isNaN(t)) throw new RangeError(`createFakeClock: not a date: ${String(start)}`)
  return {
    now: () => t,
    set(at) {
      t = new Date(at).getTime()
    },
    advance(ms) {
      t += ms
    },
  }
}
