import { addMonths } from '../protocol/months.js'
import type { Clock } from '../lib/clock.js'
import type { Policy } from '../policy/policy-schema.js'
import type { Removed, Store } from './store.js'
import { monthStart } from '../lib/calendar-date.js'

/**
 * The retention cutoffs at `now`: events with `time` before `events`, and receipts with `time`
 * before `receipts`, are past their retention period (`retention.eventsMonths`,
 * `retention.receiptsMonths`, calendar months as in src/protocol/months.ts).
 *
 * @example
 * retentionCutoffs({ retention: { eventsMonths: 13, receiptsMonths: 60 } }, Date.UTC(2027, 5, 15))
 * // { events: Date.UTC(2026, 4, 15), receipts: Date.UTC(2022, 5, 15) }
 */
export function retentionCutoffs(
  policy: Pick<Policy, 'retention'>,
  now: number,
): { events: number; receipts: number } {
  return {
    events: monthsBefore(now, policy.retention.eventsMonths),
    receipts: monthsBefore(now, policy.retention.receiptsMonths),
  }
}

/**
 * Deletes what retention no longer allows, as of the clock's time. Run by the server on a
 * timer and by `temoin purge`.
 *
 * @example
 * const removed = await purgeExpired(store, policy, systemClock) // { events: 1204, receipts: 0 }
 */
export function purgeExpired(
  store: Pick<Store, 'purge'>,
  policy: Pick<Policy, 'retention'>,
  clock: Clock,
): Promise<Removed> {
  return store.purge(retentionCutoffs(policy, clock.now()))
}

/**
 * `now` minus `months` calendar months, as a cutoff that never keeps a row past its promise:
 * every time t at or after the result has `addMonths(t, months) >= now`.
 *
 * `addMonths(now, -months)` alone breaks that near month ends, because addMonths clamps the day
 * (31 January + 13 months = 28 February): on 28 February 2027 it gives 28 January 2026, which
 * keeps an event of 30 January 2026 although that event's 13 months ended that very morning.
 * Hence two corrections, both deleting a little early rather than late:
 * - the target month is shorter than now's day (now = 30 March, target February): every time
 *   in the target month has already expired, so the cutoff is the first instant of the month
 *   after it;
 * - now is the last day of its month (28 February): every later day of the target month lands on
 *   that same day, so the cutoff moves to the last day of the target month, at now's time of day.
 */
function monthsBefore(now: number, months: number): number {
  const d = new Date(now)
  const day = d.getUTCDate()
  const timeOfDay = now - Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), day)
  // The first day of a month never clamps, so this is exact.
  const targetMonthStart = addMonths(monthStart(now), -months)
  const nextMonthStart = addMonths(targetMonthStart, 1)
  const targetLastDay = new Date(nextMonthStart - 1).getUTCDate()
  const nowLastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
  if (day > targetLastDay) return nextMonthStart
  const targetDay = day === nowLastDay ? targetLastDay : day
  return targetMonthStart + (targetDay - 1) * 86_400_000 + timeOfDay
}
