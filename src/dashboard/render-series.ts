import { html } from 'hono/html'
import { INTERVALS, toApiSearch, toSearch, type DashboardQuery } from './dashboard-query.js'
import { DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js'
import { formatCell } from './format-cell.js'
import { jsonScript } from './json-script.js'
import type { Markup } from './page-shell.js'
import type { Answer, SeriesAnswer } from './stats-answers.js'

/** The series drawn, in order (their labels are in dashboard-texts). */
const LINES = ['visits', 'pageviews', 'visitors'] as const

/**
 * The time series: a chart drawn by the browser module with uPlot from the JSON beside it, the
 * bucket size to pick (links, so it works without script), a CSV link (these buckets and the
 * previous period's), and the same figures as a table for screen readers and for anyone without
 * script; every word in the page's language.
 *
 * @example renderSeries(answer, query, DASHBOARD_TEXTS.en)
 */
export function renderSeries(
  answer: Answer<SeriesAnswer>,
  query: DashboardQuery,
  t: DashboardTexts = DASHBOARD_TEXTS.en,
): Markup {
  if (!answer.ok) {
    return html`<section class="panel wide" id="panel-series" aria-labelledby="series-title">
      <h2 id="series-title">${t.series.title}</h2>
      <p class="panel-error" role="status">
        <strong>${answer.error.code}</strong> ${answer.error.message}
      </p>
    </section>`
  }
  const { rows, interval } = answer.value
  const per = t.intervals[interval]
  // The CSV holds the buckets shown (this interval) and the previous period's.
  const csv = `/api/stats/series?${toApiSearch(query, { interval, format: 'csv' })}`
  const data = {
    interval,
    lang: t.lang,
    timeLabel: t.series.start,
    times: rows.map((r) => Date.parse(r.time) / 1000),
    series: LINES.map((key) => ({
      key,
      label: t.series.lines[key],
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
      <h2 id="series-title">${t.series.title}</h2>
      <a class="csv" href="${csv}" download
        >CSV<span class="visually-hidden">${t.series.csvOf}</span></a
      >
      <nav class="intervals" aria-label="${t.series.bucketSize}">
        ${INTERVALS.map((i) =>
          i === interval
            ? html`<a aria-current="true" href="/dashboard?${toSearch({ ...query, interval: i })}"
                >${t.intervals[i]}</a
              >`
            : html`<a href="/dashboard?${toSearch({ ...query, interval: i })}"
                >${t.intervals[i]}</a
              >`,
        )}
      </nav>
    </div>
    <div class="chart" id="series-chart" role="img" aria-label="${t.series.chart(per)}"></div>
    ${jsonScript('series-data', data)}
    <details>
      <summary>${t.series.figuresPer(per)}</summary>
      <div class="table-wrap" tabindex="0" role="region" aria-label="${t.series.figuresPer(per)}">
        <table>
          <thead>
            <tr>
              <th scope="col">${t.series.start}</th>
              ${LINES.map((key) => html`<th scope="col" class="num">${t.series.lines[key]}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (r) =>
                html`<tr>
                  <th scope="row">${r.time}</th>
                  ${LINES.map((key) => html`<td class="num">${formatCell(r[key], key, t)}</td>`)}
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </details>
  </section>`
}
