import { describe, expect, it } from 'vitest'
import { findSite } from './find-site.js'

const policy = {
  sites: [
    { domain: 'example.org', subdomains: true },
    { domain: 'shop.example.net', subdomains: false },
  ],
}

describe('findSite', () => {
  it.each([
    ['example.org', 'example.org'],
    ['www.example.org', 'example.org'],
    ['a.b.example.org', 'example.org'],
    ['WWW.Example.ORG', 'example.org'],
    ['example.org.', 'example.org'],
    ['shop.example.net', 'shop.example.net'],
    ['SHOP.example.net.', 'shop.example.net'],
    ['www.shop.example.net', undefined],
    ['example.net', undefined],
    ['badexample.org', undefined],
    ['example.org.evil.com', undefined],
    ['', undefined],
  ])('%s → %s', (host, domain) => {
    expect(findSite(policy, host)?.domain).toBe(domain)
  })
})
