import { periodOf } from '../../src/stats/stats-period.js'
import type { StatsQuery } from '../../src/stats/stats-query.js'
import type { ConsentReceipt, StoredEvent } from '../../src/store/store.js'
import { consentReceipt, storedEvent } from './fixtures.js'

/**
 * Fixed events and receipts with known answers, for the stats tests. The period under test is
 * 2026-03-01 → 2026-03-30 (30 days, UTC); the previous one 2026-01-30 → 2026-02-28. Every figure
 * the tests expect is counted by hand in src/stats/stats-queries.test.ts from the list below.
 */
export const STATS_NOW = Date.parse('2026-03-31T12:00:00.000Z')
export const SITE = 'example.org'

const at = (iso: string) => Date.parse(iso)
/** A visitor id deposited at `iso` (the id carries its first deposit, in seconds). */
const visitorAt = (iso: string, letter: string) =>
  `${Math.floor(at(iso) / 1000)}.${letter.repeat(32)}`

export const VISITORS = {
  /** New in the period: deposited 2 March. Mobile, iOS, FR. */
  A: visitorAt('2026-03-02T09:00:00Z', 'a'),
  /** Returning: deposited 15 January. Desktop, Windows, Edge, BE. */
  B: visitorAt('2026-01-15T08:00:00Z', 'b'),
  /** Returning: deposited 10 February (new in the previous period). Desktop, Linux, FR. */
  C: visitorAt('2026-02-10T12:00:00Z', 'c'),
  /** New: deposited 20 March. Tablet, Android, Chrome, CA. */
  D: visitorAt('2026-03-20T10:00:00Z', 'd'),
  /** New: deposited 21 March, six daily visits. Desktop, Mac OS, Safari, FR. */
  E: visitorAt('2026-03-21T07:00:00Z', 'e'),
} as const

const A = {
  visitor: VISITORS.A,
  country: 'FR',
  device: 'mobile',
  browser: 'Mobile Safari',
  os: 'iOS',
}
const B = { visitor: VISITORS.B, country: 'BE', device: 'desktop', browser: 'Edge', os: 'Windows' }
const C = { visitor: VISITORS.C, country: 'FR', device: 'desktop', browser: 'Firefox', os: 'Linux' }
const D = { visitor: VISITORS.D, country: 'CA', device: 'tablet', browser: 'Chrome', os: 'Android' }
const E = { visitor: VISITORS.E, country: 'FR', device: 'desktop', browser: 'Safari', os: 'Mac OS' }
const ANON = { visitor: null, country: '', device: 'desktop', browser: 'Firefox', os: 'Linux' }

const pv = (iso: string, who: Partial<StoredEvent>, path: string, referrer = '', query = '') =>
  storedEvent({ ...who, time: at(iso), type: 'pageview', path, referrer, query })
const ev = (
  iso: string,
  who: Partial<StoredEvent>,
  name: string,
  path: string,
  props: StoredEvent['props'],
) => storedEvent({ ...who, time: at(iso), type: 'event', name, path, props })

/** The events, by the names the tests use in their hand counts. */
export const EVENTS = {
  // In the period.
  e14: pv('2026-03-01T00:00:00.000Z', ANON, '/'), // first millisecond: a visit
  e1: pv(
    '2026-03-02T09:00:00Z',
    A,
    '/',
    'https://www.google.com/search',
    // As the collector keeps it: URLSearchParams' spelling.
    new URLSearchParams({
      utm_source: 'news letter',
      utm_medium: 'email',
      utm_campaign: 'printemps été',
    }).toString(),
  ),
  // Internal navigation, and a campaign on a page that is not a visit (ignored by campaigns).
  e2: pv('2026-03-02T09:05:00Z', A, '/a', 'https://example.org/', 'utm_source=x'),
  e3: ev('2026-03-02T09:06:00Z', A, 'download', '/a', { file: '/f.pdf', size: 12 }),
  e4: pv('2026-03-02T18:30:00Z', A, '/'),
  // A sub-domain of the site is internal too.
  e6: pv('2026-03-03T11:00:00Z', B, '/a', 'https://www.example.org/a'),
  e5: pv('2026-03-04T10:00:00Z', A, '/a', 'https://news.example/story'),
  e7: pv('2026-03-10T08:00:00Z', B, '/'),
  e8: ev('2026-03-10T08:01:00Z', B, 'signup', '/', { plan: '=cmd|calc' }),
  e9: pv('2026-03-15T12:00:00Z', ANON, '/', 'https://www.google.com/'),
  e10: pv('2026-03-15T12:01:00Z', ANON, '/b,"quoted"', 'https://example.org/'),
  e11: ev('2026-03-15T12:02:00Z', ANON, 'download', '/b,"quoted"', { file: '/g.pdf' }),
  e16a: pv('2026-03-20T10:00:00Z', D, '/'),
  e16b: pv('2026-03-20T10:30:00Z', D, '/a', 'https://duckduckgo.com/'),
  eE1: pv('2026-03-21T07:00:00Z', E, '/'),
  eE2: pv('2026-03-22T07:00:00Z', E, '/'),
  eE3: pv('2026-03-23T07:00:00Z', E, '/'),
  eE4: pv('2026-03-24T07:00:00Z', E, '/'),
  eE5: pv('2026-03-25T07:00:00Z', E, '/'),
  eE6: pv('2026-03-26T07:00:00Z', E, '/'),
  e12: pv('2026-03-30T23:59:59.999Z', C, '/'), // last millisecond of the period
  // After the period: only realtime sees the last two (now = 31 March 12:00).
  e13: pv('2026-03-31T00:00:00.000Z', ANON, '/'),
  rt3: pv('2026-03-31T11:20:00Z', ANON, '/'),
  rt1: pv('2026-03-31T11:45:00Z', ANON, '/'),
  rt2: pv('2026-03-31T11:50:00Z', ANON, '/a', 'https://example.org/'),
  // Another site, in the period.
  e15: storedEvent({ ...A, site: 'other.example', time: at('2026-03-05T10:00:00Z'), path: '/' }),
  // The previous period.
  p1: pv('2026-02-20T10:00:00Z', B, '/'),
  p2: pv('2026-02-10T12:00:00Z', C, '/', 'https://www.bing.com/'),
  p3: pv('2026-02-28T23:00:00Z', ANON, '/a', 'https://example.org/'),
  p4: ev('2026-01-30T00:00:00.000Z', ANON, 'download', '/', { file: '/f.pdf' }),
  p5: pv('2026-01-29T23:59:00Z', ANON, '/'), // before both periods
} satisfies Record<string, StoredEvent>

const receipt = (
  iso: string,
  policyVersion: string,
  granted: string[],
  refused: string[],
  site = SITE,
) =>
  consentReceipt({
    time: at(iso),
    deposit: at(iso),
    site,
    policyVersion,
    granted,
    refused,
    visitor: null,
  })

export const RECEIPTS = {
  r1: receipt('2026-03-02T09:00:00Z', '2026-03', ['statistics'], ['advertising']),
  r2: receipt('2026-03-05T09:00:00Z', '2026-03', [], ['statistics', 'advertising']),
  r3: receipt('2026-03-10T09:00:00Z', '2026-01', ['statistics', 'advertising'], []),
  r6: receipt('2026-03-12T09:00:00Z', '2025-12', [], ['statistics']),
  r4: receipt('2026-02-20T09:00:00Z', '2026-01', ['statistics'], ['advertising']),
  r5: receipt('2026-03-03T09:00:00Z', '2026-03', ['statistics'], ['advertising'], 'other.example'),
} satisfies Record<string, ConsentReceipt>

/** The fixtures as three batches, out of time order (as late beacons arrive). */
export function fixtureBatches(): { events: StoredEvent[]; receipts: ConsentReceipt[] }[] {
  const events = Object.values(EVENTS).reverse()
  const receipts = Object.values(RECEIPTS)
  return [
    { events: events.slice(0, 10), receipts: receipts.slice(0, 2) },
    { events: events.slice(10, 11), receipts: [] },
    { events: events.slice(11), receipts: receipts.slice(2) },
  ]
}

/**
 * A stats query over the fixtures' period, 1 → 30 March 2026 (or the `from`/`to` given, with
 * their period), asked at STATS_NOW.
 *
 * @example await STATS_ENDPOINTS.pages(store, fixtureQuery({ limit: 5 }))
 */
export function fixtureQuery(overrides: Partial<StatsQuery> = {}): StatsQuery {
  const from = overrides.from ?? '2026-03-01'
  const to = overrides.to ?? '2026-03-30'
  return {
    site: SITE,
    interval: 'day',
    limit: 100,
    filters: {},
    now: STATS_NOW,
    ...overrides,
    from,
    to,
    ...periodOf(from, to),
  }
}
