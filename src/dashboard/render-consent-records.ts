import { html } from 'hono/html'
import type { Policy } from '../policy/policy-schema.js'
import type { DashboardTexts } from './dashboard-texts.js'
import { renderShell } from './page-shell.js'
import { credentialsOf, refusalOf, renderProblem } from './render-dashboard.js'
import { readAnswer } from './stats-answers.js'

const RECEIPT_ID = /^[0-9a-f]{32}$/
const VISITOR_ID = /^\d{10}\.[0-9a-f]{32}$/

/** One receipt as the export's JSON Lines give it. */
interface ExportedReceipt {
  readonly id: string
  readonly time: string
  readonly policyVersion: string
  readonly granted: readonly string[]
  readonly refused: readonly string[]
  readonly visitor: string | null
  readonly gpc: boolean
}

/**
 * The consent records view (`/dashboard/consent-records`): a form — site, a receipt id or visitor
 * id, period, purpose and decision — and the receipts found, oldest first, read in-process from
 * `GET /api/receipts` with the caller's credentials (so a token for some sites sees those only),
 * with the export's digest and a link to the same receipts as CSV. A refusal of the API is shown
 * on the page, with its status.
 *
 * @example return renderConsentRecords(req, { sites, policy, t, receipts: (r) => receiptsApi.fetch(r) })
 */
export async function renderConsentRecords(
  req: Request,
  options: {
    readonly sites: readonly string[]
    readonly policy: Policy
    readonly t: DashboardTexts
    readonly receipts: (req: Request) => Promise<Response>
  },
): Promise<Response> {
  const { t, sites, policy } = options
  const url = new URL(req.url)
  const given = (name: string) => url.searchParams.get(name)?.trim() || undefined
  const site = given('site') ?? sites[0] ?? ''
  const search = given('q')
  const params = new URLSearchParams({ site })
  for (const name of ['from', 'to', 'purpose', 'decision']) {
    const value = given(name)
    // The form always sends a decision: it says something only about a purpose.
    if (value !== undefined && (name !== 'decision' || given('purpose') !== undefined))
      params.set(name, value)
  }
  if (search !== undefined && RECEIPT_ID.test(search.toLowerCase()))
    params.set('id', search.toLowerCase())
  else if (search !== undefined && VISITOR_ID.test(search)) params.set('visitor', search)

  const res = await options.receipts(
    new Request(new URL(`/api/receipts?${params.toString()}`, url), {
      headers: credentialsOf(req),
    }),
  )
  const digest = res.headers.get('x-temoin-digest') ?? ''
  const answer = res.ok ? undefined : await readAnswer<never>(res)
  const receipts: ExportedReceipt[] = res.ok
    ? (await res.text())
        .trim()
        .split('\n')
        .slice(1, -1)
        .map((line) => JSON.parse(line) as ExportedReceipt)
    : []
  const notSearchable = search !== undefined && !params.has('id') && !params.has('visitor')
  const purposes = Object.keys(policy.purposes)
  const selected = (a: string | undefined, b: string) => (a === b ? html` selected` : '')
  const csv = new URLSearchParams(params)
  csv.set('format', 'csv')

  const body = html`<header class="top">
      <h1>${t.records.title}</h1>
      <p><a href="/dashboard?site=${encodeURIComponent(site)}">${t.backToDashboard}</a></p>
    </header>
    <main class="records">
      <p>${t.records.about}</p>
      <form method="get" action="/dashboard/consent-records" class="controls">
        <label
          >${t.controls.site}
          <select name="site">
            ${sites.map((s) => html`<option value="${s}" ${selected(site, s)}>${s}</option>`)}
          </select></label
        >
        <label
          >${t.records.search}
          <input name="q" value="${search ?? ''}" size="45" aria-describedby="records-hint" />
        </label>
        <span id="records-hint" class="hint">${t.records.searchHint}</span>
        <label
          >${t.records.from} <input type="date" name="from" value="${given('from') ?? ''}"
        /></label>
        <label>${t.records.to} <input type="date" name="to" value="${given('to') ?? ''}" /></label>
        <label
          >${t.records.purpose}
          <select name="purpose">
            <option value="">${t.records.anyPurpose}</option>
            ${purposes.map((p) => html`<option value="${p}" ${selected(given('purpose'), p)}>${p}</option>`)}
          </select></label
        >
        <label
          >${t.records.decision}
          <select name="decision">
            <option value="granted" ${selected(given('decision'), 'granted')}>
              ${t.records.granted}
            </option>
            <option value="refused" ${selected(given('decision'), 'refused')}>
              ${t.records.refused}
            </option>
          </select></label
        >
        <button type="submit">${t.records.submit}</button>
      </form>
      ${notSearchable ? html`<div class="problem" role="alert"><p>${t.records.notSearchable}</p></div>` : ''}
      ${answer ? renderProblem(answer) : ''}
      ${
        res.ok
          ? html`<p>
                <strong data-records-count>${t.records.count(receipts.length)}</strong> ·
                ${t.records.digest}: <code data-records-digest>${digest}</code> ·
                <a href="/api/receipts?${csv.toString()}" download>${t.records.csv}</a>
              </p>
              <table class="records-table">
                <thead>
                  <tr>
                    ${t.records.columns.map((c) => html`<th scope="col">${c}</th>`)}
                  </tr>
                </thead>
                <tbody>
                  ${receipts.map(
                    (r) =>
                      html`<tr>
                        <td>${r.time.replace('T', ' ').replace(/\.\d{3}Z$/, '')}</td>
                        <td><code>${r.id}</code></td>
                        <td>${r.policyVersion}</td>
                        <td>${r.granted.join(', ') || t.cells.none}</td>
                        <td>${r.refused.join(', ') || t.cells.none}</td>
                        <td>
                          ${r.visitor === null ? t.cells.none : html`<code>${r.visitor}</code>`}
                        </td>
                        <td>${r.gpc ? t.cells.yes : t.cells.no}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
          : ''
      }
    </main>`
  const page = await renderShell({ title: t.records.title, body, lang: t.lang })
  const refused = answer && !answer.ok ? refusalOf(answer.error) : undefined
  return new Response(page.toString(), {
    status: refused?.status ?? 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      ...(refused ? { 'X-Temoin-Error': refused.code } : {}),
    },
  })
}
