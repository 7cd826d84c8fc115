import { matchSite } from '../protocol/match-site.js'
import type { Policy, Site } from './policy-schema.js'

/**
 * The policy's site a host name belongs to: the site whose domain is the host, or a parent
 * domain of it when the site allows `subdomains`. Case-insensitive; a trailing dot is ignored
 * (matchSite, which temoin.js uses too).
 *
 * @example findSite(policy, 'www.example.org')?.domain // 'example.org' when subdomains: true
 */
export function findSite(policy: Pick<Policy, 'sites'>, hostname: string): Site | undefined {
  return matchSite(policy.sites, hostname)
}
