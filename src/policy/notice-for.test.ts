import { describe, expect, it } from 'vitest'
import { noticeFor } from './notice-for.js'
import { policySchema } from './policy-schema.js'
import type { Policy, Purpose } from './policy-schema.js'

const purpose = (basis: Purpose['basis']) => ({
  basis,
  title: { fr: 'T', en: 'T' },
  description: { fr: 'D.', en: 'D.' },
})

function basePolicy(): Policy {
  return policySchema.parse({
    version: '2026-11',
    effective: '2026-11-01',
    controller: { name: 'Démo', contact: 'dpo@example.org' },
    sites: [{ domain: 'example.org' }],
    purposes: {
      statistics: purpose('exempt'),
      personalisation: purpose('consent'),
      advertising: purpose('consent'),
    },
    recipients: [{ name: 'Host', role: 'processor', purposes: ['statistics'], country: 'FR' }],
  })
}

describe('noticeFor', () => {
  it('asks again for the purposes the lowering changes touch, in the policy order', () => {
    const p = basePolicy()
    const next: Policy = {
      ...p,
      recipients: [
        ...p.recipients,
        { name: 'Ads', role: 'controller', purposes: ['advertising'], country: 'US' },
      ],
      retention: { ...p.retention, eventsMonths: 25 },
      controller: { ...p.controller, name: 'Autre' },
    }
    const notice = noticeFor(p, next)
    expect(notice.lowers).toBe(true)
    expect(notice.changes.map((c) => c.key)).toEqual([
      'controller.name',
      'retention.eventsMonths',
      'recipients[Ads]',
    ])
    expect(notice.purposes).toEqual(['statistics', 'advertising'])
  })

  it('asks again for every purpose when a change touches all', () => {
    const p = basePolicy()
    const notice = noticeFor({ ...p, cookies: { lifetimeMonths: 6 } }, p)
    expect(notice.purposes).toEqual(['statistics', 'personalisation', 'advertising'])
  })

  it('asks again for nothing when every change is minor, and still lists them', () => {
    const p = basePolicy()
    const notice = noticeFor(p, { ...p, cookies: { lifetimeMonths: 6 } })
    expect(notice).toEqual({
      lowers: false,
      changes: [expect.objectContaining({ key: 'cookies.lifetimeMonths', kind: 'minor' })],
      purposes: [],
      sites: [],
    })
  })

  it('does not ask for a purpose the new version no longer has', () => {
    const p = basePolicy()
    const next: Policy = {
      ...p,
      banner: { ...p.banner, consentMode: { ad_storage: 'advertising' } },
    }
    const purposes = Object.fromEntries(
      Object.entries(next.purposes).filter(([id]) => id !== 'advertising'),
    )
    const notice = noticeFor(p, { ...next, purposes })
    expect(notice.lowers).toBe(true)
    expect(notice.purposes).toEqual([])
  })

  it("concerns the visitors of the sites whose own terms lower confidentiality, in the policy's order", () => {
    const p = { ...basePolicy(), sites: [{ domain: 'a.org', subdomains: false }] }
    const next: Policy = {
      ...p,
      sites: [
        { domain: 'c.org', subdomains: false },
        { domain: 'a.org', subdomains: true },
        { domain: 'b.org', subdomains: false },
      ],
    }
    const notice = noticeFor(p, next)
    expect(notice.lowers).toBe(true)
    expect(notice.sites).toEqual(['c.org', 'a.org', 'b.org'])
    expect(notice.purposes).toEqual(['statistics', 'personalisation', 'advertising'])
    // A site's name is minor: the notice concerns the sites of the lowering changes only.
    const renamed = { ...p, sites: [{ domain: 'a.org', subdomains: false, name: 'A' }] }
    const one = noticeFor(p, { ...renamed, sites: [...renamed.sites, next.sites[2]!] })
    expect(one.sites).toEqual(['b.org'])
  })

  it('concerns every site as soon as one lowering change is about every site', () => {
    const p = { ...basePolicy(), sites: [{ domain: 'a.org', subdomains: false }] }
    const next: Policy = {
      ...p,
      sites: [...p.sites, { domain: 'b.org', subdomains: false }],
      cookies: { lifetimeMonths: 25 },
    }
    const notice = noticeFor(p, next)
    expect(notice.lowers).toBe(true)
    expect(notice.sites).toEqual([])
  })

  it('reports no change between a policy and itself', () => {
    const p = basePolicy()
    expect(noticeFor(p, p)).toEqual({ lowers: false, changes: [], purposes: [], sites: [] })
  })
})
