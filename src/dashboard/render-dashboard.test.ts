import { describe, expect, it } from 'vitest'
import type { Auth } from '../auth/create-auth.js'
import { reject } from '../collector/reject.js'
import { AppError } from '../lib/app-error.js'
import { createBoundedQueue, type BoundedQueue } from '../lib/bounded-queue.js'
import { createFakeClock } from '../lib/clock.js'
import { loadTestConfig } from '../../test/helpers/collector-harness.js'
import { createDashboard } from './create-dashboard.js'
import { readDashboardQuery } from './dashboard-query.js'
import { countPageQueries } from './render-dashboard.js'

/**
 * The page's rendering, from stats API answers of the shape docs/api.md gives (the API's own
 * tests prove the figures; the Chromium tests run the page on the real API). What is checked
 * here: every panel is there, values are escaped, each row links to its filter, CSV links, and
 * the summary says whom each figure covers.
 */
const XSS = `"><script>alert(1)</script><img src=x onerror=alert(2)>`
const SITE = 'demo.temoin.example'

function table(panel: string, filter: string | null, first: string, values: string[]) {
  return {
    panel,
    filter,
    columns: [
      { key: first, label: first, coverage: 'all' },
      { key: 'visits', label: 'Visits', coverage: 'all' },
      { key: 'visitors', label: 'Visitors', coverage: 'consenting' },
    ],
    rows: values.map((v, i) => ({ [first]: v, visits: 100 - i, visitors: 10 - i })),
  }
}

const ANSWERS: Record<string, unknown> = {
  summary: {
    site: SITE,
    from: '2026-10-28',
    to: '2026-11-26',
    previous: { from: '2026-09-28', to: '2026-10-27' },
    filters: {},
    metrics: [
      { key: 'visits', label: 'Visits', coverage: 'all', value: 1200, previous: 1000 },
      { key: 'pageviews', label: 'Page views', coverage: 'all', value: 3000, previous: 3100 },
      { key: 'visitors', label: 'Visitors', coverage: 'consenting', value: 400, previous: 0 },
    ],
  },
  series: {
    interval: 'day',
    rows: [
      { time: '2026-11-25T00:00:00.000Z', visits: 3, pageviews: 5, visitors: 1 },
      { time: '2026-11-26T00:00:00.000Z', visits: 4, pageviews: 9, visitors: 2 },
    ],
  },
  realtime: { site: SITE, minutes: 30, visits: 7, pageviews: 12, since: '2026-11-26T09:30:00Z' },
  pages: table('pages', 'page', 'page', ['/', `/a${XSS}`]),
  entries: table('entries', 'entry', 'entry', ['/']),
  referrers: table('referrers', 'referrer', 'referrer', [`https://x.example/${XSS}`]),
  campaigns: table('campaigns', 'utm_campaign', 'utm_source', ['news']),
  countries: table('countries', 'country', 'country', ['FR']),
  devices: table('devices', 'device', 'device', ['desktop']),
  browsers: table('browsers', 'browser', 'browser', ['Chrome']),
  os: table('os', 'os', 'os', ['Windows']),
  events: table('events', 'event', 'name', [`signup${XSS}`]),
  'event-props': table('event-props', null, 'property', [`plan${XSS}`]),
  frequency: table('frequency', null, 'visits_per_visitor', ['1', '2']),
  recency: table('recency', null, 'days', ['0']),
  consents: {
    panel: 'consents',
    filter: null,
    columns: [
      { key: 'purpose', label: 'Purpose' },
      { key: 'granted', label: 'Granted' },
      { key: 'refused', label: 'Refused' },
      { key: 'rate', label: 'Rate' },
    ],
    rows: [{ purpose: 'statistics', granted: 3, refused: 1, rate: 0.75 }],
  },
  'consent-versions': table('consent-versions', null, 'version', ['2026-11']),
}

async function page(
  search: string,
  queries: Pick<BoundedQueue, 'hasRoom'> = { hasRoom: () => true },
  headers: Record<string, string> = {},
  answer: (name: string) => Response = (name) => Response.json(ANSWERS[name]),
) {
  const config = await loadTestConfig()
  const asked: URL[] = []
  const auth = {
    identify: () => Promise.resolve({ kind: 'session' as const }),
    readableSites: () => Promise.resolve([SITE, 'localhost']),
  } as unknown as Auth
  const dashboard = createDashboard({
    auth,
    policy: config.policy,
    clock: createFakeClock('2026-11-26T10:00:00Z'),
    clientAddress: () => undefined,
    readLimit: { take: () => Promise.resolve(null) },
    assets: new Map(),
    queries,
    // The consent records are not what these tests read.
    receipts: () => Promise.resolve(Response.json({})),
    policyVersions: [],
    stats: (req) => {
      const url = new URL(req.url)
      asked.push(url)
      const name = url.pathname.replace('/api/stats/', '')
      return Promise.resolve(answer(name))
    },
  })
  const res = await dashboard.fetch(
    new Request(`http://127.0.0.1:8080/dashboard?${search}`, { headers }),
  )
  return { res, html: await res.text(), asked }
}

describe('the dashboard page', () => {
  it('refused by the API, says so in its status and X-Temoin-Error, as every refusal does', async () => {
    const invalid = new AppError('STATS_QUERY_INVALID', 'site: not one of the policy’s sites.', {
      where: 'site',
    })
    const refused = await page(`site=nowhere.example`, undefined, {}, () => reject(invalid))
    expect(refused.res.status).toBe(400)
    expect(refused.res.headers.get('x-temoin-error')).toBe('STATS_QUERY_INVALID')
    expect(refused.res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(refused.html).toContain('STATS_QUERY_INVALID')
    // An answer without a catalogue code breaks the API's contract: the page's bug, not the client's.
    const broken = await page(
      `site=${SITE}`,
      undefined,
      {},
      () => new Response('oops', { status: 418 }),
    )
    expect(broken.res.status).toBe(500)
    expect(broken.res.headers.get('x-temoin-error')).toBe('INTERNAL')
    // A page shown whole carries no error code.
    const shown = await page(`site=${SITE}`)
    expect(shown.res.status).toBe(200)
    expect(shown.res.headers.get('x-temoin-error')).toBeNull()
  })

  it('makes exactly the queries the read limit charges it (countPageQueries)', async () => {
    for (const search of [`site=${SITE}`, `site=${SITE}&filter.event=signup`]) {
      const { asked } = await page(search)
      const query = readDashboardQuery(new URL(`http://x/dashboard?${search}`), [SITE])
      expect(asked.length, search).toBe(countPageQueries(query))
    }
    expect(countPageQueries(readDashboardQuery(new URL('http://x/dashboard'), []))).toBe(16)
  })

  it('is refused whole (503 STATS_BUSY, Retry-After, nothing asked) when the line of queries cannot hold its queries; shown when it can', async () => {
    const line = createBoundedQueue({ concurrency: 1, queue: 16 })
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    // 17 places: a page of 16 fits, one of 17 (an event filter) does not while one is taken.
    const holder = line.run(() => held)
    const busy = await page(`site=${SITE}&filter.event=signup`, line)
    expect(busy.res.status).toBe(503)
    expect(busy.res.headers.get('retry-after')).toBe('2')
    expect(busy.res.headers.get('x-temoin-error')).toBe('STATS_BUSY')
    expect(busy.asked).toEqual([])
    expect(busy.html).toContain('STATS_BUSY')
    expect(busy.html).toContain('server.dashboard.queryQueue')
    const fits = await page(`site=${SITE}`, line)
    expect(fits.res.status).toBe(200)
    expect(fits.asked).toHaveLength(16)
    release()
    await holder
    expect((await page(`site=${SITE}&filter.event=signup`, line)).res.status).toBe(200)
  })

  it('has every panel, and asks the API for each with the page’s site, period and filters', async () => {
    const { res, html, asked } = await page(
      `site=${SITE}&from=2026-10-28&to=2026-11-26&filter.event=signup&filter.country=FR`,
    )
    expect(res.status).toBe(200)
    for (const id of [
      'summary',
      'series',
      'realtime',
      'pages',
      'entries',
      'referrers',
      'campaigns',
      'countries',
      'devices',
      'browsers',
      'os',
      'events',
      'event-props',
      'frequency',
      'recency',
      'consents',
      'consent-versions',
    ]) {
      expect(html, id).toContain(`id="panel-${id}"`)
    }
    const pages = asked.find((u) => u.pathname === '/api/stats/pages')!
    expect(Object.fromEntries(pages.searchParams)).toEqual({
      site: SITE,
      from: '2026-10-28',
      to: '2026-11-26',
      'filter.event': 'signup',
      'filter.country': 'FR',
      limit: '10',
    })
    expect(
      asked.find((u) => u.pathname === '/api/stats/event-props')?.searchParams.get('event'),
    ).toBe('signup')
  })

  it('escapes every value sent by visitors: no markup gets through', async () => {
    const { html } = await page(`site=${SITE}&filter.event=${encodeURIComponent(XSS)}`)
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('<img src=x')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    // The only scripts are our module and the chart's JSON.
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      '<script type="module" src="/dashboard/assets/dashboard.js">',
      '<script type="application/json" id="series-data">',
    ])
  })

  it('escapes every parameter of the URL it reflects (site, period, interval, every filter)', async () => {
    const x = encodeURIComponent(XSS)
    const filters = ['page', 'entry', 'referrer', 'utm_source', 'utm_campaign', 'country', 'event']
    const { html } = await page(
      `site=${x}&from=${x}&to=${x}&interval=${x}&${filters.map((f) => `filter.${f}=${x}`).join('&')}`,
    )
    expect(html).not.toContain('<script>alert')
    expect(html).not.toContain('<img src=x')
    expect(html).not.toMatch(/"><script/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      '<script type="module" src="/dashboard/assets/dashboard.js">',
      '<script type="application/json" id="series-data">',
    ])
    // Every link the page makes stays on the dashboard or the stats API.
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
      expect(href).toMatch(/^\/(dashboard|api\/stats\/)/)
    }
  })

  it('links each row to the same view with its filter added, and each table and the series to its CSV', async () => {
    const { html } = await page(`site=${SITE}&from=2026-10-28&to=2026-11-26`)
    expect(html).toContain(
      `href="/dashboard?site=${SITE}&amp;from=2026-10-28&amp;to=2026-11-26&amp;filter.country=FR"`,
    )
    expect(html).toContain(
      `href="/api/stats/countries?site=${SITE}&amp;from=2026-10-28&amp;to=2026-11-26&amp;limit=1000&amp;format=csv"`,
    )
    // The series' CSV: the interval the API chose (the URL had none), this filter kept.
    const series = await page(`site=${SITE}&from=2026-10-28&to=2026-11-26&filter.country=FR`)
    expect(series.html).toContain(
      `href="/api/stats/series?site=${SITE}&amp;from=2026-10-28&amp;to=2026-11-26&amp;filter.country=FR&amp;interval=day&amp;format=csv"`,
    )
  })

  it('shows active filters with a link that removes each', async () => {
    const { html } = await page(`site=${SITE}&filter.country=FR&filter.device=mobile`)
    const remove = /<a\s+href="([^"]*)"\s+data-remove-filter="country"/.exec(html)
    expect(remove?.[1]).toBe(`/dashboard?site=${SITE}&amp;filter.device=mobile`)
  })

  it('says which figures cover everyone and which only consenting visitors', async () => {
    const { html } = await page(`site=${SITE}`)
    expect(html).toMatch(/<h2 id="summary-all">Everyone<\/h2>/)
    expect(html).toMatch(/<h2 id="summary-consenting">Consenting visitors only<\/h2>/)
    expect(html).toContain('+20%')
    expect(html).toContain('75%')
  })

  it('speaks French when the URL says lang=fr or the browser prefers French: every label, the figures, html lang', async () => {
    const open = { hasRoom: () => true }
    const byUrl = await page(`site=${SITE}&lang=fr&filter.country=FR`)
    const byHeader = await page(`site=${SITE}&filter.country=FR`, open, {
      'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8',
    })
    for (const { html } of [byUrl, byHeader]) {
      expect(html).toContain('<html lang="fr">')
      expect(html).toMatch(/<h2 id="summary-all">Tout le monde<\/h2>/)
      expect(html).toMatch(/<h2 id="summary-consenting">Visiteurs consentants seulement<\/h2>/)
      expect(html).toContain('<h2 id="series-title">Dans le temps</h2>')
      expect(html).toContain('<h2 id="panel-pages-title">Pages les plus vues</h2>')
      expect(html).toContain('<label for="from">Du</label>')
      expect(html).toContain('aria-label="Filtres actifs"')
      expect(html).toContain('<dt>Visites</dt>')
      // Column labels come from the API in English: the page says them in French, by key.
      expect(html).toMatch(/<th scope="col" class="num">\s*Visites\s*</)
      expect(html).toContain('Part acceptée')
      expect(html).not.toMatch(/>\s*(Everyone|Over time|Top pages|Remove all filters|Log out)\s*</)
      // French figures: a no-break space before the percent sign.
      expect(html).toMatch(/\+20\s%/)
      expect(html).toMatch(/>\s*75\s%\s*</)
      // The chart's labels ride in its JSON.
      expect(html).toContain('"timeLabel":"Début (UTC)"')
    }
    expect(byHeader.html).toContain('1\u202f200')
    // Chosen by the URL, the language stays in the page's links, never in the API's.
    expect(byUrl.html).toContain(
      `href="/dashboard?site=${SITE}&amp;filter.country=FR&amp;filter.device=desktop&amp;lang=fr"`,
    )
    expect(byUrl.asked.length).toBeGreaterThan(0)
    for (const url of byUrl.asked) expect(url.searchParams.has('lang'), url.href).toBe(false)
    for (const [, href] of byUrl.html.matchAll(/href="(\/api\/stats\/[^"]*)"/g)) {
      expect(href).not.toContain('lang=')
    }
    // A link to the same view in English, itself in English.
    expect(byUrl.html).toMatch(
      /<a\s+href="[^"]*lang=en"\s+lang="en"\s+hreflang="en"\s*>English<\/a\s*>/,
    )
  })

  it('speaks English by default, and when the URL says lang=en whatever the browser prefers', async () => {
    const open = { hasRoom: () => true }
    for (const { html } of [
      await page(`site=${SITE}`, open, { 'accept-language': 'de-DE,es;q=0.8' }),
      await page(`site=${SITE}&lang=en`, open, { 'accept-language': 'fr-FR' }),
    ]) {
      expect(html).toContain('<html lang="en">')
      expect(html).toMatch(/<h2 id="summary-all">Everyone<\/h2>/)
      expect(html).toMatch(/>\s*Français<\/a\s*>/)
    }
  })
})
