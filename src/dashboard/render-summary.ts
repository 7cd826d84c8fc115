import { html } from 'hono/html'
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
export function renderSummary(answer: Answer<SummaryAnswer>): Markup {
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
          const change = formatChange(m.value, m.previous)
          return html`<div class="metric" data-metric="${m.key}">
            <dt>${m.label}</dt>
            <dd class="value">${formatCell(m.value, m.key)}</dd>
            <dd class="change ${change.direction}">
              ${change.text} <span class="previous">(${formatCell(m.previous, m.key)} before)</span>
            </dd>
          </div>`
        })}
      </dl>
    </section>`
  }
  return html`<div class="summary" id="panel-summary">
    ${group('all', 'Everyone', 'Every visit and page view, with or without consent (anonymous measurement included).')}
    ${group('consenting', 'Consenting visitors only', 'Only visitors who consented to statistics carry an identifier: unique, new and returning visitors are counted among them alone.')}
    <p class="compare">Compared with ${previous.from} – ${previous.to}.</p>
  </div>`
}
