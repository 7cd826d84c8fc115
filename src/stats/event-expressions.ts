import type { SqlDialect } from '../store/sql-dialect.js'
import type { Dimension } from './stats-types.js'

/** SQL expressions over one row of `events` that give the statistics their meaning. */
export interface EventExpressions {
  /** The referrer's host ('' when there is none). */
  readonly referrerHost: string
  /** A condition: the row starts a visit. */
  readonly isVisit: string
  /** 1 when the row starts a visit, else 0. */
  readonly visit: string
  /** 1 for a page view, 0 otherwise. */
  readonly pageview: string
  /** 1 for a custom event, 0 otherwise. */
  readonly event: string
  /** Each filterable dimension's value; NULL where the row has none (a page view's event name…). */
  readonly dimensions: Readonly<Record<Dimension, string>>
}

/** scheme://host — an IPv6 host keeps its brackets; the port is not part of the host. */
const HOST = '^[a-z][a-z0-9+.-]*://(\\[[^\\]]*\\]|[^/:]+)'

/**
 * The definitions of docs/api.md, as SQL (columns unqualified, or qualified with `alias`):
 * - a **visit** is a page view whose referrer is empty or not on the site: its host is neither
 *   the site's domain nor one of its sub-domains (a same-site referrer is an internal
 *   navigation; temoin.js sends the referrer of each page load);
 * - a visit's **referrer** is its referrer's host; its **entry** page is its path;
 * - **campaign** parameters are read from the query string the collector kept, still
 *   form-encoded (URLSearchParams writes one spelling per value; stats/ decodes for display).
 *
 * The same expressions build the raw queries and the rollups, so that both give one answer.
 *
 * @example const x = eventExpressions(store.dialect); `SELECT sum(${x.visit}) FROM events`
 */
export function eventExpressions(d: SqlDialect, alias = ''): EventExpressions {
  const c = (column: string) => (alias === '' ? column : `${alias}.${column}`)
  const referrerHost = d.extract(c('referrer'), HOST)
  const isVisit = `${c('type')} = 'pageview' AND (${c('referrer')} = '' OR NOT (${referrerHost} = ${c('site')} OR ${d.endsWith(referrerHost, `'.' || ${c('site')}`)}))`
  const utm = (key: string) => d.extract(c('query'), `(?:^|&)${key}=([^&]*)`)
  return {
    referrerHost,
    isVisit: `(${isVisit})`,
    visit: `CASE WHEN ${isVisit} THEN 1 ELSE 0 END`,
    pageview: `CASE WHEN ${c('type')} = 'pageview' THEN 1 ELSE 0 END`,
    event: `CASE WHEN ${c('type')} = 'event' THEN 1 ELSE 0 END`,
    dimensions: {
      page: c('path'),
      entry: `CASE WHEN ${isVisit} THEN ${c('path')} END`,
      referrer: `CASE WHEN ${isVisit} THEN ${referrerHost} END`,
      country: c('country'),
      device: c('device'),
      browser: c('browser'),
      os: c('os'),
      event: `CASE WHEN ${c('type')} = 'event' THEN ${c('name')} END`,
      utm_source: utm('utm_source'),
      utm_medium: utm('utm_medium'),
      utm_campaign: utm('utm_campaign'),
    },
  }
}
