import type { BrowserConfig } from '../protocol/browser-config.js'
import { matchSite } from '../protocol/match-site.js'

/**
 * The policy as the visitors of the page's site see it, when versions concern some sites only
 * (`config.sites`): the site is the one the collector finds for the host (matchSite); its
 * version is the one choices record, and only the changes that concern it are announced and
 * asked again. Otherwise (one version for every site, or a host of no site, whose events and
 * choices the collector refuses anyway), the config as it is.
 *
 * @example forSite(config, 'www.b.org').version // '2026-12' while a.org stays at '2026-01'
 */
export function forSite(config: BrowserConfig, host: string): BrowserConfig {
  const site = matchSite(config.sites, host)
  return site
    ? {
        ...config,
        version: site.version,
        changes: config.changes.filter((c) => !c.sites || c.sites.includes(site.domain)),
      }
    : config
}
