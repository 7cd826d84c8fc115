import { policyError, policyWarning } from './policy-problem.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

/**
 * The sites: one entry per domain, and none hidden behind an earlier site's sub-domains.
 *
 * @example
 * checkSites({ ...policy, sites: [{ domain: 'example.org' }, { domain: 'example.org' }] })
 * // [{ severity: 'error', key: 'sites[1].domain', rule: 'site-domain-unique', … }]
 */
export function checkSites(policy: Policy): PolicyProblem[] {
  const first = new Map<string, number>()
  const problems: PolicyProblem[] = []
  policy.sites.forEach((site, i) => {
    const earlier = first.get(site.domain)
    if (earlier === undefined) {
      first.set(site.domain, i)
      problems.push(...checkShadowed(policy, i))
      return
    }
    // Two entries for one domain would give one host two names and two `subdomains` settings.
    problems.push(
      policyError(
        `sites[${i}].domain`,
        'site-domain-unique',
        `"${site.domain}" is already sites[${earlier}].`,
        'keep one entry per domain; set `subdomains: true` on it to cover its sub-domains.',
      ),
    )
  })
  return problems
}

/**
 * `site-shadowed`: a site under an earlier one that allows sub-domains is never found (the first
 * site that matches a host wins, for the collector as for temoin.js): its events count for the
 * other site, and a version about it alone (`history[].sites`) reaches nobody.
 */
function checkShadowed(policy: Policy, i: number): PolicyProblem[] {
  const site = policy.sites[i]!
  const j = policy.sites
    .slice(0, i)
    .findIndex((s) => s.subdomains && site.domain.endsWith(`.${s.domain}`))
  if (j < 0) return []
  const parent = policy.sites[j]!.domain
  return [
    policyWarning(
      `sites[${i}].domain`,
      'site-shadowed',
      `"${site.domain}" is a sub-domain of sites[${j}] (${parent}), which allows sub-domains and comes first: its pages count for ${parent}.`,
      `move it before ${parent} in sites, or remove it.`,
    ),
  ]
}
