import { html } from 'hono/html'
import type { RunVersion } from '../policy/admit-policy.js'
import { noticeFor } from '../policy/notice-for.js'
import type { DashboardTexts } from './dashboard-texts.js'
import { renderShell } from './page-shell.js'

/**
 * The policy versions view (`/dashboard/policy-versions`): every version this data folder's
 * server ran (`policy-versions.json`), newest first, with the day it first ran, the day a lowering
 * version was announced, what changed from the version before it (minor, or the keys that lower
 * confidentiality) and the sites whose visitors that concerns.
 *
 * @example return renderPolicyVersions({ versions, t })
 */
export async function renderPolicyVersions(options: {
  readonly versions: readonly RunVersion[]
  readonly t: DashboardTexts
}): Promise<Response> {
  const { t, versions } = options
  const rows = versions.map((v, i) => {
    const before = versions[i - 1]
    if (before === undefined) return { v, change: t.versions.first, sites: '' }
    const notice = noticeFor(before.policy, v.policy)
    const lowering = notice.changes.filter((c) => c.kind === 'lowers-confidentiality')
    return {
      v,
      change: notice.lowers
        ? t.versions.lowers(lowering.map((c) => c.key).join(', '))
        : t.versions.minor,
      sites: notice.lowers ? notice.sites.join(', ') || t.versions.everySite : '',
    }
  })
  const body = html`<header class="top">
      <h1>${t.versions.title}</h1>
      <p><a href="/dashboard">${t.backToDashboard}</a></p>
    </header>
    <main class="records">
      <p>${t.versions.about}</p>
      <table class="records-table" data-policy-versions>
        <thead>
          <tr>
            ${t.versions.columns.map((c) => html`<th scope="col">${c}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${rows.reverse().map(
            ({ v, change, sites }) =>
              html`<tr>
                <td>${v.version}</td>
                <td>${v.firstRun}</td>
                <td>${v.announced ?? t.cells.none}</td>
                <td>${change}</td>
                <td>${sites || t.cells.none}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </main>`
  const page = await renderShell({ title: t.versions.title, body, lang: t.lang })
  return new Response(page.toString(), {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  })
}
