import { legalChanges } from '../legal/legal-changes.js'
import type { BrowserConfig } from '../protocol/browser-config.js'
import { CONSENT_MODE_TYPES, type Policy } from './policy-schema.js'
import { siteVersion } from './site-version.js'

/**
 * The part of the policy temoin.js needs, in the shape it reads: the server renders it into the
 * script it serves, so that the banner shows exactly the purposes, recipients, lifetimes and
 * version of the file the collector obeys.
 *
 * @example toBrowserConfig(policy, { endpoint: '' }).purposes.map((p) => p.id) // ['statistics', 'personalisation']
 */
export function toBrowserConfig(
  policy: Policy,
  options: { readonly endpoint: string },
): BrowserConfig {
  return {
    version: policy.version,
    endpoint: options.endpoint.replace(/\/+$/, ''),
    languages: policy.languages,
    purposes: Object.entries(policy.purposes).map(([id, p]) => ({
      id,
      exempt: p.basis === 'exempt',
      title: p.title,
      description: p.description,
      recipients: policy.recipients.filter((r) => r.purposes.includes(id)).map((r) => r.name),
      cookies: p.cookies,
    })),
    consentMonths: policy.consent.validityMonths,
    refusalMonths: policy.consent.refusalMonths,
    lifetimeMonths: policy.cookies.lifetimeMonths,
    queryKeys: policy.collection.queryKeys,
    privacyUrl: policy.banner.privacyUrl,
    gpc: policy.banner.gpc,
    consentMode:
      policy.banner.consentMode === true ? CONSENT_MODE_TYPES : policy.banner.consentMode || null,
    changes: [
      ...policy.history.map((e) => ({
        version: e.version,
        published: Date.parse(`${e.published}T00:00:00Z`),
        effective: Date.parse(`${e.effective}T00:00:00Z`),
        summary: e.summary,
        reconsent: e.reconsent ?? [],
        ...(e.sites === undefined ? {} : { sites: e.sites }),
      })),
      // The site's legal pages' substantial changes, announced the same way.
      ...legalChanges(policy),
    ].sort((a, b) => a.effective - b.effective),
    // One version for every site unless some version concerns some sites only.
    ...(policy.history.some((e) => e.sites !== undefined)
      ? {
          sites: policy.sites.map((s) => ({
            domain: s.domain,
            subdomains: s.subdomains,
            version: siteVersion(policy, s.domain),
          })),
        }
      : {}),
    ...(Object.keys(policy.banner.texts).length > 0 ? { texts: policy.banner.texts } : {}),
  }
}
