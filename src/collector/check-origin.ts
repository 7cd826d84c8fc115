import { AppError } from '../lib/app-error.js'
import { parseOrigin } from '../lib/parse-origin.js'
import { findSite } from '../policy/find-site.js'
import type { Policy, Site } from '../policy/policy-schema.js'

/**
 * The policy's site an `Origin` header belongs to, if any. `null` (sandboxed frames, file://),
 * non-http(s) origins, and anything that is not exactly `scheme://host[:port]` (userinfo, a
 * path, a query: `parseOrigin`) belong to no site.
 *
 * @example findOriginSite(policy, 'https://www.demo.temoin.example')?.domain // 'demo.temoin.example'
 */
export function findOriginSite(policy: Pick<Policy, 'sites'>, origin: string): Site | undefined {
  const url = parseOrigin(origin)
  return url === undefined ? undefined : findSite(policy, url.hostname)
}

/**
 * Refuses a request whose `Origin` (when the browser sent one) is not a page of the site the
 * payload reports: a page of site A must not count hits, or record consents, for site B. A
 * request without `Origin` (a same-origin GET, a server-side test) is judged on its payload alone.
 *
 * @example
 * const problem = checkOrigin(policy, req.headers.get('origin'), site)
 * if (problem) return reject(problem)
 */
export function checkOrigin(
  policy: Pick<Policy, 'sites'>,
  origin: string | null,
  site?: Site,
): AppError | null {
  if (origin === null) return null
  const from = findOriginSite(policy, origin)
  if (!from) {
    return new AppError(
      'ORIGIN_FORBIDDEN',
      'Origin: the page sending this is not one of the policy\u2019s sites.',
      {
        where: 'Origin',
      },
    )
  }
  if (site && from.domain !== site.domain) {
    return new AppError(
      'ORIGIN_FORBIDDEN',
      `Origin: a page of ${from.domain} may not send data for ${site.domain}.`,
      { where: 'Origin' },
    )
  }
  return null
}
