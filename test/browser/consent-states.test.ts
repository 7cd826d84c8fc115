import type { Browser, BrowserContext, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConsentCookie } from '../../src/protocol/consent-cookie.js'
import { addMonths } from '../../src/protocol/months.js'
import { launchChromium, startTestSite, type TestSite } from '../helpers/browser.js'
import { loadTestConfig } from '../helpers/collector-harness.js'
import { newSiteContext, sitePage, waitFor } from './temoin-page.js'

/**
 * Issue 3's state matrix: for each state of the visitor's choice, the exact cookies and storage
 * temoin.js leaves on the device and the exact requests it sends — none where none is allowed.
 * Real Chromium, real collector, real DuckDB file.
 */
const DAY = 86_400_000
const PAGE = sitePage({ lang: 'fr', title: 'Accueil' })

let browser: Browser
const sites: TestSite[] = []
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  for (const s of sites) await s.close()
})

/** A site whose policy asks `statistics` as exempt (example) or as consent. */
async function site(statistics: 'exempt' | 'consent' = 'exempt'): Promise<TestSite> {
  const s = await startTestSite(await loadTestConfig({ statistics }), { '/': PAGE, '/b': PAGE })
  sites.push(s)
  return s
}

/** Everything a page sends to the collector, as parsed bodies. */
interface Sent {
  events: Record<string, unknown>[]
  consents: Record<string, unknown>[]
}

async function visit(
  s: TestSite,
  context: BrowserContext,
  path = '/',
): Promise<{ page: Page; sent: Sent }> {
  const page = await context.newPage()
  await page.clock.setSystemTime(s.clock.now())
  const sent: Sent = { events: [], consents: [] }
  page.on('request', (req: Request) => {
    const url = req.url()
    if (!url.startsWith(s.collectorUrl)) return
    const body = req.postData()
    if (url.endsWith('/api/event') && body)
      sent.events.push(JSON.parse(body) as Record<string, unknown>)
    if (url.endsWith('/api/consent') && body)
      sent.consents.push(JSON.parse(body) as Record<string, unknown>)
  })
  await page.goto(`${s.siteUrl}${path}`)
  await page.waitForLoadState('networkidle')
  return { page, sent }
}

async function newContext(options: { gpc?: boolean } = {}): Promise<BrowserContext> {
  const context = await newSiteContext(browser)
  if (options.gpc) {
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })
    })
  }
  return context
}

/** What the device holds: cookie names and values, and every local/session storage key. */
async function deviceState(context: BrowserContext, page: Page) {
  const cookies = (await context.cookies()).map((c) => ({
    name: c.name,
    value: c.value,
    expires: c.expires,
  }))
  const storage = await page.evaluate(() => ({
    local: Object.keys(localStorage).sort(),
    session: Object.keys(sessionStorage).sort(),
  }))
  return { cookies, storage }
}

const bannerVisible = (page: Page) => page.locator('#temoin-banner').isVisible()

async function decide(page: Page, action: 'accept' | 'refuse'): Promise<void> {
  await page.locator(`#temoin-banner [data-temoin-action="${action}"]`).first().click()
  await page.waitForLoadState('networkidle')
}

describe('temoin.js: what each state of the choice writes and sends (real Chromium)', () => {
  it('no choice, statistics exempt: the banner, an anonymous page view, nothing on the device', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const { page, sent } = await visit(s, context)
    expect(await bannerVisible(page)).toBe(true)
    expect(await deviceState(context, page)).toEqual({
      cookies: [],
      storage: { local: [], session: [] },
    })
    expect(sent.consents).toEqual([])
    expect(sent.events).toHaveLength(1)
    expect(sent.events[0]).toMatchObject({ type: 'pageview', url: `${s.siteUrl}/` })
    expect(sent.events[0]).not.toHaveProperty('visitor')
    const stored = await waitFor(
      () => s.stored(),
      (x) => x.events.length === 1,
    )
    expect(stored.events.map((e) => [e.path, e.visitor])).toEqual([['/', null]])
    await context.close()
  })

  it('no choice, statistics on consent: the banner and nothing at all sent or stored', async () => {
    const s = await site('consent')
    const context = await newContext()
    const { page, sent } = await visit(s, context)
    expect(await bannerVisible(page)).toBe(true)
    expect(sent).toEqual({ events: [], consents: [] })
    expect(await deviceState(context, page)).toEqual({
      cookies: [],
      storage: { local: [], session: [] },
    })
    await context.close()
  })

  // The refusal of statistics is also the objection to the exempt measurement (the CNIL's
  // condition for the exemption): from the refusal on, not even an anonymous hit.
  it('refused: one choice cookie without any identifier, a receipt with no visitor, no hit at all from then on', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const { page, sent } = await visit(s, context)
    await decide(page, 'refuse')
    expect(await bannerVisible(page)).toBe(false)
    const { cookies, storage } = await deviceState(context, page)
    expect(cookies.map((c) => c.name)).toEqual(['temoin_consent'])
    const choice = parseConsentCookie(cookies[0]!.value)
    expect(choice?.granted).toEqual([])
    expect([...(choice?.refused ?? [])].sort()).toEqual(['personalisation', 'statistics'])
    expect(choice?.receipt).toBeUndefined()
    expect(storage).toEqual({ local: [], session: [] })
    expect(sent.consents).toHaveLength(1)
    expect(sent.consents[0]).not.toHaveProperty('visitor')

    // The landing page's anonymous view went before the choice; nothing after it.
    expect(sent.events).toHaveLength(1)
    const next = await visit(s, context, '/b')
    expect(await bannerVisible(next.page)).toBe(false)
    await next.page.evaluate(() =>
      (window as unknown as { temoin: { track(n: string): void } }).temoin.track('after-refusal'),
    )
    await next.page.waitForLoadState('networkidle')
    expect(next.sent).toEqual({ events: [], consents: [] })
    const stored = await waitFor(
      () => s.stored(),
      (x) => x.receipts.length === 1,
    )
    expect(stored.receipts.map((r) => [r.granted, r.visitor])).toEqual([[[], null]])
    expect(stored.events.map((e) => [e.path, e.visitor])).toEqual([['/', null]])
    await context.close()
  })

  it('refused, statistics on consent: no beacon at all, on this page or the next', async () => {
    const s = await site('consent')
    const context = await newContext()
    const { page, sent } = await visit(s, context)
    await decide(page, 'refuse')
    const next = await visit(s, context, '/b')
    expect(sent.events).toEqual([])
    expect(next.sent.events).toEqual([])
    expect(next.sent.consents).toEqual([])
    await context.close()
  })

  it('accepted: the choice cookie with its receipt id, a visitor-id cookie, page views carrying it', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const { page, sent } = await visit(s, context)
    await decide(page, 'accept')
    const { cookies } = await waitFor(
      () => deviceState(context, page),
      (d) => d.cookies.some((c) => c.name === 'temoin_consent' && c.value.includes('id')),
    )
    expect(cookies.map((c) => c.name).sort()).toEqual(['temoin_consent', 'temoin_id'])
    const id = cookies.find((c) => c.name === 'temoin_id')!.value
    expect(id).toMatch(/^\d{10}\.[0-9a-f]{32}$/)
    expect(sent.consents).toHaveLength(1)
    expect(sent.consents[0]).toMatchObject({ visitor: id })

    const next = await visit(s, context, '/b')
    expect(await bannerVisible(next.page)).toBe(false)
    expect(next.sent.events).toHaveLength(1)
    expect(next.sent.events[0]).toMatchObject({ visitor: id })
    const stored = await waitFor(
      () => s.stored(),
      (x) => x.events.some((e) => e.visitor === id),
    )
    expect(stored.receipts.map((r) => r.visitor)).toEqual([id])
    await context.close()
  })

  it('partial (personalisation only): no visitor id, no hit (statistics refused), history kept on the device', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const { page } = await visit(s, context)
    await page.locator('#temoin-banner [data-temoin-action="choose"]').click()
    await page.locator('input[data-purpose="personalisation"]').check()
    await page.locator('[data-temoin-action="save"]').click()
    await page.waitForLoadState('networkidle')
    const next = await visit(s, context, '/b')
    const { cookies, storage } = await deviceState(context, next.page)
    expect(cookies.map((c) => c.name)).toEqual(['temoin_consent'])
    expect(storage.local).toEqual(['temoin_history'])
    expect(next.sent.events).toEqual([])
    const history = await next.page.evaluate(() =>
      (window as unknown as { temoin: { history(): { path: string }[] } }).temoin.history(),
    )
    expect(history.map((h) => h.path)).toContain('/b')
    await context.close()
  })

  it('withdrawn: the visitor id and the history go at once, without a reload, and beacons stop', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const { page, sent } = await visit(s, context)
    await decide(page, 'accept')
    const hits = sent.events.length
    await page.evaluate(() => (window as unknown as { temoin: { open(): void } }).temoin.open())
    await page.locator('input[data-purpose="statistics"]').uncheck()
    await page.locator('input[data-purpose="personalisation"]').uncheck()
    await page.locator('[data-temoin-action="save"]').click()
    await page.waitForLoadState('networkidle')
    const { cookies, storage } = await deviceState(context, page)
    expect(cookies.map((c) => c.name)).toEqual(['temoin_consent'])
    expect(storage.local).toEqual([])
    await page.evaluate(() =>
      (window as unknown as { temoin: { track(n: string): void } }).temoin.track(
        'after-withdrawal',
      ),
    )
    await page.waitForLoadState('networkidle')
    // Statistics withdrawn is an objection: the event is not sent at all, even anonymously.
    expect(sent.events).toHaveLength(hits)
    expect(sent.consents).toHaveLength(2)
    expect(sent.consents[1]).toMatchObject({ granted: [], deposit: sent.consents[0]!.deposit })
    await context.close()
  })

  it('GPC on: refused without a banner, not counted at all, said so in the choices, receipt marked gpc', async () => {
    const s = await site('exempt')
    const context = await newContext({ gpc: true })
    const { page, sent } = await visit(s, context)
    expect(await bannerVisible(page)).toBe(false)
    // An objection: not even the landing page's anonymous view.
    expect(sent.events).toEqual([])
    expect((await visit(s, context, '/b')).sent).toEqual({ events: [], consents: [] })
    expect(sent.consents).toHaveLength(1)
    expect(sent.consents[0]).toMatchObject({ granted: [], gpc: true })
    expect(sent.consents[0]).not.toHaveProperty('visitor')
    expect((await deviceState(context, page)).cookies.map((c) => c.name)).toEqual([
      'temoin_consent',
    ])
    await page.evaluate(() => (window as unknown as { temoin: { open(): void } }).temoin.open())
    await expect.poll(() => page.locator('[data-temoin-gpc]').isVisible()).toBe(true)
    await context.close()
  })
})

describe('temoin.js: Global Privacy Control wins over an earlier acceptance', () => {
  // The visitor accepted, then turned GPC on: from the next page, every purpose is refused, the
  // visitor id and the history deleted, a receipt marked gpc recorded, and nothing counted.
  it('the JavaScript signal: id and history gone, a gpc receipt, no hit', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const first = await visit(s, context)
    await decide(first.page, 'accept')
    // Until the collector's answer is in, the first page still writes its receipt's id into the
    // consent cookie: on a busy machine, after the next page's GPC refusal (a race of two pages of
    // one visitor, noted for temoin.js: the receipt is written over a newer decision).
    await waitFor(
      () => deviceState(context, first.page),
      (d) =>
        d.cookies.some((c) => c.name === 'temoin_id') &&
        d.storage.local.length === 1 &&
        d.cookies.some(
          (c) => c.name === 'temoin_consent' && parseConsentCookie(c.value)?.receipt !== undefined,
        ),
    )
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true })
    })
    const next = await visit(s, context, '/b')
    const { cookies, storage } = await deviceState(context, next.page)
    expect(cookies.map((c) => c.name)).toEqual(['temoin_consent'])
    expect(parseConsentCookie(cookies[0]!.value)).toMatchObject({ granted: [] })
    expect(storage).toEqual({ local: [], session: [] })
    expect(next.sent.events).toEqual([])
    expect(next.sent.consents).toEqual([expect.objectContaining({ granted: [], gpc: true })])
    expect(next.sent.consents[0]).not.toHaveProperty('visitor')
    const stored = await waitFor(
      () => s.stored(),
      (x) => x.receipts.length === 2,
    )
    expect(stored.receipts.map((r) => [r.granted.length > 0, r.gpc])).toEqual(
      expect.arrayContaining([
        [true, false],
        [false, true],
      ]),
    )
    expect((await visit(s, context, '/')).sent).toEqual({ events: [], consents: [] })
    await context.close()
  })

  // A browser that sends the header but whose page still sends the id (an older temoin.js in a
  // cache, a page's own script): the collector stores nothing of it.
  it('the Sec-GPC: 1 header: the collector stores no event of it, with or without an id', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const first = await visit(s, context)
    await decide(first.page, 'accept')
    const before = await waitFor(
      () => s.stored(),
      (x) => x.events.some((e) => e.visitor !== null),
    )
    await context.setExtraHTTPHeaders({ 'Sec-GPC': '1' })
    const next = await visit(s, context, '/b')
    // The page still sends its hit with the id: the collector answers it, and stores nothing.
    expect(next.sent.events.map((e) => typeof e.visitor)).toEqual(['string'])
    await new Promise((resolve) => setTimeout(resolve, 300))
    const after = await s.stored()
    expect(after.events.map((e) => e.path)).toEqual(before.events.map((e) => e.path))
    expect(after.events.some((e) => e.path === '/b')).toBe(false)
    await context.close()
  })
})

describe('temoin.js: lifetimes counted from the first deposit, on the script’s own clock', () => {
  it('never moves the cookie’s expiry, returns after 13 months, and keeps the first deposit after a withdrawal', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const start = s.clock.now()
    const first = await visit(s, context)
    await decide(first.page, 'accept')
    const choiceCookie = async () =>
      (await context.cookies()).find((c) => c.name === 'temoin_consent')
    const initial = await choiceCookie()
    const deposit = parseConsentCookie(initial!.value)!.deposit
    // Expires is the first deposit + 13 calendar months (to the second).
    expect(Math.round(initial!.expires)).toBe(Math.floor(addMonths(deposit, 13) / 1000))

    for (const days of [100, 300]) {
      s.clock.offset = days * DAY
      const later = await visit(s, context, '/b')
      expect(await bannerVisible(later.page), `banner at +${days} days`).toBe(false)
      const now = await choiceCookie()
      expect(now?.expires, `expiry at +${days} days`).toBe(initial!.expires)
      expect(parseConsentCookie(now!.value)!.deposit).toBe(deposit)
    }

    // A withdrawal at +300 days rewrites the cookie: same first deposit, same expiry.
    const late = await visit(s, context, '/b')
    await late.page.evaluate(() =>
      (window as unknown as { temoin: { open(): void } }).temoin.open(),
    )
    await late.page.locator('input[data-purpose="statistics"]').uncheck()
    await late.page.locator('[data-temoin-action="save"]').click()
    await late.page.waitForLoadState('networkidle')
    const withdrawn = await choiceCookie()
    expect(withdrawn?.expires).toBe(initial!.expires)
    expect(parseConsentCookie(withdrawn!.value)).toMatchObject({ deposit, refused: ['statistics'] })

    // 13 months and a day after the first deposit: asked again, whatever the browser still holds.
    s.clock.offset = addMonths(start, 13) + DAY - start
    const expired = await visit(s, context, '/')
    expect(await bannerVisible(expired.page)).toBe(true)
    await context.close()
  })

  // The consent's end is the end of what it allowed: the history and the visitor id go at the
  // first page after it, before any click, whatever the browser still holds.
  it('deletes the history and the visitor id when the consent ends, without any click', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const start = s.clock.now()
    const first = await visit(s, context)
    await decide(first.page, 'accept')
    await visit(s, context, '/b')
    const kept = await deviceState(context, (await visit(s, context, '/')).page)
    expect(kept.storage.local).toEqual(['temoin_history'])
    expect(kept.cookies.map((c) => c.name).sort()).toEqual(['temoin_consent', 'temoin_id'])

    s.clock.offset = addMonths(start, 13) + DAY - start
    const expired = await visit(s, context, '/b')
    expect(await bannerVisible(expired.page)).toBe(true)
    const { cookies, storage } = await deviceState(context, expired.page)
    expect(storage).toEqual({ local: [], session: [] })
    expect(cookies.map((c) => c.name)).not.toContain('temoin_id')
    // No choice yet: the exempt measurement, anonymous.
    expect(expired.sent.events.map((e) => [e.type, e.visitor])).toEqual([['pageview', undefined]])
    await context.close()
  })

  it('asks again after a refusal’s 6 months', async () => {
    const s = await site('exempt')
    const context = await newContext()
    const start = s.clock.now()
    const first = await visit(s, context)
    await decide(first.page, 'refuse')
    s.clock.offset = addMonths(start, 6) - start - DAY
    expect(await bannerVisible((await visit(s, context)).page)).toBe(false)
    s.clock.offset = addMonths(start, 6) - start + DAY
    expect(await bannerVisible((await visit(s, context)).page)).toBe(true)
    await context.close()
  })
})
