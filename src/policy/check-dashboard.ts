import { policyError, policyWarning } from './policy-problem.js'
import type { PolicyProblem } from './policy-problem.js'
import type { Policy, ServerSettings } from './policy-schema.js'

/**
 * The dashboard's settings against the policy: a public site must be one of `sites`, and making
 * one public is worth a warning, because its dashboard shows exact figures to anyone — small
 * counts included, which `publication.minGroupSize` protects only in what `temoin publish` makes.
 *
 * @example
 * checkDashboard({ ...server, dashboard: { ...server.dashboard, publicSites: ['other.example'] } }, policy)
 * // [{ severity: 'error', key: 'server.dashboard.publicSites[0]', rule: 'public-site-known', … }]
 */
export function checkDashboard(server: ServerSettings, policy: Policy): PolicyProblem[] {
  const domains = policy.sites.map((s) => s.domain)
  return server.dashboard.publicSites.map((site, i) => {
    const key = `server.dashboard.publicSites[${i}]`
    if (!domains.includes(site)) {
      return policyError(
        key,
        'public-site-known',
        `"${site}" is not one of the policy's sites (${domains.join(', ')}).`,
        'write the domain exactly as in `sites[].domain`, or remove it.',
      )
    }
    return policyWarning(
      key,
      'public-site-exact',
      `anyone can read the dashboard of ${site}: exact figures, small counts included, without the protection of \`publication.minGroupSize\`.`,
      'keep it only if these figures are meant to be public; otherwise share them with `temoin publish`.',
    )
  })
}
