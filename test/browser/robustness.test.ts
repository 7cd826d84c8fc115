import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startTestSite, type TestSite } from '../helpers/browser.js'
import { loadTestConfig } from '../helpers/collector-harness.js'
import {
  action,
  firstLayer,
  newSiteContext,
  openWithBanner,
  readConsentCookie,
  sitePage,
  waitFor,
  type TemoinWindow,
} from './temoin-page.js'

/**
 * temoin.js runs in someone else's page: whatever the browser refuses it (storage, beacons, its
 * collector), whatever garbage it finds in its cookies, it must never throw into the page nor
 * stop the page's own script, and the visitor's choice must still take effect.
 */
const PAGE = sitePage({
  lang: 'fr',
  // The page's own script, after ours: it must run whatever happens to temoin.js.
  body: '<main><h1>Accueil</h1></main><script>window.pageScriptRan = true</script>',
})
const TWICE = PAGE.replace(
  '</head>',
  '<script src="{{collector}}/temoin.js" defer></script></head>',
)

let browser: Browser
let site: TestSite
beforeAll(async () => {
  browser = await launchChromium()
  site = await startTestSite(await loadTestConfig(), { '/': PAGE, '/twice': TWICE })
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

/** A page that records every uncaught error and console error it sees. */
async function watchedPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // A refused request is the browser's own console line, not an exception of ours.
    if (m.type() === 'error' && !/Failed to load resource|net::ERR_/.test(m.text()))
      errors.push(m.text())
  })
  return { page, errors }
}

async function acceptAndCheck(context: BrowserContext, page: Page): Promise<void> {
  await action(page, 'accept').click()
  await expect.poll(() => firstLayer(page).isVisible()).toBe(false)
  expect(await page.evaluate(() => (window as unknown as TemoinWindow).pageScriptRan)).toBe(true)
  void context
}

describe('temoin.js never breaks the host page (real Chromium)', () => {
  it('works when localStorage throws (storage blocked), without an error in the page', async () => {
    const context = await newSiteContext(browser)
    await context.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', {
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError')
        },
      })
    })
    const { page, errors } = await watchedPage(context)
    await openWithBanner(page, `${site.siteUrl}/`)
    await acceptAndCheck(context, page)
    expect((await readConsentCookie(context, site.siteUrl))?.granted.length).toBeGreaterThan(0)
    expect(errors).toEqual([])
    await context.close()
  })

  it('works when its collector cannot be reached, and the choice is still kept', async () => {
    const context = await newSiteContext(browser)
    await context.route(`${site.collectorUrl}/api/**`, (route) => route.abort('connectionrefused'))
    const { page, errors } = await watchedPage(context)
    await openWithBanner(page, `${site.siteUrl}/`)
    await acceptAndCheck(context, page)
    const choice = await readConsentCookie(context, site.siteUrl)
    expect(choice?.granted).toContain('statistics')
    expect(choice?.receipt).toBeUndefined() // no receipt came back, none is invented
    expect(errors).toEqual([])
    await context.close()
  })

  it('treats garbage in its cookies as no choice: the banner, no error', async () => {
    const context = await newSiteContext(browser)
    const url = site.siteUrl
    await context.addCookies([
      { name: 'temoin_consent', value: '%E0%A4%A=&&d=x&t=-1&v=', url },
      { name: 'temoin_id', value: 'not-an-id', url },
    ])
    const { page, errors } = await watchedPage(context)
    await openWithBanner(page, `${url}/`)
    expect(await firstLayer(page).isVisible()).toBe(true)
    await acceptAndCheck(context, page)
    const id = (await context.cookies(url)).find((c) => c.name === 'temoin_id')?.value
    expect(id).toMatch(/^\d{10}\.[0-9a-f]{32}$/)
    expect(errors).toEqual([])
    await context.close()
  })

  it('falls back to fetch keepalive when sendBeacon is missing: the page view still arrives', async () => {
    const context = await newSiteContext(browser)
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'sendBeacon', { value: undefined })
    })
    const { page, errors } = await watchedPage(context)
    const before = (await site.stored()).events.length
    await openWithBanner(page, `${site.siteUrl}/`)
    const after = await waitFor(
      async () => (await site.stored()).events.length,
      (n) => n > before,
    )
    expect(after).toBe(before + 1)
    expect(errors).toEqual([])
    await context.close()
  })

  it('loaded twice, starts once: one banner, one page view', async () => {
    const context = await newSiteContext(browser)
    const { page, errors } = await watchedPage(context)
    const beacons: string[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/api/event')) beacons.push(r.postData() ?? '')
    })
    await openWithBanner(page, `${site.siteUrl}/twice`)
    await page.waitForLoadState('networkidle')
    expect(await page.locator('#temoin-banner').count()).toBe(1)
    expect(beacons).toHaveLength(1)
    expect(errors).toEqual([])
    await context.close()
  })
})
