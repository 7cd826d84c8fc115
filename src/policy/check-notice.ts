import { addDays, daysBetween, isDate } from '../lib/calendar-date.js'
import { noticeFor, type PolicyNotice } from './notice-for.js'
import { policyError } from './policy-problem.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

/**
 * The notice period (DESIGN rule 5): when `policy` lowers confidentiality compared with
 * `previous` (the version it replaces), it carries a new version name, and its history entry is
 * effective at least `notice.days` after it was published. The file alone cannot tell what an
 * earlier version said, so without `previous` there is nothing to check here. The entry's
 * `reconsent` must list exactly the purposes the lowering changes touch (`noticeFor`), which the
 * banner asks again for from the effective date, and its `sites` exactly the sites whose visitors
 * they concern (absent: every site).
 *
 * The period is the longer of the two versions' `notice.days`: visitors were promised the old
 * one, and a version cannot shorten the notice of its own announcement.
 *
 * @example
 * checkNotice({ ...policy, cookies: { lifetimeMonths: 13 } }, { ...policy, cookies: { lifetimeMonths: 6 } })
 * // [{ severity: 'error', key: 'history[1].effective', rule: 'notice-period', … }] when announced 10 days ahead
 */
export function checkNotice(policy: Policy, previous: Policy | undefined): PolicyProblem[] {
  if (previous === undefined) return []
  const notice = noticeFor(previous, policy)
  const history = [...checkHistoryKept(policy, previous), ...checkSitesOnly(policy, notice)]
  if (!notice.lowers) return history
  return [...history, ...checkLowering(policy, previous, notice)]
}

/**
 * What visitors were told stays as told: the versions before the current one keep their
 * `reconsent` and `sites` (`history-rewritten`). Rewriting them would move who is asked again:
 * removing a site from a past version's `sites`, or a purpose from its `reconsent`, would let a
 * consent given before it count again.
 */
function checkHistoryKept(policy: Policy, previous: Policy): PolicyProblem[] {
  const before = new Map(previous.history.map((e) => [e.version, e]))
  const problems: PolicyProblem[] = []
  policy.history.forEach((entry, i) => {
    const was = before.get(entry.version)
    if (was === undefined || entry.version === policy.version) return
    for (const field of ['reconsent', 'sites'] as const) {
      const [from, to] = [was[field], entry[field]].map((x) => JSON.stringify(x ?? null))
      if (from === to) continue
      problems.push(
        policyError(
          `history[${i}].${field}`,
          'history-rewritten',
          `changes the ${field} of version ${entry.version}, which visitors were already told about: who is asked again for it would change after the fact.`,
          `restore history[${i}].${field} as in the previous version (${from === 'null' ? 'absent' : from}); announce a new version instead.`,
        ),
      )
    }
  })
  return problems
}

/**
 * A version that names sites (`history[].sites`) changes only those sites' terms: a change for
 * every site in it (the controller, a purpose, a lifetime…) would never be shown to the other
 * sites' visitors, and their receipts would keep naming an older version (`version-sites-mixed`).
 */
function checkSitesOnly(policy: Policy, notice: PolicyNotice): PolicyProblem[] {
  const i = policy.history.findIndex((e) => e.version === policy.version)
  const sites = policy.history[i]?.sites
  if (sites === undefined) return []
  const everySite = notice.changes.filter(
    (c) => c.sites.length === 0 && !c.key.startsWith('history['),
  )
  if (everySite.length === 0) return []
  const keys = everySite.map((c) => c.key).join(', ')
  return [
    policyError(
      `history[${i}].sites`,
      'version-sites-mixed',
      `is [${sites.join(', ')}], but this version also changes what every site's visitors were told (${keys}): the other sites' visitors would never hear of it.`,
      `publish the changes of every site as a version of their own, without sites, before or after this one.`,
    ),
  ]
}

/** The rules of a version that lowers confidentiality: its name, its entry, its notice. */
function checkLowering(policy: Policy, previous: Policy, notice: PolicyNotice): PolicyProblem[] {
  const lowering = notice.changes.filter((c) => c.kind === 'lowers-confidentiality')
  const keys = lowering.map((c) => c.key).join(', ')
  const days = Math.max(previous.notice.days, policy.notice.days)
  // Consents record the version, and the banner asks again only when it differs.
  if (previous.version === policy.version) {
    return [
      policyError(
        'version',
        'version-bump',
        `is "${policy.version}", like the previous version, but this version lowers confidentiality (${keys}); a consent names its version, so visitors would never be asked again.`,
        'give this version a new name, and add it to history with its published and effective dates.',
      ),
    ]
  }
  const i = policy.history.findIndex((e) => e.version === policy.version)
  const entry = policy.history[i]
  if (entry === undefined) {
    const published = isDate(policy.effective) ? addDays(policy.effective, -days) : '…'
    return [
      policyError(
        'history',
        'notice-period',
        `has no entry for version "${policy.version}", which lowers confidentiality (${keys}); it must be announced ${days} days before it applies.`,
        `add { version: '${policy.version}', published: '${published}' or earlier, effective: '${policy.effective}', summary: … } once visitors have been told.`,
      ),
    ]
  }
  const problems: PolicyProblem[] = []
  // The banner asks again for the purposes the entry lists: exactly those the changes touch.
  const listed = entry.reconsent ?? []
  const wanted = notice.purposes
  if ([...listed].sort().join() !== [...wanted].sort().join()) {
    const list = `[${wanted.join(', ')}]`
    problems.push(
      policyError(
        `history[${i}].reconsent`,
        'reconsent-purposes',
        `is [${listed.join(', ')}], but this version lowers confidentiality (${keys}) for ${wanted.join(', ')}: from ${entry.effective} the banner asks again for the purposes listed here.`,
        `set history[${i}].reconsent to ${list}.`,
      ),
    )
  }
  // Only the visitors of the sites the entry lists are told and asked: exactly those concerned.
  const sites = entry.sites ?? []
  if ([...sites].sort().join() !== [...notice.sites].sort().join()) {
    const every = notice.sites.length === 0
    problems.push(
      policyError(
        `history[${i}].sites`,
        'reconsent-sites',
        every
          ? `is [${sites.join(', ')}], but this version lowers confidentiality (${keys}) for the visitors of every site: those of the other sites would keep a consent that no longer covers the terms.`
          : `is ${sites.length ? `[${sites.join(', ')}]` : 'absent (every site)'}, but this version lowers confidentiality (${keys}) for the visitors of ${notice.sites.join(', ')} only: the others would be asked again for nothing.`,
        every
          ? `remove history[${i}].sites.`
          : `set history[${i}].sites to [${notice.sites.join(', ')}].`,
      ),
    )
  }
  // Impossible dates are the `calendar-date` rule's to report.
  if (!isDate(entry.published) || !isDate(entry.effective)) return problems
  const earliest = addDays(entry.published, days)
  if (entry.effective >= earliest) return problems
  return [
    ...problems,
    policyError(
      `history[${i}].effective`,
      'notice-period',
      `is ${entry.effective}, ${daysBetween(entry.published, entry.effective)} days after its publication on ${entry.published}; this version lowers confidentiality (${keys}) and must be announced ${days} days before it applies (notice.days).`,
      `set effective and history[${i}].effective to ${earliest} or later.`,
    ),
  ]
}
