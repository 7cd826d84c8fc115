import { change, diffList, diffText, EVERY_PURPOSE, quote } from './policy-change.js'
import type { PolicyChange } from './policy-change.js'
import type { Purpose, Site } from './policy-schema.js'

/**
 * What is collected: the purposes, by id — new, removed, their basis, texts and cookies.
 *
 * @example
 * diffPurposes(old.purposes, { ...old.purposes, advertising })
 * // [{ key: 'purposes.advertising', kind: 'lowers-confidentiality', why: 'new purpose "advertising"', purposes: ['advertising'] }]
 */
export function diffPurposes(
  a: Readonly<Record<string, Purpose>>,
  b: Readonly<Record<string, Purpose>>,
): PolicyChange[] {
  const changes: PolicyChange[] = []
  for (const [id, purpose] of Object.entries(b)) {
    const key = `purposes.${id}`
    const was = a[id]
    if (was === undefined) {
      changes.push(change('lowers-confidentiality', key, `new purpose "${id}"`, [id]))
      continue
    }
    if (was.basis !== purpose.basis) {
      changes.push(
        purpose.basis === 'exempt'
          ? change(
              'lowers-confidentiality',
              `${key}.basis`,
              `"${id}" moves from consent to the exempt basis: anonymous hits are sent without asking`,
              [id],
            )
          : change(
              'minor',
              `${key}.basis`,
              `"${id}" moves from the exempt basis to consent: nothing is sent before the visitor says yes`,
              [id],
            ),
      )
    }
    changes.push(
      ...diffText(`${key}.title`, `the title of "${id}"`, was.title, purpose.title, [id]),
      ...diffText(
        `${key}.description`,
        `the description of "${id}"`,
        was.description,
        purpose.description,
        [id],
      ),
      // A new cookie name is more stored on the visitor's device under that purpose.
      ...diffList(`${key}.cookies`, was.cookies, purpose.cookies, 'lowers-confidentiality', [id], {
        added: (xs) => `"${id}" now sets the cookies ${xs}`,
        removed: (xs) => `"${id}" no longer sets the cookies ${xs}`,
      }),
    )
  }
  for (const id of Object.keys(a)) {
    if (b[id] === undefined) {
      changes.push(change('minor', `purposes.${id}`, `purpose "${id}" is removed`, [id]))
    }
  }
  return changes
}

/**
 * The sites measured, matched by domain: a new site, or sub-domains newly measured, lowers
 * confidentiality for every purpose. Each change concerns its own site only: the visitors of the
 * other sites are not asked again for it.
 *
 * @example diffSites([{ domain: 'a.org', subdomains: false }], []) // [{ key: 'sites[a.org]', kind: 'minor', sites: ['a.org'], … }]
 */
export function diffSites(a: readonly Site[], b: readonly Site[]): PolicyChange[] {
  const before = new Map(a.map((s) => [s.domain, s]))
  const after = new Map(b.map((s) => [s.domain, s]))
  const changes: PolicyChange[] = []
  for (const [domain, site] of after) {
    const key = `sites[${domain}]`
    const was = before.get(domain)
    if (was === undefined) {
      // The new site's visitors are measured under terms they were never shown: they are asked
      // (the choice cookie is per host, so no other site's choice covers them).
      const also = site.subdomains ? ' and its sub-domains' : ''
      changes.push(
        change('lowers-confidentiality', key, `${domain}${also} is now measured`, EVERY_PURPOSE, [
          domain,
        ]),
      )
      continue
    }
    if (was.name !== site.name) {
      const why = `the name of ${domain} goes from ${quote(was.name)} to ${quote(site.name)}`
      changes.push(change('minor', `${key}.name`, why, EVERY_PURPOSE, [domain]))
    }
    if (was.subdomains !== site.subdomains) {
      changes.push(
        site.subdomains
          ? change(
              'lowers-confidentiality',
              `${key}.subdomains`,
              `the sub-domains of ${domain} are now measured too`,
              EVERY_PURPOSE,
              [domain],
            )
          : change(
              'minor',
              `${key}.subdomains`,
              `the sub-domains of ${domain} are no longer measured`,
              EVERY_PURPOSE,
              [domain],
            ),
      )
    }
  }
  for (const domain of before.keys()) {
    if (!after.has(domain)) {
      changes.push(
        change('minor', `sites[${domain}]`, `${domain} is no longer measured`, EVERY_PURPOSE, [
          domain,
        ]),
      )
    }
  }
  return changes
}
