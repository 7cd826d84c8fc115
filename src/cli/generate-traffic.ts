import { addMonths } from '../protocol/months.js'
import type { StoredEvent } from '../store/store.js'
import { createSeededRandom } from '../lib/seeded-random.js'

/** What synthetic traffic to make. Dates are epoch ms. */
export interface TrafficOptions {
  readonly events: number
  /** Spread over this many months before `now`. */
  readonly months: number
  readonly now: number
  /** Same seed, same events. */
  readonly seed: number
  readonly sites: readonly string[]
  /** Cookie lifetime: a consenting visitor's id is renewed (a new visitor) when it runs out. */
  readonly lifetimeMonths: number
}

/**
 * Realistic synthetic traffic for demos and benchmarks: visitors who come back over weeks,
 * visits of a few page views with Zipf-distributed pages, search/social/direct referrers, UTM
 * campaigns, a French-speaking audience, phones and desktops, custom events, and about 60 % of
 * visitors who consented to statistics (the others have no visitor id). Deterministic for a seed.
 * Yields batches in no particular time order.
 *
 * @example for (const batch of generateTraffic({ events: 1e6, months: 12, now: Date.now(), seed: 1, sites: ['example.org'], lifetimeMonths: 13 }, 50_000)) await store.write({ events: batch, receipts: [] })
 */
export function* generateTraffic(
  options: TrafficOptions,
  batchSize = 50_000,
): Generator<StoredEvent[]> {
  const rng = createSeededRandom(options.seed)
  const start = addMonths(options.now, -options.months)
  const span = options.now - start
  const pick = <T>(table: readonly (readonly [T, number])[]): T => pickWeighted(table, rng())
  const sitePick = options.sites.map(
    (s, i) => [s, i === 0 ? 7 : 3 / Math.max(1, options.sites.length - 1)] as const,
  )
  let batch: StoredEvent[] = []
  let produced = 0

  const emit = (e: StoredEvent): boolean => {
    batch.push(e)
    produced++
    return produced >= options.events
  }
  const hex = () =>
    [rng(), rng(), rng(), rng()]
      .map((x) =>
        Math.floor(x * 2 ** 32)
          .toString(16)
          .padStart(8, '0'),
      )
      .join('')

  while (produced < options.events) {
    const site = pick(sitePick)
    const device = pick(DEVICES)
    const os = pick(device === 'desktop' ? DESKTOP_OS : MOBILE_OS)
    const browser = pick(BROWSERS[os] ?? [['Chrome', 1]])
    const country = pick(COUNTRIES)
    const consented = rng() < 0.6
    let visitor: string | null = null
    let expires = 0
    let t = start + dailyShape(rng) * span
    const visits = 1 + Math.floor(-Math.log(1 - rng()) * 1.8)
    for (let v = 0; v < visits && t < options.now && produced < options.events; v++) {
      if (consented && (visitor === null || t >= expires)) {
        visitor = `${Math.floor(t / 1000)}.${hex()}`
        expires = addMonths(Math.floor(t / 1000) * 1000, options.lifetimeMonths)
      }
      const pageviews = 1 + Math.floor(-Math.log(1 - rng()) * 2)
      let referrer: string = pick(REFERRERS)
      const campaign =
        rng() < 0.08
          ? `utm_source=newsletter&utm_medium=email&utm_campaign=${new Date(t).toISOString().slice(0, 7)}`
          : ''
      let at = t
      const base = { site, visitor, country, device, browser, os }
      for (let p = 0; p < pageviews && at < options.now; p++) {
        const path = pickPage(rng())
        if (
          emit({
            ...base,
            id: hex(),
            time: Math.floor(at),
            type: 'pageview',
            name: '',
            path,
            query: p === 0 ? campaign : '',
            referrer,
            props: {},
          })
        )
          break
        if (rng() < 0.12) {
          const [name, props] = pickCustomEvent(rng, path)
          if (
            emit({
              ...base,
              id: hex(),
              time: Math.floor(Math.min(at + 5_000, options.now - 1)),
              type: 'event',
              name,
              path,
              query: '',
              referrer: '',
              props,
            })
          )
            break
        }
        referrer = `https://${site}${path}`
        at += 10_000 + rng() * 120_000
      }
      if (batch.length >= batchSize) {
        yield batch
        batch = []
      }
      t += (0.5 + -Math.log(1 - rng()) * 9) * 86_400_000
    }
  }
  if (batch.length > 0) yield batch
}

/** A visit's start within [0, 1) of the period: more on weekdays and in daytime, growing traffic. */
function dailyShape(rng: () => number): number {
  for (;;) {
    const x = Math.sqrt(rng()) // audiences grow: later days are likelier
    const hour = (x * 24 * 400) % 24
    const weight = hour < 7 ? 0.15 : hour < 9 ? 0.6 : hour < 22 ? 1 : 0.4
    if (rng() < weight) return x
  }
}

function pickWeighted<T>(table: readonly (readonly [T, number])[], r: number): T {
  let total = 0
  for (const [, w] of table) total += w
  let x = r * total
  for (const [value, w] of table) {
    x -= w
    if (x < 0) return value
  }
  return table[table.length - 1]![0]
}

const ARTICLES = [
  'budget-participatif-2026',
  'rapport-annuel',
  'atelier-velo',
  'fete-du-quartier',
  'compost-collectif',
  'conseil-de-quartier',
  'jardins-partages',
  'repair-cafe',
  'bibliotheque-de-rue',
  'marche-de-noel',
  'benevolat',
  'assemblee-generale',
  'mobilites-douces',
  'ecole-et-numerique',
  'patrimoine-local',
  'concert-ete',
  'tri-selectif',
  'sante-et-sport',
  'aide-aux-devoirs',
  'petites-annonces',
]
const PAGES: readonly (readonly [string, number])[] = [
  '/',
  '/articles/',
  '/a-propos.html',
  '/contact.html',
  '/confidentialite.html',
  '/agenda.html',
  ...ARTICLES.map((a) => `/articles/${a}.html`),
].map((p, i) => [p, 1 / (i + 1) ** 1.1] as const)

function pickPage(r: number): string {
  return pickWeighted(PAGES, r)
}

function pickCustomEvent(
  rng: () => number,
  path: string,
): [string, Record<string, string | number | boolean>] {
  const r = rng()
  if (r < 0.4) return ['download', { file: '/docs/rapport-annuel-2026.pdf' }]
  if (r < 0.7) return ['outbound', { url: pickWeighted(OUTBOUND, rng()) }]
  if (r < 0.9) return ['newsletter-signup', { form: path === '/' ? 'home' : 'footer' }]
  return ['search', { results: Math.floor(rng() * 40) }]
}

const OUTBOUND = [
  ['https://www.service-public.fr/', 3],
  ['https://www.openstreetmap.org/', 2],
  ['https://fr.wikipedia.org/', 2],
] as const
const DEVICES = [
  ['desktop', 52],
  ['mobile', 42],
  ['tablet', 6],
] as const
const DESKTOP_OS = [
  ['Windows', 65],
  ['Mac OS', 22],
  ['Linux', 13],
] as const
const MOBILE_OS = [
  ['Android', 60],
  ['iOS', 40],
] as const
const BROWSERS: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  Windows: [
    ['Chrome', 62],
    ['Edge', 22],
    ['Firefox', 16],
  ],
  'Mac OS': [
    ['Safari', 50],
    ['Chrome', 40],
    ['Firefox', 10],
  ],
  Linux: [
    ['Firefox', 55],
    ['Chrome', 45],
  ],
  Android: [
    ['Chrome', 80],
    ['Samsung Browser', 14],
    ['Firefox', 6],
  ],
  iOS: [
    ['Mobile Safari', 85],
    ['Chrome', 15],
  ],
}
const COUNTRIES = [
  ['FR', 55],
  ['BE', 8],
  ['CA', 7],
  ['CH', 6],
  ['US', 6],
  ['DE', 4],
  ['GB', 3],
  ['MA', 3],
  ['SN', 2],
  ['ES', 2],
  ['IT', 2],
  ['', 2],
] as const
const REFERRERS = [
  ['', 45],
  ['https://www.google.com/', 25],
  ['https://duckduckgo.com/', 8],
  ['https://www.qwant.com/', 6],
  ['https://www.bing.com/', 5],
  ['https://news.ycombinator.com/', 5],
  ['https://www.linkedin.com/', 3],
  ['https://mastodon.social/', 3],
] as const
