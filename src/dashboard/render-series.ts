import { html } from 'hono/html'
import { INTERVALS, toSearch, type DashboardQuery } from './dashboard-query.js'
import { formatCell } from './format-cell.js'
import { jsonScript } from './json-script.js'
import type { Markup } from './page-shell.js'
import type { Answer, SeriesAnswer } from './stats-answers.js'

/** The series drawn, and their labels. */
const LINES = [
  ['visits', 'Visits'],
  ['pageviews', 'Page views'],
  ['visitors', 'Visitors (consenting)'],
] as const

/**
 * The time series: a chart drawn by the browser module with uPlot from the JSON beside it, the
 * bucket size to pick (links, so it works without script), a CSV link (these buckets and the
 * previous period's), and the same figures as a table for screen readers and for anyone without
 * script.
 *
 * @example renderSeries(answer, query)
 */
export function renderSeries(answer: Answer<SeriesAnswer>, query: DashboardQuery): Markup {
  if (!answer.ok) {
    return html`<section class="panel wide" id="panel-series" aria-labelledby="series-title">
      <h2 id="series-title">Over time</h2>
      <p class="panel-error" role="status">
        <strong>${answer.error.code}</strong> ${answer.error.message}
      </p>
    </section>`
  }
  const { rows, interval } = answer.value
  // The CSV holds the buckets shown (this interval) and the previous period's.
  const csv = `/api/stats/series?${toSearch(query, { interval, format: 'csv' })}`
  const data = {
    interval,
    times: rows.map((r) => Date.parse(r.time) / 1000),
    series: LINES.map(([key, label]) => ({
      key,
      label,
      values: rows.map((r) => (typeof r[key] === 'number' ? r[key] : null)),
    })),
  }
  return html`<section
    class="panel wide"
    id="panel-series"
    aria-labelledby="series-title"
    data-panel="series"
  >
    <div class="panel-head">
      <h2 id="series-title">Over time</h2>
      <a class="csv" href="${csv}" download
        >CSV<span class="visually-hidden"> of the figures over time</span></a
      >
      <nav class="intervals" aria-label="Bucket size">
        ${INTERVALS.map((i) =>
          i === interval
            ? html`<a aria-current="true" href="/dashboard?${toSearch({ ...query, interval: i })}"
                >${i}</a
              >`
            : html`<a href="/dashboard?${toSearch({ ...query, interval: i })}">${i}</a>`,
        )}
      </nav>
    </div>
    <div
      class="chart"
      id="series-chart"
      role="img"
      aria-label="Visits, page views and consenting visitors per ${interval}; the figures are in the table below."
    ></div>
    ${jsonScript('series-data', data)}
    <details>
      <summary>The figures, per ${interval}</summary>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Figures per ${interval}">
        <table>
          <thead>
            <tr>
              <th scope="col">Start (UTC)</th>
              ${LINES.map(([, label]) => html`<th scope="col" class="num">${label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr>
                  <th scope="row">${r.time}</th>
                  ${LINES.map(([key]) => html`<td class="num">${formatCell(r[key], key)}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </section>`
}
