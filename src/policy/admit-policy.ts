import { AppError } from '../lib/app-error.js'
import { addDays, toDate } from '../lib/calendar-date.js'
import { checkNotice } from './check-notice.js'
import { noticeFor } from './notice-for.js'
import { formatProblem } from './policy-problem.js'
import type { Policy } from './policy-schema.js'

/** A version of the policy as a server ran it: from when, announced when, and its whole text. */
export interface RunVersion {
  readonly version: string
  /** The first day (UTC) a server started on it. */
  readonly firstRun: string
  /** For a version that lowers confidentiality: the day its history entry says it was published. */
  readonly announced?: string
  readonly policy: Policy
}

/**
 * Whether a server may start on `policy`, given the last version a server ran on this data folder
 * (`last`; none on a first start), on `now`'s day. A version that lowers confidentiality must be
 * announced as the policy promises (checkNotice: a new version name, a history entry published
 * `notice.days` before its effective date, the purposes to ask again). The file alone cannot
 * prove when visitors were told: they are told by the server running it (the banner's notice,
 * until the effective date, when it asks again), so the notice counts from its publication date
 * or from today, whichever is later — a publication date written in the past buys no notice.
 * Else POLICY_NOT_ANNOUNCED names the changes and the day from which the change may take effect.
 * Returns the version to record (with the day it was announced), or undefined when it is the one
 * last run.
 *
 * @example const next = admitPolicy(config.policy, versions.at(-1), clock.now()) // throws, or { version, firstRun, policy }
 */
export function admitPolicy(
  policy: Policy,
  last: RunVersion | undefined,
  now: number,
): RunVersion | undefined {
  const today = toDate(now)
  const record = (announced?: string): RunVersion => ({
    version: policy.version,
    firstRun: today,
    ...(announced === undefined ? {} : { announced }),
    policy,
  })
  if (last === undefined) return record()
  if (JSON.stringify(last.policy) === JSON.stringify(policy)) return undefined
  const notice = noticeFor(last.policy, policy)
  const since = `version ${last.version}, which this data folder has run since ${last.firstRun}`
  const problems = checkNotice(policy, last.policy).filter((p) => p.severity === 'error')
  if (!notice.lowers) {
    // A minor version may still rewrite what visitors were told, or mix sites.
    if (problems.length > 0)
      throw new AppError(
        'POLICY_INVALID',
        `version ${policy.version} changes what visitors were told under ${since}; the server does not start on it.`,
        { details: problems.map(formatProblem) },
      )
    return record()
  }
  const lowering = notice.changes
    .filter((c) => c.kind === 'lowers-confidentiality')
    .map((c) => c.key)
    .join(', ')
  if (problems.length > 0)
    throw new AppError(
      'POLICY_NOT_ANNOUNCED',
      `version ${policy.version} lowers confidentiality (${lowering}) compared with ${since}, without the notice the policy promises; the server does not start on it.`,
      { details: problems.map(formatProblem) },
    )
  // checkNotice found the entry, with its dates.
  const entry = policy.history.find(
    (e) => e.version === policy.version,
  ) as Policy['history'][number]
  const days = Math.max(last.policy.notice.days, policy.notice.days)
  const announced = entry.published > today ? entry.published : today
  const earliest = addDays(announced, days)
  if (entry.effective < earliest)
    throw new AppError(
      'POLICY_NOT_ANNOUNCED',
      `version ${policy.version} lowers confidentiality (${lowering}) compared with ${since}; its history entry says it was published on ${entry.published}, but visitors are told from today (${today}) at the earliest, so it may take effect from ${earliest}, not ${entry.effective}.`,
      {
        details: [
          `set effective and the history entry's effective to ${earliest} or later: visitors were promised ${days} days of notice.`,
        ],
      },
    )
  return record(announced)
}
