import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startTestSite, type TestSite } from '../helpers/browser.js'
import { loadTestConfig } from '../helpers/collector-harness.js'
import {
  action,
  firstLayer,
  newSiteContext,
  purposeSwitch,
  readConsentCookie,
  sitePage,
  waitFor,
} from './temoin-page.js'

/**
 * DESIGN rule 5 in the banner (issue 4, "Policy versions"): a version that lowers
 * confidentiality is announced during its notice, then asked again for the purposes it touches
 * only; a minor version is only announced. The same browser visits sites whose policy is
 * version A, then B (a new recipient for personalisation), then C (minor), the clock moved
 * through each notice. Cookies ignore the port, so the sites at localhost:PORT share the choice.
 */
const DAY = 86_400_000
const PAGE = sitePage({ lang: 'en', title: 'Home' })
const DOCS = new URL('../../docs/', import.meta.url)
const START = Date.now()
const date = (days: number) => new Date(START + days * DAY).toISOString().slice(0, 10)
const summary = (en: string) => ({ fr: `${en} (fr)`, en })

const A = {
  version: 'A',
  published: date(-10),
  effective: date(-10),
  summary: summary('First version.'),
}
const B = {
  version: 'B',
  published: date(1),
  effective: date(31),
  summary: summary('Videos: a new recipient for personalisation.'),
  reconsent: ['personalisation'],
}
const C = {
  version: 'C',
  published: date(40),
  effective: date(40),
  summary: summary('Clearer wording.'),
  reconsent: [],
}
const HOST = {
  name: 'Hébergeur du site',
  role: 'processor',
  purposes: ['statistics'],
  country: 'FR',
}
const VIDEOS = { name: 'Vidéos', role: 'controller', purposes: ['personalisation'], country: 'US' }

let browser: Browser
let context: BrowserContext
const sites: TestSite[] = []
beforeAll(async () => {
  browser = await launchChromium()
  context = await newSiteContext(browser)
})
afterAll(async () => {
  await browser?.close()
  for (const s of sites) await s.close()
})

async function site(
  version: string,
  history: object[],
  recipients: object[],
  effective: string,
): Promise<TestSite> {
  const config = await loadTestConfig({ policy: { version, effective, history, recipients } })
  const s = await startTestSite(config, { '/': PAGE })
  sites.push(s)
  return s
}

/** Opens the site with page and collector clocks `days` after the start. */
async function visit(s: TestSite, days: number): Promise<Page> {
  s.clock.offset = days * DAY
  const page = await context.newPage()
  await page.clock.setSystemTime(s.clock.now())
  await page.goto(s.siteUrl)
  await page.waitForLoadState('networkidle')
  return page
}

const notice = (page: Page) => page.locator('#temoin-notice[role="status"]')

describe('temoin.js: policy versions (notice, then a re-ask for the changed purposes only)', () => {
  it('announces a lowering version, asks again for its purposes from its effective date, and only announces a minor one', async () => {
    // Version A: everything accepted.
    const a = await site('A', [A], [HOST], A.effective)
    const first = await visit(a, 0)
    await firstLayer(first).waitFor({ state: 'visible' })
    await first.screenshot({ path: fileURLToPath(new URL('banner.png', DOCS)) })
    await action(first, 'accept').click()
    await first.waitForLoadState('networkidle')
    // Once the receipt id is kept with the choice.
    const accepted = await waitFor(
      () => readConsentCookie(context, a.siteUrl),
      (c) => c?.receipt !== undefined,
    )
    expect(accepted).toMatchObject({ version: 'A', granted: ['statistics', 'personalisation'] })
    await first.close()

    // Version B is served: a new recipient for personalisation, announced tomorrow.
    const b = await site('B', [A, B], [HOST, VIDEOS], B.effective)

    // Before its publication: nothing at all.
    const before = await visit(b, 0)
    expect(await notice(before).count()).toBe(0)
    expect(await firstLayer(before).count()).toBe(0)
    await before.close()

    // During the notice: the notice (no dialog), the choice intact.
    const during = await visit(b, 2)
    await notice(during).waitFor({ state: 'visible' })
    expect(await notice(during).textContent()).toContain(B.summary.en)
    expect(await notice(during).locator('a').getAttribute('href')).toBe('/privacy.html')
    expect(await firstLayer(during).count()).toBe(0)
    expect(await during.evaluate(() => document.querySelector('[role="dialog"]'))).toBe(null)
    await during.screenshot({ path: fileURLToPath(new URL('notice.png', DOCS)) })
    await notice(during).locator('button').click()
    expect(await notice(during).count()).toBe(0)
    expect(await readConsentCookie(context, b.siteUrl)).toEqual(accepted)
    await during.close()

    // From its effective date: asked again for personalisation only; statistics stays granted.
    const after = await visit(b, 32)
    await firstLayer(after).waitFor({ state: 'visible' })
    expect(await purposeSwitch(after, 'personalisation').count()).toBe(1)
    expect(await purposeSwitch(after, 'statistics').count()).toBe(0)
    expect(await firstLayer(after).textContent()).toContain('Vidéos')
    expect(
      await after.evaluate(() => (window as { temoin?: { consent(): unknown } }).temoin?.consent()),
    ).toMatchObject({
      granted: ['statistics'],
      refused: [],
      version: 'A',
    })
    await action(after, 'refuse').click()
    await after.waitForLoadState('networkidle')
    const reasked = await waitFor(
      () => readConsentCookie(context, b.siteUrl),
      (c) => c?.version === 'B' && c.receipt !== undefined,
    )
    expect(reasked).toMatchObject({
      version: 'B',
      deposit: accepted!.deposit,
      granted: ['statistics'],
      refused: ['personalisation'],
    })
    expect(reasked!.decided).toBeGreaterThan(accepted!.decided)
    await after.close()

    // Decided under B: nothing more to say, on the next visit.
    const settled = await visit(b, 33)
    expect(await firstLayer(settled).count()).toBe(0)
    expect(await notice(settled).count()).toBe(0)
    await settled.close()

    // Version C, minor: a notice from its publication, never a re-ask.
    const c = await site('C', [A, B, C], [HOST, VIDEOS], C.effective)
    for (const days of [41, 90]) {
      const page = await visit(c, days)
      await notice(page).waitFor({ state: 'visible' })
      expect(await notice(page).textContent()).toContain(C.summary.en)
      expect(await firstLayer(page).count()).toBe(0)
      await page.close()
    }
    expect(await readConsentCookie(context, c.siteUrl)).toEqual(reasked)
  })
})
