import { CONSENT_MODE_TYPES } from './policy-schema.js'
import { change, quote } from './policy-change.js'
import type { PolicyChange } from './policy-change.js'
import type { Policy, Recipient } from './policy-schema.js'

/**
 * Who receives the data: recipients matched by name (a renamed recipient is a removed one and a
 * new one, since nothing tells a rename from a replacement). A new recipient, a new purpose for
 * one, a move to another country or to the controller role lowers confidentiality for the
 * recipient's purposes.
 *
 * @example
 * diffRecipients([], [{ name: 'Ads', role: 'controller', purposes: ['advertising'], country: 'US' }])
 * // [{ key: 'recipients[Ads]', kind: 'lowers-confidentiality', purposes: ['advertising'], … }]
 */
export function diffRecipients(a: readonly Recipient[], b: readonly Recipient[]): PolicyChange[] {
  const before = byName(a)
  const after = byName(b)
  const changes: PolicyChange[] = []
  for (const [name, r] of after) {
    const key = `recipients[${name}]`
    const was = before.get(name)
    if (was === undefined) {
      const why = `new recipient ${r.name} (${r.role}, ${r.country}) receives data for ${r.purposes.join(', ')}`
      changes.push(change('lowers-confidentiality', key, why, r.purposes))
      continue
    }
    if (was.role !== r.role) {
      changes.push(
        r.role === 'controller'
          ? change(
              'lowers-confidentiality',
              `${key}.role`,
              `${r.name} becomes a controller: it may use the data for its own ends`,
              r.purposes,
            )
          : change(
              'minor',
              `${key}.role`,
              `${r.name} becomes a processor: it acts only on the publisher's behalf`,
              r.purposes,
            ),
      )
    }
    // Any move counts: which countries protect data as well is a legal judgement (adequacy
    // decisions come and go), so every move is announced and asked again.
    if (was.country !== r.country) {
      const why = `${r.name} now processes the data in ${r.country} instead of ${was.country}`
      changes.push(change('lowers-confidentiality', `${key}.country`, why, r.purposes))
    }
    const gained = r.purposes.filter((p) => !was.purposes.includes(p))
    const lost = was.purposes.filter((p) => !r.purposes.includes(p))
    if (gained.length > 0) {
      const why = `${r.name} now also receives data for ${gained.join(', ')}`
      changes.push(change('lowers-confidentiality', `${key}.purposes`, why, gained))
    }
    if (lost.length > 0) {
      const why = `${r.name} no longer receives data for ${lost.join(', ')}`
      changes.push(change('minor', `${key}.purposes`, why, lost))
    }
    if (was.url !== r.url) {
      const why = `the privacy notice of ${r.name} goes from ${quote(was.url)} to ${quote(r.url)}`
      changes.push(change('minor', `${key}.url`, why, r.purposes))
    }
  }
  for (const [name, r] of before) {
    if (!after.has(name)) {
      const why = `${r.name} no longer receives data`
      changes.push(change('minor', `recipients[${name}]`, why, r.purposes))
    }
  }
  return changes
}

/** Recipients by name; a repeated name is told apart by its rank (`Acme#2`), in file order. */
function byName(recipients: readonly Recipient[]): Map<string, Recipient> {
  const map = new Map<string, Recipient>()
  for (const r of recipients) {
    let name = r.name
    for (let n = 2; map.has(name); n++) name = `${r.name}#${n}`
    map.set(name, r)
  }
  return map
}

/** The `banner.consentMode` setting: off, the usual mapping, or a mapping of its own. */
type ConsentMode = Policy['banner']['consentMode']

/**
 * Consent Mode hands each choice to the Google tags of the page (which, denied, may still send
 * cookieless pings): signalling a type, or letting another purpose grant it, lowers
 * confidentiality for the purpose that now grants it.
 *
 * @example diffConsentMode(false, true) // [{ key: 'banner.consentMode', kind: 'lowers-confidentiality', … }]
 */
export function diffConsentMode(a: ConsentMode, b: ConsentMode): PolicyChange[] {
  const before = a === true ? CONSENT_MODE_TYPES : a || null
  const after = b === true ? CONSENT_MODE_TYPES : b || null
  if (before === null && after === null) return []
  if (before === null || after === null) {
    const map = (after ?? before) as Readonly<Record<string, string>>
    const purposes = [...new Set(Object.values(map))]
    const types = Object.keys(map).join(', ')
    return after === null
      ? [
          change(
            'minor',
            'banner.consentMode',
            'Google Consent Mode signals are no longer emitted',
            purposes,
          ),
        ]
      : [
          change(
            'lowers-confidentiality',
            'banner.consentMode',
            `Google Consent Mode signals are now emitted (${types}), telling Google tags each choice`,
            purposes,
          ),
        ]
  }
  const changes: PolicyChange[] = []
  for (const [type, purpose] of Object.entries(after)) {
    const was = before[type]
    if (was === purpose) continue
    const why =
      was === undefined
        ? `Consent Mode now signals ${type}, granted by "${purpose}"`
        : `Consent Mode's ${type} is now granted by "${purpose}" instead of "${was}"`
    changes.push(change('lowers-confidentiality', `banner.consentMode.${type}`, why, [purpose]))
  }
  for (const [type, purpose] of Object.entries(before)) {
    if (after[type] === undefined) {
      const why = `Consent Mode no longer signals ${type}`
      changes.push(change('minor', `banner.consentMode.${type}`, why, [purpose]))
    }
  }
  return changes
}
