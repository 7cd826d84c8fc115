import { html } from 'hono/html'
import { toSearch, withoutFilter, type DashboardQuery } from './dashboard-query.js'
import type { Markup } from './page-shell.js'
import { toDate } from '../lib/calendar-date.js'
import type { Policy } from '../policy/policy-schema.js'
import { DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js'

/** The period presets, in days ending today (UTC); their names are in dashboard-texts. */
const PRESET_DAYS = [1, 7, 30, 90, 365] as const

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
  readonly t?: DashboardTexts
}): Markup {
  const { query, range, sites, policy, now } = options
  const t = options.t ?? DASHBOARD_TEXTS.en
  const c = t.controls
  const today = toDate(now)
  const names = new Map(policy.sites.map((s) => [s.domain, s.name]))
  const noFilters: DashboardQuery = { ...query, filters: [] }
  const hidden = (q: DashboardQuery, skip: readonly string[]) =>
    [...new URLSearchParams(toSearch(q))]
      .filter(([k]) => !skip.includes(k))
      .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`)
  return html`<form class="site-picker" method="get" action="/dashboard">
      <label for="site">${c.site}</label>
      <select id="site" name="site" data-autosubmit>
        ${sites.map(
          (s) =>
            html`<option value="${s}" ${s === query.site ? html` selected` : ''}>
              ${names.get(s) ? `${names.get(s)} (${s})` : s}
            </option>`,
        )}
      </select>
      ${hidden(noFilters, ['site'])}
      <button type="submit">${c.show}</button>
    </form>
    <nav class="presets" aria-label="${c.period}">
      ${PRESET_DAYS.map((days, i) => {
        const label = c.presets[i]
        const from = toDate(now - (days - 1) * 86_400_000)
        const current = range?.from === from && range.to === today
        return html`<a
          href="/dashboard?${toSearch({ ...withoutInterval(query), from, to: today })}"
          ${current ? html` aria-current="true"` : ''}
          >${label}</a
        >`
      })}
    </nav>
    <form class="custom-range" method="get" action="/dashboard">
      <label for="from">${c.from}</label>
      <input
        id="from"
        name="from"
        type="date"
        value="${range?.from ?? query.from ?? ''}"
        required
      />
      <label for="to">${c.to}</label>
      <input id="to" name="to" type="date" value="${range?.to ?? query.to ?? ''}" required />
      ${hidden(query, ['from', 'to'])}
      <button type="submit">${c.showPeriod}</button>
    </form>
    ${
      query.filters.length === 0
        ? ''
        : html`<div class="filters" role="group" aria-label="${c.activeFilters}">
            <span>${c.filteredBy}</span>
            <ul>
              ${query.filters.map(
                ([dim, value]) =>
                  html`<li>
                    <span class="filter-name"
                      >${t.filters[dim] ?? dim}${t.lang === 'fr' ? ' :' : ':'}</span
                    >
                    <span class="filter-value">${value}</span>
                    <a
                      href="/dashboard?${toSearch(withoutFilter(query, dim))}"
                      data-remove-filter="${dim}"
                      >${c.remove}<span class="visually-hidden"
                        >${c.removeFilter(t.filters[dim] ?? dim)}</span
                      ></a
                    >
                  </li>`,
              )}
            </ul>
            <a href="/dashboard?${toSearch(noFilters)}">${c.removeAll}</a>
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
    ...(query.lang === undefined ? {} : { lang: query.lang }),
  }
}
