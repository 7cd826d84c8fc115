/**
 * The site a host name belongs to: the first whose domain is the host, or a parent domain of it
 * when the site allows `subdomains`. Case-insensitive; a trailing dot (`a.org.`) is ignored. One
 * rule for the collector (findSite) and for temoin.js (forSite), so that both find the same site.
 *
 * @example matchSite([{ domain: 'a.org', subdomains: true }], 'WWW.a.org.')?.domain // 'a.org'
 */
export function matchSite<S extends { readonly domain: string; readonly subdomains: boolean }>(
  sites: readonly S[] | undefined,
  hostname: string,
): S | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return sites?.find((s) => s.domain == host || (s.subdomains && host.endsWith('.' + s.domain)))
}
