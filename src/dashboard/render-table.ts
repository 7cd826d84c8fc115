import { html } from 'hono/html'
import {
  isFilterDimension,
  toApiSearch,
  toSearch,
  withFilter,
  type DashboardQuery,
} from './dashboard-query.js'
import { columnLabel, DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js'
import { formatCell } from './format-cell.js'
import type { Markup } from './page-shell.js'
import type { Answer, StatsColumn, TableAnswer } from './stats-answers.js'

/** One table panel of the page. */
export interface TablePanel {
  /** The stats API endpoint: `/api/stats/<endpoint>`. */
  readonly endpoint: string
  readonly title: string
  /** What the figures mean, in a sentence. */
  readonly about: string
  /** Extra API parameters (e.g. `event` for event-props). */
  readonly extra?: Readonly<Record<string, string>>
}

/**
 * A table panel: its title, a CSV link (the whole table, not just the rows shown), a note on who
 * its figures cover, and its rows. The cell of the row's dimension links to the same dashboard
 * with that filter added, so a click narrows every panel and the URL says so. Every value is
 * escaped by the template: paths, referrers and event names are whatever visitors' browsers sent.
 *
 * @example renderTable(panel, answer, query)
 */
export function renderTable(
  panel: TablePanel,
  answer: Answer<TableAnswer>,
  query: DashboardQuery,
  t: DashboardTexts = DASHBOARD_TEXTS.en,
): Markup {
  const id = `panel-${panel.endpoint}`
  const csv = `/api/stats/${panel.endpoint}?${toApiSearch(query, { ...panel.extra, limit: '1000', format: 'csv' })}`
  const head = html`<div class="panel-head">
      <h2 id="${id}-title">${panel.title}</h2>
      <a class="csv" href="${csv}" download
        >CSV<span class="visually-hidden">${t.table.csvOf(panel.title)}</span></a
      >
    </div>
    <p class="about">${panel.about}</p>`
  if (!answer.ok) {
    return html`<section class="panel" id="${id}" aria-labelledby="${id}-title">
      ${head}
      <p class="panel-error" role="status">
        <strong>${answer.error.code}</strong> ${answer.error.message}
      </p>
    </section>`
  }
  const { columns, rows } = answer.value
  const filter = answer.value.filter
  const dim = isFilterDimension(filter) ? filter : null
  // A click applies the panel's filter with the row's first column as its value (docs/api.md).
  const linkKey = columns[0]?.key
  const consenting = columns.some((c) => c.coverage === 'consenting')
  const body =
    rows.length === 0
      ? html`<p class="empty">${t.table.empty}</p>`
      : html`<div
          class="table-wrap"
          tabindex="0"
          role="region"
          aria-label="${t.table.region(panel.title)}"
        >
          <table>
            <thead>
              <tr>
                ${columns.map((c, i) => html`<th scope="col" ${i > 0 ? html` class="num"` : ''}>${headLabel(t, panel.endpoint, c)}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${rows.map((row) => {
                const cells = columns.map((c, i) => {
                  const text = formatCell(row[c.key], c.key, t)
                  const raw = row[c.key]
                  const content =
                    dim !== null && c.key === linkKey && raw !== null && raw !== undefined
                      ? html`<a
                          href="/dashboard?${toSearch(withFilter(query, dim, String(raw)))}"
                          data-filter="${dim}"
                          >${text}</a
                        >`
                      : text
                  return i === 0
                    ? html`<th scope="row" title="${text}">${content}</th>`
                    : html`<td class="num">${content}</td>`
                })
                return html`<tr>
                  ${cells}
                </tr>`
              })}
            </tbody>
          </table>
        </div>`
  return html`<section
    class="panel"
    id="${id}"
    aria-labelledby="${id}-title"
    data-panel="${panel.endpoint}"
  >
    ${head} ${body}
    ${consenting ? html`<p class="legend"><span class="tag consenting">${t.table.consentingTag}</span> ${t.table.consentingLegend}</p>` : ''}
  </section>`
}

function headLabel(t: DashboardTexts, panel: string, c: StatsColumn): Markup {
  const label = columnLabel(t, panel, c)
  return c.coverage === 'consenting'
    ? html`${label} <span class="tag consenting">${t.table.consentingTag}</span>`
    : html`${label}`
}
