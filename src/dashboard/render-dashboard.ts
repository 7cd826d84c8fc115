import { html } from 'hono/html'
import type { DashboardDeps } from './create-dashboard.js'
import { ERROR_CATALOGUE, type ErrorCode } from '../lib/app-error.js'
import { dashboardPanels } from './dashboard-panels.js'
import {
  readDashboardQuery,
  toApiSearch,
  toSearch,
  type DashboardQuery,
} from './dashboard-query.js'
import { DASHBOARD_LANGUAGES, DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js'
import { formatCell } from './format-cell.js'
import { renderShell, type Markup } from './page-shell.js'
import { renderControls } from './render-controls.js'
import { renderSeries } from './render-series.js'
import { renderSummary } from './render-summary.js'
import { renderTable } from './render-table.js'
import { loginPath } from './to-return-path.js'
import {
  readAnswer,
  type Answer,
  type ErrorAnswer,
  type RealtimeAnswer,
  type SeriesAnswer,
  type SummaryAnswer,
  type TableAnswer,
} from './stats-answers.js'

/** Rows a panel shows; its CSV link holds up to 1000. */
const ROWS_SHOWN = '10'

/** The stats API calls of a page besides its table panels. */
const OVERVIEW_CALLS = 3

/**
 * How many stats API queries the page for `query` makes: the summary, the series, the last 30
 * minutes, and one per table panel (16, or 17 with an event filter). The read limit charges a
 * page that many.
 *
 * @example countPageQueries(readDashboardQuery(url, [])) // 16
 */
export function countPageQueries(query: DashboardQuery): number {
  return OVERVIEW_CALLS + dashboardPanels(query).length
}

/**
 * The dashboard page for a request: every panel's figures are read from the stats API
 * in-process, in parallel, with the caller's own credentials (so the page can show nothing the
 * API would refuse), then rendered on the server with every value escaped. The chart's data
 * rides along as JSON for the browser module.
 *
 * @example return renderDashboard(req, { ...deps, sites, loggedIn: true })
 */
export async function renderDashboard(
  req: Request,
  options: DashboardDeps & {
    readonly sites: readonly string[]
    readonly loggedIn: boolean
    readonly t: DashboardTexts
  },
): Promise<Response> {
  const { sites, loggedIn, policy, clock, t } = options
  const url = new URL(req.url)
  const query = readDashboardQuery(url, sites)
  const call = async <T>(endpoint: string, extra: Record<string, string> = {}) => {
    const api = new URL(`/api/stats/${endpoint}?${toApiSearch(query, extra)}`, url)
    return readAnswer<T>(await options.stats(new Request(api, { headers: credentialsOf(req) })))
  }
  const panels = dashboardPanels(query, t)
  const [summary, series, realtime, ...tables] = await Promise.all([
    call<SummaryAnswer>('summary'),
    call<SeriesAnswer>('series'),
    call<RealtimeAnswer>('realtime'),
    ...panels.map((p) => call<TableAnswer>(p.endpoint, { ...p.extra, limit: ROWS_SHOWN })),
  ])
  const range = summary.ok ? { from: summary.value.from, to: summary.value.to } : undefined
  const name = policy.sites.find((s) => s.domain === query.site)?.name ?? query.site
  const body = html`<header class="top">
      <h1>${name} <span class="range">${range ? `${range.from} – ${range.to}` : ''}</span></h1>
      ${renderLanguages(query, t)}
      ${
        loggedIn
          ? html`<a href="/dashboard/consent-records?site=${encodeURIComponent(query.site)}"
                >${t.records.title}</a
              >
              <a href="/dashboard/policy-versions">${t.versions.title}</a>
              <form method="post" action="/dashboard/logout">
                <button type="submit" class="link">${t.logOut}</button>
              </form>`
          : html`<a href="${loginPath(`${url.pathname}${url.search}`)}">${t.logIn}</a>`
      }
    </header>
    <main>
      <div class="controls">
        ${renderControls({ query, range, sites, policy, now: clock.now(), t })}
      </div>
      ${summary.ok ? '' : renderProblem(summary)}
      <div class="overview">${renderRealtime(realtime, query, t)} ${renderSummary(summary, t)}</div>
      ${renderSeries(series, query, t)}
      <div class="panels">
        ${panels.map((p, i) => renderTable(p, tables[i] as Answer<TableAnswer>, query, t))}
      </div>
    </main>
    <footer>
      <p>Témoin · ${t.footer}</p>
    </footer>`
  const page = await renderShell({ title: name, body, script: true, lang: t.lang })
  if (summary.ok)
    return new Response(page.toString(), {
      status: 200,
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    })
  // The page shows the API's refusal; its status and code say it too, as every refusal does.
  const refused = refusalOf(summary.error)
  return new Response(page.toString(), {
    status: refused.status,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'X-Temoin-Error': refused.code },
  })
}

/** Links to the same view in each other language (`?lang=`), each named in its own language. */
function renderLanguages(query: DashboardQuery, t: DashboardTexts): Markup {
  const others = DASHBOARD_LANGUAGES.filter((l) => l !== t.lang)
  return html`<nav class="languages" aria-label="${t.languages}">
    ${others.map(
      (l) =>
        html`<a href="/dashboard?${toSearch({ ...query, lang: l })}" lang="${l}" hreflang="${l}"
          >${DASHBOARD_TEXTS[l].name}</a
        >`,
    )}
  </nav>`
}

function renderRealtime(
  answer: Answer<RealtimeAnswer>,
  query: DashboardQuery,
  t: DashboardTexts,
): Markup {
  const src = `/api/stats/realtime?${toApiSearch(query)}`
  if (!answer.ok) return html``
  const { visits, pageviews, minutes } = answer.value
  return html`<section
    class="realtime"
    id="panel-realtime"
    aria-labelledby="realtime-title"
    data-realtime-src="${src}"
  >
    <h2 id="realtime-title">${t.realtime(minutes)}</h2>
    <p aria-live="polite">
      <span class="big" data-realtime="visits">${formatCell(visits, 'visits', t)}</span>
      ${t.visitsWord},
      <span data-realtime="pageviews">${formatCell(pageviews, 'pageviews', t)}</span>
      ${t.pageviewsWord}
    </p>
  </section>`
}

/**
 * The caller's credentials (session cookie, API token), for the APIs a page reads in-process:
 * the page sees what its caller may read, no more.
 */
export function credentialsOf(req: Request): Headers {
  const headers = new Headers()
  for (const name of ['cookie', 'authorization']) {
    const value = req.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  return headers
}

/** An API refusal on the page: its code, message, field and what to do. */
export function renderProblem(answer: Answer<unknown>): Markup {
  if (answer.ok) return html``
  const { code, message, where, fix } = answer.error
  return html`<div class="problem" role="alert">
    <p><strong>${code}</strong> ${message}${where ? html` (<code>${where}</code>)` : ''}</p>
    <p>${fix}</p>
  </div>`
}

/**
 * The status and code of a page whose summary the API refused: the API's own. An answer without
 * a catalogue code breaks the API's contract (every refusal has one): a bug, 500 INTERNAL.
 */
export function refusalOf(error: ErrorAnswer): { status: number; code: ErrorCode } {
  return Object.hasOwn(ERROR_CATALOGUE, error.code)
    ? { status: ERROR_CATALOGUE[error.code as ErrorCode].status, code: error.code as ErrorCode }
    : { status: 500, code: 'INTERNAL' }
}
