import { html } from 'hono/html'
import { DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js'
import { formatCell, formatChange } from './format-cell.js'
import type { Markup } from './page-shell.js'
import type { Answer, SummaryAnswer } from './stats-answers.js'

/**
 * The summary: each figure with the previous period's and the change, in two groups that say
 * plainly whom they cover — everyone (visits, page views, events: anonymous measurement
 * included) or only the visitors who consented to statistics (visitors, new, returning).
 *
 * @example renderSummary(answer)
 */
export function renderSummary(
  answer: Answer<SummaryAnswer>,
  t: DashboardTexts = DASHBOARD_TEXTS.en,
): Markup {
  if (!answer.ok) return html``
  const { metrics, previous } = answer.value
  const group = (coverage: 'all' | 'consenting', title: string, about: string) => {
    const own = metrics.filter((m) => m.coverage === coverage)
    if (own.length === 0) return ''
    return html`<section class="summary-group ${coverage}" aria-labelledby="summary-${coverage}">
      <h2 id="summary-${coverage}">${title}</h2>
      <p class="about">${about}</p>
      <dl class="metrics">
        ${own.map((m) => {
          const change = formatChange(m.value, m.previous, t)
          return html`<div class="metric" data-metric="${m.key}">
            <dt>${t.metrics[m.key] ?? m.label}</dt>
            <dd class="value">${formatCell(m.value, m.key, t)}</dd>
            <dd class="change ${change.direction}">
              ${change.text}
              <span class="previous">${t.summary.before(formatCell(m.previous, m.key, t))}</span>
            </dd>
          </div>`
        })}
      </dl>
    </section>`
  }
  return html`<div class="summary" id="panel-summary">
    ${group('all', t.summary.everyone, t.summary.everyoneAbout)}
    ${group('consenting', t.summary.consenting, t.summary.consentingAbout)}
    <p class="compare">${t.summary.compared(previous.from, previous.to)}</p>
  </div>`
}
