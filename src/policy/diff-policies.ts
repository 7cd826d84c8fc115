import { diffPurposes, diffSites } from './diff-purposes.js'
import { diffConsentMode, diffRecipients } from './diff-recipients.js'
import {
  change,
  diffList,
  diffNumber,
  diffText,
  EVERY_PURPOSE as ALL,
  quote,
} from './policy-change.js'
import type { PolicyChange } from './policy-change.js'
import type { Policy } from './policy-schema.js'

export type { ChangeKind, PolicyChange } from './policy-change.js'

/**
 * Page views — and so raw events, the query keys they keep and the figures published from them —
 * are recorded under this purpose only: temoin.js runs its tracker only when it is granted or
 * exempt (src/browser/create-temoin.ts). Changes to them re-ask this purpose, not the others.
 */
const MEASUREMENT: readonly string[] = ['statistics']

/**
 * Classifies every difference between two versions of the policy (see docs/policy.md, "Changing
 * the policy", for the table). `version` and `effective` are the identity of a version, not terms,
 * so they are not reported. Recipients are matched by name, sites by domain, history entries by
 * version: a renamed recipient is a removed one plus a new one. Changes come in the order of the
 * file's keys.
 *
 * @example
 * diffPolicies(old, { ...old, cookies: { lifetimeMonths: 13 } })
 * // [{ key: 'cookies.lifetimeMonths', kind: 'lowers-confidentiality',
 * //    why: 'cookie lifetime goes from 6 to 13 months', purposes: [] }]
 */
export function diffPolicies(old: Policy, next: Policy): PolicyChange[] {
  return [
    ...diffList('languages', old.languages, next.languages, 'minor', ALL, {
      added: (xs) => `the policy is now also given in ${xs}`,
      removed: (xs) => `the policy is no longer given in ${xs}`,
    }),
    ...diffController(old.controller, next.controller),
    ...diffSites(old.sites, next.sites),
    ...diffPurposes(old.purposes, next.purposes),
    ...diffNumber('cookies.lifetimeMonths', 'cookie lifetime', 'months', 'larger', ALL, [
      old.cookies.lifetimeMonths,
      next.cookies.lifetimeMonths,
    ]),
    ...diffNumber('consent.validityMonths', 'consent validity', 'months', 'larger', ALL, [
      old.consent.validityMonths,
      next.consent.validityMonths,
    ]),
    // A refusal was given on the promise not to be asked again for so long; asking sooner is the
    // pressure to accept that the CNIL warns against, so a shorter memory is announced like any
    // lowering (strict reading of the design) and re-asks every purpose once, from its effective date.
    ...diffNumber('consent.refusalMonths', 'refusal memory', 'months', 'smaller', ALL, [
      old.consent.refusalMonths,
      next.consent.refusalMonths,
    ]),
    ...diffNumber(
      'retention.eventsMonths',
      'raw event retention',
      'months',
      'larger',
      MEASUREMENT,
      [old.retention.eventsMonths, next.retention.eventsMonths],
    ),
    // Receipts of granted consents hold the visitor id: keeping them longer keeps more.
    ...diffNumber(
      'retention.receiptsMonths',
      'consent receipt retention',
      'months',
      'larger',
      ALL,
      [old.retention.receiptsMonths, next.retention.receiptsMonths],
    ),
    ...diffList(
      'collection.queryKeys',
      old.collection.queryKeys,
      next.collection.queryKeys,
      'lowers-confidentiality',
      MEASUREMENT,
      {
        added: (xs) => `page addresses now keep the query keys ${xs} (a new kind of data)`,
        removed: (xs) => `page addresses no longer keep the query keys ${xs}`,
      },
    ),
    ...diffRecipients(old.recipients, next.recipients),
    ...diffBanner(old.banner, next.banner),
    ...diffNumber(
      'publication.minGroupSize',
      'smallest group a published figure describes',
      'visitors',
      'smaller',
      MEASUREMENT,
      [old.publication.minGroupSize, next.publication.minGroupSize],
    ),
    // A larger budget lets releases say more about each visitor; a shorter window renews it sooner.
    ...diffNumber(
      'publication.budget.epsilon',
      'privacy budget ε per window',
      '',
      'larger',
      MEASUREMENT,
      [old.publication.budget.epsilon, next.publication.budget.epsilon],
    ),
    ...diffNumber(
      'publication.budget.delta',
      'privacy budget δ per window',
      '',
      'larger',
      MEASUREMENT,
      [old.publication.budget.delta, next.publication.budget.delta],
    ),
    ...diffNumber(
      'publication.budget.windowMonths',
      'privacy budget window',
      'months',
      'smaller',
      MEASUREMENT,
      [old.publication.budget.windowMonths, next.publication.budget.windowMonths],
    ),
    // The notice is about future versions; `temoin policy check --previous` holds this very change
    // to the longer of the two, so shortening it cannot skip its own announcement.
    ...diffNumber('notice.days', 'notice period before a lowering change', 'days', 'never', ALL, [
      old.notice.days,
      next.notice.days,
    ]),
    ...diffHistory(old.history, next.history),
    ...diffLegal(old.legal, next.legal),
  ]
}

/**
 * The site's own legal pages, matched by kind and language: which file holds a page is minor
 * (what the page says is checked against the policy at each build, not compared here).
 */
function diffLegal(a: Policy['legal'], b: Policy['legal']): PolicyChange[] {
  const id = (page: Policy['legal'][number]) => `${page.kind} ${page.language}`
  const before = new Map(a.map((page) => [id(page), page]))
  const after = new Map(b.map((page) => [id(page), page]))
  const changes: PolicyChange[] = []
  for (const [name, page] of after) {
    const was = before.get(name)
    if (was === undefined)
      changes.push(
        change('minor', `legal[${name}]`, `the ${name} page ${page.source} is added`, ALL),
      )
    else {
      if (was.source !== page.source)
        changes.push(
          change(
            'minor',
            `legal[${name}].source`,
            `the ${name} page goes from ${was.source} to ${page.source}`,
            ALL,
          ),
        )
      changes.push(...diffLegalChanges(`legal[${name}]`, was.changes, page.changes))
    }
  }
  for (const [name, page] of before)
    if (!after.has(name))
      changes.push(
        change('minor', `legal[${name}]`, `the ${name} page ${page.source} is removed`, ALL),
      )
  return changes
}

/** Who is responsible: wording, whatever changes. */
function diffController(a: Policy['controller'], b: Policy['controller']): PolicyChange[] {
  const fields = [
    ['name', "the controller's name"],
    ['contact', 'the contact for exercising rights'],
    ['address', "the controller's postal address"],
  ] as const
  return fields
    .filter(([field]) => a[field] !== b[field])
    .map(([field, subject]) =>
      change(
        'minor',
        `controller.${field}`,
        `${subject} goes from ${quote(a[field])} to ${quote(b[field])}`,
        ALL,
      ),
    )
}

/** How the banner presents the choices: GPC and Consent Mode matter, the rest is wording. */
function diffBanner(a: Policy['banner'], b: Policy['banner']): PolicyChange[] {
  const changes: PolicyChange[] = [
    ...diffText(
      'banner.privacyUrl',
      'the link to the privacy page',
      a.privacyUrl,
      b.privacyUrl,
      ALL,
    ),
  ]
  if (a.gpc !== b.gpc) {
    changes.push(
      b.gpc
        ? change(
            'minor',
            'banner.gpc',
            'Global Privacy Control is now honoured as a refusal of every purpose',
            ALL,
          )
        : change(
            'lowers-confidentiality',
            'banner.gpc',
            'Global Privacy Control is no longer honoured as a refusal',
            ALL,
          ),
    )
  }
  changes.push(...diffConsentMode(a.consentMode, b.consentMode))
  changes.push(...diffText('banner.texts', "the banner's texts", a.texts, b.texts, ALL))
  return changes
}

/**
 * The changelog, matched by version: every change to it is minor (what a version promised is in
 * that version's file, not in its summary; rewriting a date is the history rules' business).
 */
function diffHistory(a: Policy['history'], b: Policy['history']): PolicyChange[] {
  const before = new Map(a.map((e) => [e.version, e]))
  const after = new Map(b.map((e) => [e.version, e]))
  const changes: PolicyChange[] = []
  for (const [version, entry] of after) {
    const key = `history[${version}]`
    const was = before.get(version)
    if (was === undefined) {
      changes.push(change('minor', key, `version ${version} is added to the history`, ALL))
      continue
    }
    for (const field of ['published', 'effective'] as const) {
      if (was[field] !== entry[field]) {
        const why = `the ${field} date of ${version} goes from ${was[field]} to ${entry[field]}`
        changes.push(change('minor', `${key}.${field}`, why, ALL))
      }
    }
    const [from, to] = [was.reconsent, entry.reconsent].map((r) => (r ?? []).join(', ') || 'none')
    if (from !== to) {
      const why = `the purposes ${version} asks again for go from ${from} to ${to}`
      changes.push(change('minor', `${key}.reconsent`, why, ALL))
    }
    const [sitesFrom, sitesTo] = [was.sites, entry.sites].map((d) => d?.join(', ') ?? 'every site')
    if (sitesFrom !== sitesTo) {
      const why = `the sites ${version} concerns go from ${sitesFrom} to ${sitesTo}`
      changes.push(change('minor', `${key}.sites`, why, ALL))
    }
    const summary = `the summary of ${version}`
    changes.push(...diffText(`${key}.summary`, summary, was.summary, entry.summary, ALL))
  }
  for (const version of before.keys()) {
    if (!after.has(version)) {
      const why = `version ${version} is removed from the history`
      changes.push(change('minor', `history[${version}]`, why, ALL))
    }
  }
  return changes
}

/** A legal page's announced changes, matched by publication day: announcing is minor. */
function diffLegalChanges(
  key: string,
  a: Policy['legal'][number]['changes'],
  b: Policy['legal'][number]['changes'],
): PolicyChange[] {
  const before = new Map(a.map((c) => [c.published, c]))
  const out: PolicyChange[] = []
  for (const c of b) {
    const was = before.get(c.published)
    const at = `${key}.changes[${c.published}]`
    if (was === undefined)
      out.push(change('minor', at, `a change published on ${c.published} is announced`, ALL))
    else {
      if (was.effective !== c.effective)
        out.push(
          change(
            'minor',
            `${at}.effective`,
            `its effective date goes from ${was.effective} to ${c.effective}`,
            ALL,
          ),
        )
      out.push(...diffText(`${at}.summary`, 'its notice', was.summary ?? {}, c.summary ?? {}, ALL))
    }
  }
  for (const c of a)
    if (!b.some((x) => x.published === c.published))
      out.push(
        change(
          'minor',
          `${key}.changes[${c.published}]`,
          `the change published on ${c.published} is no longer announced`,
          ALL,
        ),
      )
  return out
}
