import type { Policy } from './policy-schema.js'

type HistoryEntry = Policy['history'][number]

/**
 * Whether a version of the history concerns the visitors of `domain`: it names no sites (every
 * site), or names this one.
 *
 * @example concernsSite({ ...entry, sites: ['b.org'] }, 'a.org') // false
 */
export function concernsSite(entry: Pick<HistoryEntry, 'sites'>, domain: string): boolean {
  return entry.sites === undefined || entry.sites.includes(domain)
}

/**
 * The version of a site's terms: the policy's own version, unless its history entry concerns
 * other sites only; then the latest earlier version that concerned this site (by effective date),
 * or the policy's version when none did. Consents and receipts on the site record it, so a
 * version that changes another site's terms leaves this site's version as it was.
 *
 * @example
 * // history: 2026-01 (every site), then 2026-12 (sites: [b.org]), the current version
 * siteVersion(policy, 'a.org') // '2026-01'
 * siteVersion(policy, 'b.org') // '2026-12'
 */
export function siteVersion(policy: Policy, domain: string): string {
  const current = policy.history.find((e) => e.version === policy.version)
  if (current === undefined || concernsSite(current, domain)) return policy.version
  const earlier = policy.history
    .filter((e) => e !== current && e.effective <= current.effective && concernsSite(e, domain))
    .sort((a, b) => (a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0))
  return earlier.at(-1)?.version ?? policy.version
}
