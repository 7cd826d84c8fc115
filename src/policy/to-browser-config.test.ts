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
})
