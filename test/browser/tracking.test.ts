import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoredEvent } from '../../src/store/store.js'
import { launchChromium, startTestSite, type TestSite } from '../helpers/browser.js'
import { loadTestConfig } from '../helpers/collector-harness.js'
import {
  action,
  firstLayer,
  newSiteContext,
  openWithBanner,
  purposeSwitch,
  secondLayerShown,
  sitePage,
  waitFor,
  type TemoinWindow,
} from './temoin-page.js'

/**
 * What temoin.js measures (issue 3), end to end into the real collector's store: page views on
 * load and on History API navigation, custom events, opt-in outbound and download clicks, and
 * Google Consent Mode v2 signals. The example policy has statistics `exempt`: these anonymous
 * hits are sent before any choice.
 */
const LINKS = `<main><h1>Links</h1>
<p><a id="outbound" href="https://partner.example/offer?x=1" target="_blank" rel="noopener">Partner offer</a></p>
<p><a id="download" href="/files/report.pdf">Annual report (PDF)</a></p>
<p><a id="internal" href="/about" target="_blank">About us</a></p></main>`
const OPT_IN = 'data-outbound data-downloads'

const PAGES: Record<string, string> = {
  '/landing': sitePage({ title: 'Landing' }),
  '/app': sitePage({ title: 'App' }),
  '/events': sitePage({ title: 'Events' }),
  '/links': sitePage({ title: 'Links', body: LINKS, scriptAttributes: OPT_IN }),
  '/links-plain': sitePage({ title: 'Links', body: LINKS }),
  '/about': sitePage({ title: 'About' }),
}

let browser: Browser
let site: TestSite
beforeAll(async () => {
  browser = await launchChromium()
  site = await startTestSite(await loadTestConfig(), PAGES)
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

/** A context where the partner site and the PDF answer locally (the test has no network). */
async function linkContext(): Promise<BrowserContext> {
  const context = await newSiteContext(browser)
  await context.route('https://partner.example/**', (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Partner</title>' }),
  )
  await context.route('**/files/report.pdf', (route) =>
    route.fulfill({
      contentType: 'application/pdf',
      headers: { 'Content-Disposition': 'attachment; filename="report.pdf"' },
      body: '%PDF-1.4\n%%EOF\n',
    }),
  )
  return context
}

/** Stored events whose path is `path` or below it, once `ok` holds (or after 5 s). */
async function storedUnder(
  path: string,
  ok: (events: StoredEvent[]) => boolean,
): Promise<StoredEvent[]> {
  const under = (e: StoredEvent) => e.path === path || e.path.startsWith(`${path}/`)
  return waitFor(async () => (await site.stored()).events.filter(under), ok)
}

/** Waits a little more, so that a beacon sent by mistake would have arrived. */
const settle = (page: Page) => page.waitForTimeout(400)

describe('temoin.js: page views (real Chromium, real collector)', () => {
  it('on load: the path, the allowed query keys only, the referrer’s origin and path, no identifier', async () => {
    const context = await newSiteContext(browser)
    const page = await context.newPage()
    const sentUrls: string[] = []
    page.on('request', (r) => {
      if (r.url() === `${site.collectorUrl}/api/event`) {
        sentUrls.push(String((JSON.parse(r.postData() ?? '{}') as { url?: unknown }).url))
      }
    })
    await page.goto(`${site.siteUrl}/landing?utm_source=news&session=42&ref=mail#top`, {
      referer: 'https://news.example/story?id=7',
    })
    const events = await storedUnder('/landing', (e) => e.length >= 1)
    await settle(page)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({
      type: 'pageview',
      name: '',
      site: 'localhost',
      path: '/landing',
      query: 'utm_source=news&ref=mail',
      referrer: 'https://news.example/story',
      visitor: null,
      props: {},
    })
    // The tracker strips the other keys itself (BrowserConfig.queryKeys): they never leave the device.
    expect(sentUrls).toHaveLength(1)
    expect(sentUrls[0]).not.toContain('session')
    expect(sentUrls[0]).toContain('utm_source=news')
    await context.close()
  })

  it('History API navigation to a new path is a page view; a same-path push is not', async () => {
    const context = await newSiteContext(browser)
    const page = await context.newPage()
    await page.goto(`${site.siteUrl}/app`)
    await storedUnder('/app', (e) => e.length >= 1)
    await page.evaluate(() => {
      history.pushState({}, '', '/app/pricing?plan=x&utm_campaign=spring')
    })
    const events = await storedUnder('/app', (e) => e.length >= 2)
    await page.evaluate(() => {
      history.pushState({}, '', '/app/pricing?plan=x&utm_campaign=spring#faq')
    })
    await settle(page)
    const all = await storedUnder('/app', () => true)
    expect(events.map((e) => [e.type, e.path, e.query])).toEqual([
      ['pageview', '/app', ''],
      ['pageview', '/app/pricing', 'utm_campaign=spring'],
    ])
    expect(all, 'a hash change on the same path is no new page view').toHaveLength(2)
    await context.close()
  })
})

describe('temoin.js: custom events', () => {
  it('temoin.track(name, props) is stored as an event of that page', async () => {
    const context = await newSiteContext(browser)
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/events`)
    await page.evaluate(() => {
      const { temoin } = window as unknown as TemoinWindow
      temoin.track('signup', { plan: 'pro' })
      temoin.track('video-play')
    })
    const events = await storedUnder('/events', (e) => e.length >= 3)
    await settle(page)
    const custom = (await storedUnder('/events', () => true)).filter((e) => e.type === 'event')
    expect(events.filter((e) => e.type === 'pageview')).toHaveLength(1)
    expect(
      custom.map((e) => ({ name: e.name, path: e.path, props: e.props, visitor: e.visitor })),
    ).toEqual([
      { name: 'signup', path: '/events', props: { plan: 'pro' }, visitor: null },
      { name: 'video-play', path: '/events', props: {}, visitor: null },
    ])
    await context.close()
  })
})

describe('temoin.js: outbound links and downloads (opt-in)', () => {
  it('with data-outbound and data-downloads: an outbound click and a PDF download are stored, an internal link is not', async () => {
    const context = await linkContext()
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/links`)
    // Keep the banner out of the way of the clicks, with a consent: a refusal is an objection,
    // after which nothing is sent at all.
    await action(page, 'accept').click()

    const [partner] = await Promise.all([
      page.waitForEvent('popup'),
      page.locator('#outbound').click(),
    ])
    await partner.close()
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#download').click(),
    ])
    expect(download.suggestedFilename()).toBe('report.pdf')
    const [about] = await Promise.all([
      page.waitForEvent('popup'),
      page.locator('#internal').click(),
    ])
    await about.close()

    await storedUnder('/links', (e) => e.filter((x) => x.type === 'event').length >= 2)
    await settle(page)
    const clicks = (await storedUnder('/links', () => true)).filter((e) => e.type === 'event')
    expect(clicks.map((e) => e.name).sort()).toEqual(['download', 'outbound'])
    const outbound = clicks.find((e) => e.name === 'outbound')!
    const file = clicks.find((e) => e.name === 'download')!
    expect(Object.keys(outbound.props)).toEqual(['url'])
    expect(['https://partner.example/offer?x=1', 'https://partner.example/offer']).toContain(
      outbound.props.url,
    )
    expect(Object.keys(file.props)).toEqual(['file'])
    expect(['/files/report.pdf', `${site.siteUrl}/files/report.pdf`, 'report.pdf']).toContain(
      file.props.file,
    )
    await context.close()
  })

  it('without the attributes, the same clicks send nothing', async () => {
    const context = await linkContext()
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/links-plain`)
    // With a consent, so that hits are sent at all (a refusal sends nothing, attributes or not).
    await action(page, 'accept').click()
    const [partner] = await Promise.all([
      page.waitForEvent('popup'),
      page.locator('#outbound').click(),
    ])
    await partner.close()
    await Promise.all([page.waitForEvent('download'), page.locator('#download').click()])
    await storedUnder('/links-plain', (e) => e.length >= 1)
    await settle(page)
    const events = await storedUnder('/links-plain', () => true)
    expect(events.map((e) => [e.type, e.name])).toEqual([['pageview', '']])
    await context.close()
  })
})

describe('temoin.js: Google Consent Mode v2', () => {
  const DENIED = {
    analytics_storage: 'denied',
    ad_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
    personalization_storage: 'denied',
    functionality_storage: 'denied',
  }
  const GRANTED = Object.fromEntries(Object.keys(DENIED).map((k) => [k, 'granted']))
  const NO_ADS = {
    ...GRANTED,
    ad_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
  }
  let cmSite: TestSite
  beforeAll(async () => {
    const example = await loadTestConfig()
    cmSite = await startTestSite(
      await loadTestConfig({
        policy: {
          purposes: {
            ...example.policy.purposes,
            advertising: {
              basis: 'consent',
              title: { fr: 'Publicité', en: 'Advertising' },
              description: { fr: 'Des publicités ciblées.', en: 'Targeted ads.' },
            },
          },
          banner: { consentMode: true },
        },
      }),
      {
        '/': sitePage({
          // The site's own tag snippet made the data layer first: temoin.js must add to it.
          head: `<script>window.dataLayer = window.dataLayer || []; window.dataLayer.push({ event: 'site-start' }); window.siteLayer = window.dataLayer</script>`,
        }),
      },
    )
  })
  afterAll(async () => {
    await cmSite?.close()
  })

  /** The consent commands in window.dataLayer, as arrays, and whether each is an Arguments object. */
  const consentCommands = (page: Page) =>
    page.evaluate(() => {
      const w = window as unknown as TemoinWindow
      const layer = (w.dataLayer ?? []) as ArrayLike<unknown>[]
      return {
        sameArray: w.dataLayer === w.siteLayer,
        first: layer[0] as unknown,
        commands: layer
          .filter((e) => typeof e === 'object' && e !== null && e[0] === 'consent')
          .map((e) => ({
            args: Array.from(e),
            isArguments: Object.prototype.toString.call(e) === '[object Arguments]',
          })),
      }
    })

  it('default: all denied at start; update on Accept all, on a later choice, and at the next load', async () => {
    const context = await newSiteContext(browser)
    const page = await context.newPage()
    await openWithBanner(page, `${cmSite.siteUrl}/`)
    const atStart = await consentCommands(page)
    expect(atStart.sameArray, 'pushed into the site’s own dataLayer').toBe(true)
    expect(atStart.first).toEqual({ event: 'site-start' })
    expect(atStart.commands.map((c) => c.args.slice(0, 2))).toEqual([['consent', 'default']])
    expect(atStart.commands[0]!.args[2]).toMatchObject(DENIED)

    await action(page, 'accept').click()
    const accepted = await waitFor(
      () => consentCommands(page),
      (l) => l.commands.length >= 2,
    )
    expect(accepted.commands.map((c) => c.args.slice(0, 2))).toEqual([
      ['consent', 'default'],
      ['consent', 'update'],
    ])
    expect(accepted.commands[1]!.args[2]).toMatchObject(GRANTED)

    // Advertising withdrawn: ad_* denied, the rest still granted.
    await page.evaluate(() => (window as unknown as TemoinWindow).temoin.open())
    await waitFor(
      () => secondLayerShown(page),
      (shown) => shown,
    )
    await purposeSwitch(page, 'advertising').setChecked(false)
    await action(page, 'save').click()
    const withdrawn = await waitFor(
      () => consentCommands(page),
      (l) => l.commands.length >= 3,
    )
    expect(withdrawn.commands.map((c) => c.args[1])).toEqual(['default', 'update', 'update'])
    expect(withdrawn.commands[2]!.args[2]).toMatchObject(NO_ADS)

    // gtag.js reads a dataLayer entry as a command only when it is an Arguments object (what
    // `function gtag(){dataLayer.push(arguments)}` pushes); a plain array is silently ignored.
    expect(withdrawn.commands.map((c) => c.isArguments)).toEqual([true, true, true])

    // Next page: default denied, then at once an update with the stored choice.
    await page.reload()
    await page.waitForFunction(() => typeof (window as unknown as TemoinWindow).temoin === 'object')
    const next = await waitFor(
      () => consentCommands(page),
      (l) => l.commands.length >= 2,
    )
    expect(await firstLayer(page).isVisible()).toBe(false)
    expect(next.commands.map((c) => c.args[1])).toEqual(['default', 'update'])
    expect(next.commands[0]!.args[2]).toMatchObject(DENIED)
    expect(next.commands[1]!.args[2]).toMatchObject(NO_ADS)
    await context.close()
  })
})
