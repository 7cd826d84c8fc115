import { policyError } from './policy-problem.js'
import type { Policy } from './policy-schema.js'
import type { PolicyProblem } from './policy-problem.js'

/**
 * The sites: one entry per domain.
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
