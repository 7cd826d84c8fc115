import { describe, expect, it } from 'vitest'
import type { Auth } from '../auth/create-auth.js'
import { createFakeClock } from '../lib/clock.js'
import type { RunVersion } from '../policy/admit-policy.js'
import { loadTestConfig } from '../../test/helpers/collector-harness.js'
import { createDashboard } from './create-dashboard.js'

/** The dashboard with `versions` run, for a caller who is logged in or not. */
async function versionsPage(versions: readonly RunVersion[], loggedIn: boolean, lang = 'en') {
  const config = await loadTestConfig()
  const auth = {
    identify: () => Promise.resolve(loggedIn ? { kind: 'session' as const } : null),
    readableSites: () => Promise.resolve([]),
  } as unknown as Auth
  const dashboard = createDashboard({
    auth,
    policy: config.policy,
    clock: createFakeClock('2026-11-26T10:00:00Z'),
    clientAddress: () => undefined,
    readLimit: { take: () => Promise.resolve(null) },
    assets: new Map(),
    queries: { hasRoom: () => true },
    receipts: () => Promise.resolve(Response.json({})),
    stats: () => Promise.resolve(Response.json({})),
    policyVersions: versions,
  })
  const res = await dashboard.fetch(
    new Request(`http://127.0.0.1:8080/dashboard/policy-versions?lang=${lang}`),
  )
  return { res, html: await res.text() }
}

/** The rows of the versions table, as text cells. */
function rows(html: string): string[][] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'))
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.trim()),
  )
}

describe('the policy versions view (/dashboard/policy-versions)', () => {
  it('lists every version run, newest first, with what each changed and for which sites', async () => {
    const { policy } = await loadTestConfig()
    const [site, other] = [policy.sites[0]!, { domain: 'b.org', subdomains: false }]
    const second = { ...policy, version: 'v2', sites: [site, other] }
    const third = { ...second, version: 'v3', cookies: { lifetimeMonths: 6 } }
    const versions: RunVersion[] = [
      { version: policy.version, firstRun: '2026-01-02', policy },
      { version: 'v2', firstRun: '2026-03-01', announced: '2026-02-01', policy: second },
      { version: 'v3', firstRun: '2026-06-01', policy: third },
    ]
    const { res, html } = await versionsPage(versions, true)
    expect(res.status).toBe(200)
    expect(rows(html)).toEqual([
      ['v3', '2026-06-01', '(none)', 'minor', '(none)'],
      ['v2', '2026-03-01', '2026-02-01', 'lowers confidentiality: sites[b.org]', 'b.org'],
      [policy.version, '2026-01-02', '(none)', 'first version run', '(none)'],
    ])
    const everySite = { ...third, version: 'v4', cookies: { lifetimeMonths: 13 } }
    const more = [...versions, { version: 'v4', firstRun: '2026-07-01', policy: everySite }]
    expect(rows((await versionsPage(more, true)).html)[0]).toEqual([
      'v4',
      '2026-07-01',
      '(none)',
      'lowers confidentiality: cookies.lifetimeMonths',
      'every site',
    ])
  })

  it('speaks French when asked', async () => {
    const { policy } = await loadTestConfig()
    const { html } = await versionsPage(
      [{ version: 'v1', firstRun: '2026-01-02', policy }],
      true,
      'fr',
    )
    expect(html).toContain('<html lang="fr">')
    expect(html).toContain('Versions de la politique')
    expect(rows(html)).toEqual([
      ['v1', '2026-01-02', '(aucun)', 'première version appliquée', '(aucun)'],
    ])
  })

  it('sends whoever is not logged in to the login', async () => {
    const { policy } = await loadTestConfig()
    const { res } = await versionsPage([{ version: 'v1', firstRun: '2026-01-02', policy }], false)
    expect(res.status).toBe(303)
    // The login returns to the dashboard's page (toReturnPath), as for the consent records.
    expect(res.headers.get('location')).toBe('/dashboard/login')
  })
})
