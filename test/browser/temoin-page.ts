import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import {
  CONSENT_COOKIE,
  parseConsentCookie,
  type ConsentCookie,
} from '../../src/protocol/consent-cookie.js'
import { CHROME_WINDOWS } from '../helpers/collector-harness.js'

/**
 * Helpers for the temoin.js acceptance tests in real Chromium (test/browser/): a page that
 * embeds the script, a context the collector does not take for a bot, the choice cookie as the
 * site's server would read it, and locators for the two layers of the banner.
 */

/**
 * An HTML page embedding temoin.js as a site would. `{{collector}}` is replaced by the test
 * site (test/helpers/browser.ts).
 *
 * @example sitePage({ lang: 'en', body: '<h1>Home</h1>', scriptAttributes: 'data-outbound' })
 */
export function sitePage(options: {
  lang?: string
  title?: string
  body?: string
  head?: string
  scriptAttributes?: string
}): string {
  const { lang = 'en', title = 'Home', body = '<main><h1>Home</h1></main>', head = '' } = options
  const attributes = options.scriptAttributes ? ` ${options.scriptAttributes}` : ''
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${head}
<script src="{{collector}}/temoin.js" defer${attributes}></script></head><body>${body}</body></html>`
}

/**
 * A fresh context with a desktop Chrome user agent: headless Chromium says `HeadlessChrome`,
 * which the collector's bot filter (isbot) rightly ignores, so nothing would be stored.
 *
 * @example const context = await newSiteContext(browser, { viewport: { width: 320, height: 640 } })
 */
export function newSiteContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({ userAgent: CHROME_WINDOWS, ...options })
}

/** The choice cookie as the site's server reads it; null when absent. Fails when unparsable. */
export async function readConsentCookie(
  context: BrowserContext,
  siteUrl: string,
): Promise<ConsentCookie | null> {
  const cookie = (await context.cookies(siteUrl)).find((c) => c.name === CONSENT_COOKIE)
  if (!cookie) return null
  const parsed = parseConsentCookie(cookie.value)
  expect(parsed, `${CONSENT_COOKIE}=${cookie.value} is not formatConsentCookie's format`).not.toBe(
    null,
  )
  return parsed
}

/** The choice cookie's granted and refused purposes, sorted; null when there is no cookie. */
export async function readChoice(
  context: BrowserContext,
  siteUrl: string,
): Promise<{ granted: string[]; refused: string[] } | null> {
  const c = await readConsentCookie(context, siteUrl)
  return c && { granted: [...c.granted].sort(), refused: [...c.refused].sort() }
}

/** Polls `read` every 50 ms until `ok` (at most `ms`), then returns the last value read. */
export async function waitFor<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 5_000,
): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const value = await read()
    if (ok(value) || Date.now() > end) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The first layer: the banner with Accept all, Refuse all and Choose. */
export const firstLayer = (page: Page): Locator => page.locator('#temoin-banner')

/** The action buttons of the first layer, as shown (the second layer may reuse the element). */
export const action = (page: Page, name: 'accept' | 'refuse' | 'choose' | 'save'): Locator =>
  page.locator(`[role="dialog"] [data-temoin-action="${name}"]:visible`)

/** The dialog holding the per-purpose switches (the banner itself, or #temoin-choices). */
export const secondLayer = (page: Page): Locator =>
  page.locator('[role="dialog"]:has(input[type="checkbox"][role="switch"][data-purpose])')

/** One purpose's switch in the second layer. */
export const purposeSwitch = (page: Page, purpose: string): Locator =>
  page.locator(`input[type="checkbox"][role="switch"][data-purpose="${purpose}"]`)

/** Whether the second layer is shown: at least one of its switches is visible. */
export const secondLayerShown = (page: Page): Promise<boolean> =>
  page.locator('input[type="checkbox"][role="switch"][data-purpose]:visible').count().then(Boolean)

/** Loads a page and waits for temoin.js to have shown its first layer. */
export async function openWithBanner(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await firstLayer(page).waitFor({ state: 'visible', timeout: 5_000 })
}

/** Opens the second layer from the first (the Choose button) and waits for its switches. */
export async function chooseFromBanner(page: Page): Promise<void> {
  await action(page, 'choose').click()
  await page
    .locator('input[type="checkbox"][role="switch"][data-purpose]:visible')
    .first()
    .waitFor({ state: 'visible', timeout: 5_000 })
}

/** The page's `window.temoin`, typed for page.evaluate callbacks. */
export interface TemoinApi {
  open(): void
  track(name: string, props?: Record<string, string | number | boolean>): void
  history(): unknown[]
  consent(): unknown
  on(event: 'change', fn: (value: unknown) => void): void
  manageLink(): HTMLElement
}

/** `window` with temoin.js's globals, for page.evaluate callbacks. */
export type TemoinWindow = Window & {
  temoin: TemoinApi
  dataLayer?: unknown[]
} & Record<string, unknown>

/**
 * Opens `url` in a new page of `context` with the page's clock and the server's (`clock`, a
 * shiftable clock the collector reads) `offset` ms ahead of the real time: a visit on another
 * day. The demo's video answers locally (the tests have no network).
 *
 * @example const page = await visitAt(context, clock, 2 * DAY, `${url}/video/`)
 */
export async function visitAt(
  context: BrowserContext,
  clock: { offset: number; now(): number },
  offset: number,
  url: string,
): Promise<Page> {
  clock.offset = offset
  const page = await context.newPage()
  await page.clock.setSystemTime(clock.now())
  await page.route('https://www.youtube-nocookie.com/**', (r) =>
    r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>video</title>' }),
  )
  await page.goto(url)
  await page.waitForLoadState('networkidle')
  return page
}
