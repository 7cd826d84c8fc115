import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { inspectConfigText } from './load-config.js'
import { toBrowserConfig } from './to-browser-config.js'

describe('toBrowserConfig', () => {
  it('carries the example policy’s purposes, recipients, lifetimes and version to the browser', async () => {
    const text = await readFile(new URL('../../examples/temoin.yaml', import.meta.url), 'utf8')
    const { config } = inspectConfigText(text, 'examples/temoin.yaml')
    if (!config) throw new Error('the example policy is invalid')
    const b = toBrowserConfig(config.policy, { endpoint: 'https://stats.example.org//' })
    expect(b.endpoint).toBe('https://stats.example.org')
    expect(b.version).toBe('2026-11')
    expect(b.purposes.map((p) => [p.id, p.exempt, p.recipients])).toEqual([
      ['statistics', true, ['Hébergeur du site']],
      ['personalisation', false, []],
    ])
    expect([b.consentMonths, b.refusalMonths, b.lifetimeMonths]).toEqual([13, 6, 13])
    expect(b.privacyUrl).toEqual({ fr: '/confidentialite.html', en: '/privacy.html' })
    expect(b.gpc).toBe(true)
    expect(b.texts).toBeUndefined()
  })

  it('gives the banner every history entry, by effective date, dates as epoch ms', async () => {
    const text = await readFile(new URL('../../examples/temoin.yaml', import.meta.url), 'utf8')
    const { config } = inspectConfigText(text, 'examples/temoin.yaml')
    if (!config) throw new Error('the example policy is invalid')
    // The policy's own versions only (the legal pages' changes: legal-changes.test.ts).
    config.policy.legal = []
    const summary = { fr: 'Résumé.', en: 'Summary.' }
    const history = [
      {
        version: 'B',
        published: '2026-10-01',
        effective: '2026-11-01',
        summary,
        reconsent: ['personalisation'],
      },
      { version: 'A', published: '2026-01-01', effective: '2026-01-01', summary },
    ]
    const b = toBrowserConfig({ ...config.policy, history }, { endpoint: '' })
    expect(b.changes).toEqual([
      {
        version: 'A',
        published: Date.UTC(2026, 0, 1),
        effective: Date.UTC(2026, 0, 1),
        summary,
        reconsent: [],
      },
      {
        version: 'B',
        published: Date.UTC(2026, 9, 1),
        effective: Date.UTC(2026, 10, 1),
        summary,
        reconsent: ['personalisation'],
      },
    ])
  })

  it('gives each site its version and each change its sites when a version concerns some sites only', async () => {
    const text = await readFile(new URL('../../examples/temoin.yaml', import.meta.url), 'utf8')
    const { config } = inspectConfigText(text, 'examples/temoin.yaml')
    if (!config) throw new Error('the example policy is invalid')
    // The policy's own versions only (the legal pages' changes: legal-changes.test.ts).
    config.policy.legal = []
    const summary = { fr: 'Résumé.', en: 'Summary.' }
    const policy = {
      ...config.policy,
      version: 'B',
      effective: '2026-11-01',
      sites: [
        { domain: 'a.org', subdomains: true },
        { domain: 'b.org', subdomains: false },
      ],
      history: [
        { version: 'A', published: '2026-01-01', effective: '2026-01-01', summary },
        {
          version: 'B',
          published: '2026-10-01',
          effective: '2026-11-01',
          summary,
          sites: ['b.org'],
        },
      ],
    }
    const b = toBrowserConfig(policy, { endpoint: '' })
    expect(b.version).toBe('B')
    expect(b.sites).toEqual([
      { domain: 'a.org', subdomains: true, version: 'A' },
      { domain: 'b.org', subdomains: false, version: 'B' },
    ])
    expect(b.changes.map((c) => [c.version, c.sites])).toEqual([
      ['A', undefined],
      ['B', ['b.org']],
    ])
    // One version for every site: nothing more for the script to carry.
    const one = toBrowserConfig({ ...policy, history: [policy.history[0]!] }, { endpoint: '' })
    expect(one.sites).toBeUndefined()
  })
})
