import { html } from 'hono/html'
import { toSearch, withoutFilter, type DashboardQuery } from './dashboard-query.js'
import type { Markup } from './page-shell.js'
import type { Policy } from '../policy/policy-schema.js'

/** The period presets, in days ending today (UTC). */
const PRESETS = [
  ['Today', 1],
  ['7 days', 7],
  ['30 days', 30],
  ['90 days', 90],
  ['12 months', 365],
] as const

const FILTER_LABELS: Readonly<Record<string, string>> = {
  page: 'Page',
  entry: 'Entry page',
  referrer: 'Referrer',
  utm_source: 'Campaign source',
  utm_medium: 'Campaign medium',
  utm_campaign: 'Campaign',
  country: 'Country',
  device: 'Device',
  browser: 'Browser',
  os: 'OS',
  event: 'Event',
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * The controls above the panels: the site, the period (presets, and a custom range), and the
 * active filters, each removable. Everything is a link or a GET form, so the URL always says
 * what is shown (bookmarkable, shareable) and the page works without its script.
 *
 * @example renderControls({ query, range, sites, policy, now })
 */
export function renderControls(options: {
  readonly query: DashboardQuery
  /** The range the stats API used (its defaults filled). */
  readonly range: { readonly from: string; readonly to: string } | undefined
  readonly sites: readonly string[]
  readonly policy: Policy
  readonly now: number
}): Markup {
  const { query, range, sites, policy, now } = options
  const today = day(now)
  const names = new Map(policy.sites.map((s) => [s.domain, s.name]))
  const noFilters: DashboardQuery = { ...query, filters: [] }
  const hidden = (q: DashboardQuery, skip: readonly string[]) =>
    [...new URLSearchParams(toSearch(q))]
      .filter(([k]) => !skip.includes(k))
      .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)
  return html`<form class="site-picker" method="get" action="/dashboard">
      <label for="site">Site</label>
      <select id="site" name="site" data-autosubmit>
        ${sites.map(
          (s) =>
            html`<option value="${s}" ${s === query.site ? html` selected` : ''}>
              ${names.get(s) ? `${names.get(s)} (${s})` : s}
            </option>`,
        )}
      </select>
      ${hidden(noFilters, ['site'])}
      <button type="submit">Show</button>
    </form>
    <nav class="presets" aria-label="Period">
      ${PRESETS.map(([label, days]) => {
        const from = day(now - (days - 1) * 86_400_000)
        const current = range?.from === from && range.to === today
        return html`<a
          href="/dashboard?${toSearch({ ...withoutInterval(query), from, to: today })}"
          ${current ? html` aria-current="true"` : ''}
          >${label}</a
        >`
      })}
    </nav>
    <form class="custom-range" method="get" action="/dashboard">
      <label for="from">From</label>
      <input
        id="from"
        name="from"
        type="date"
        value="${range?.from ?? query.from ?? ''}"
        required
      />
      <label for="to">To</label>
      <input id="to" name="to" type="date" value="${range?.to ?? query.to ?? ''}" required />
      ${hidden(query, ['from', 'to'])}
      <button type="submit">Show period</button>
    </form>
    ${
      query.filters.length === 0
        ? ''
        : html`<div class="filters" role="group" aria-label="Active filters">
            <span>Filtered by</span>
            <ul>
              ${query.filters.map(
                ([dim, value]) =>
                  html`<li>
                    <span class="filter-name">${FILTER_LABELS[dim] ?? dim}:</span>
                    <span class="filter-value">${value}</span>
                    <a
                      href="/dashboard?${toSearch(withoutFilter(query, dim))}"
                      data-remove-filter="${dim}"
                      >Remove<span class="visually-hidden">
                        the ${FILTER_LABELS[dim] ?? dim} filter</span
                      ></a
                    >
                  </li>`,
              )}
            </ul>
            <a href="/dashboard?${toSearch(noFilters)}">Remove all filters</a>
          </div>`
    }`
}

/** A preset picks its own bucket size (the API's default for the range). */
function withoutInterval(query: DashboardQuery): DashboardQuery {
  return {
    site: query.site,
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    filters: query.filters,
  }
}
