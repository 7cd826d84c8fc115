import { describe, expect, it } from 'vitest'
import type { BrowserChange, BrowserConfig } from '../protocol/browser-config.js'
import { forSite } from './for-site.js'

const change = (version: string, sites?: string[]): BrowserChange => ({
  version,
  published: 0,
  effective: 0,
  summary: {},
  reconsent: ['statistics'],
  ...(sites ? { sites } : {}),
})

const config = {
  version: 'v3',
  changes: [change('v1'), change('v2', ['a.org']), change('v3', ['b.org'])],
  sites: [
    { domain: 'a.org', subdomains: true, version: 'v2' },
    { domain: 'b.org', subdomains: false, version: 'v3' },
    { domain: 'www.b.org', subdomains: false, version: 'v1' },
  ],
} as unknown as BrowserConfig

const seen = (host: string) => {
  const c = forSite(config, host)
  return [c.version, c.changes.map((x) => x.version)]
}

describe('forSite', () => {
  it("gives the page its site's version and the changes that concern it", () => {
    expect(seen('a.org')).toEqual(['v2', ['v1', 'v2']])
    expect(seen('b.org')).toEqual(['v3', ['v1', 'v3']])
  })

  it("finds a site by a sub-domain only when the site allows them, as the collector's findSite", () => {
    expect(seen('shop.a.org')).toEqual(['v2', ['v1', 'v2']])
    expect(seen('www.b.org')).toEqual(['v1', ['v1']])
    expect(seen('x.b.org')).toEqual(['v3', ['v1', 'v2', 'v3']])
    expect(seen('evila.org')).toEqual(['v3', ['v1', 'v2', 'v3']])
    // A trailing dot or capitals name the same host, for the collector as here.
    expect(seen('b.org.')).toEqual(['v3', ['v1', 'v3']])
    expect(seen('Shop.A.org')).toEqual(['v2', ['v1', 'v2']])
  })

  it('leaves a config with one version for every site as it is', () => {
    const one = { ...config, sites: undefined }
    expect(forSite(one, 'a.org')).toBe(one)
  })
})
