import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type axe from 'axe-core'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/browser.js'
import { screenshotPath } from '../helpers/screenshot-path.js'
import {
  PANELS,
  SECRET,
  SITE,
  logIn,
  startDashboardServer,
  type DashboardServer,
} from './dashboard-server.js'

/**
 * Issue 5's dashboard acceptance, in real Chromium on the real server over `temoin seed` data:
 * the login, every panel with figures, a filter click that changes the figures and the URL, the
 * CSV download, axe-core in light and dark (desktop and phone), and the screenshot in docs/.
 */
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url))

let browser: Browser
let server: DashboardServer
beforeAll(async () => {
  browser = await launchChromium()
  server = await startDashboardServer({ seedEvents: 30_000 })
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function loggedInPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext(options)
  const page = await context.newPage()
  await logIn(page, server.url)
  return page
}

/** The rows of a panel's table, each as its cells' texts. */
function rows(page: Page, panel: string): Promise<string[][]> {
  return page
    .locator(`#panel-${panel} tbody tr`)
    .evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? '')),
    )
}

/** The summary's figure of a metric, as a number. */
async function metric(page: Page, key: string): Promise<number> {
  const text = await page.locator(`[data-metric="${key}"] .value`).textContent()
  return Number((text ?? '').replace(/[^0-9.]/g, ''))
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document)
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary}`),
    )
  })
}

describe('dashboard (real Chromium, seeded data)', () => {
  it('asks for the secret, refuses a wrong one on the page, and opens with the right one', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${server.url}/dashboard`)
    expect(new URL(page.url()).pathname).toBe('/dashboard/login')
    await page.getByLabel('Admin secret').fill('not the secret at all')
    await page.getByRole('button', { name: 'Log in' }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('LOGIN_FAILED')
    await logIn(page, server.url)
    expect(await page.locator('h1').textContent()).toContain('Démo locale')
    const cookie = (await context.cookies()).find((c) => c.name === 'temoin_session')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' })
    expect(await page.evaluate(() => document.cookie)).toBe('')
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL(/\/dashboard\/login$/)
    // A shared view: the login asks for the secret, then opens that view, not the default one.
    const view = `${server.url}/dashboard?site=${SITE}&interval=week&filter.device=mobile`
    await page.goto(view)
    expect(new URL(page.url()).pathname).toBe('/dashboard/login')
    await page.getByLabel('Admin secret').fill(SECRET)
    await Promise.all([
      page.waitForURL(/filter\.device=mobile/),
      page.getByRole('button', { name: 'Log in' }).click(),
    ])
    expect(page.url()).toBe(view)
    expect(await page.getByRole('group', { name: 'Active filters' }).textContent()).toContain(
      'mobile',
    )
    await context.close()
  })

  it('renders every panel with figures: summary by coverage, chart, real time and each table', async () => {
    const page = await loggedInPage()
    expect(await metric(page, 'visits')).toBeGreaterThan(0)
    expect(await metric(page, 'pageviews')).toBeGreaterThan(await metric(page, 'visits'))
    expect(await metric(page, 'visitors')).toBeGreaterThan(0)
    expect(await page.locator('#summary-all').textContent()).toBe('Everyone')
    expect(await page.locator('#summary-consenting').textContent()).toBe('Consenting visitors only')
    // uPlot drew the series on a canvas, from the JSON the server sent.
    await expect.poll(() => page.locator('#series-chart canvas').count()).toBeGreaterThan(0)
    expect(await rows(page, 'series').then((r) => r.length)).toBeGreaterThanOrEqual(28)
    expect(await page.locator('#panel-realtime [data-realtime="visits"]').textContent()).toMatch(
      /^\d[\d,]*$/,
    )
    for (const panel of PANELS) {
      const r = await rows(page, panel)
      expect(r.length, `${panel} has rows`).toBeGreaterThan(0)
      expect(r[0]![0], `${panel}'s first cell`).not.toBe('')
    }
    expect((await rows(page, 'devices')).map((r) => r[0])).toEqual(
      expect.arrayContaining(['desktop', 'mobile']),
    )
    await page.context().close()
  })

  it('a click on a row filters every panel, and the URL says so; removing the filter restores the view', async () => {
    const page = await loggedInPage()
    const visits = await metric(page, 'visits')
    const devices = await rows(page, 'devices')
    const mobile = page.locator('#panel-devices tbody tr', { hasText: 'mobile' })
    await Promise.all([
      page.waitForURL(/filter\.device=mobile/),
      mobile.locator('td').first().click(),
    ])
    expect(new URL(page.url()).searchParams.get('filter.device')).toBe('mobile')
    const filtered = await metric(page, 'visits')
    expect(filtered).toBeGreaterThan(0)
    expect(filtered).toBeLessThan(visits)
    expect((await rows(page, 'devices')).map((r) => r[0])).toEqual(['mobile'])
    expect(await page.getByRole('group', { name: 'Active filters' }).textContent()).toContain(
      'mobile',
    )
    // The URL alone gives the same view: bookmarkable, shareable.
    const again = await loggedInPage()
    await again.goto(page.url())
    expect(await metric(again, 'visits')).toBe(filtered)
    await again.context().close()

    await page.locator('[data-remove-filter="device"]').click()
    await page.waitForURL((u) => !u.searchParams.has('filter.device'))
    expect(await metric(page, 'visits')).toBe(visits)
    expect(await rows(page, 'devices')).toEqual(devices)
    await page.context().close()
  })

  it('downloads a table and the series as CSV', async () => {
    const page = await loggedInPage({ acceptDownloads: true })
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#panel-pages a.csv').click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    const csv = await readFile(await download.path(), 'utf8')
    const lines = csv.trim().split(/\r?\n/)
    expect(lines.length).toBeGreaterThan(2)
    expect(lines.slice(1).some((l) => l.startsWith('/'))).toBe(true)
    // The series too: the period's buckets, then the previous period's.
    const [series] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#panel-series a.csv').click(),
    ])
    const seriesLines = (await readFile(await series.path(), 'utf8')).trim().split(/\r?\n/)
    expect(seriesLines[0]).toBe('period,time,visits,pageviews,visitors')
    const periods = seriesLines.slice(1).map((l) => l.split(',')[0])
    expect(periods.filter((p) => p === 'current')).toHaveLength(30)
    expect(periods.filter((p) => p === 'previous')).toHaveLength(30)
    await page.context().close()
  })

  const looks = (['light', 'dark'] as const).flatMap((scheme) =>
    [
      { size: 'desktop', viewport: { width: 1280, height: 900 } },
      { size: 'phone', viewport: { width: 360, height: 740 } },
    ].map((s) => ({ scheme, ...s })),
  )
  it.each(looks)(
    '$scheme, $size: axe-core finds no violation, and nothing scrolls sideways',
    async ({ scheme, viewport }) => {
      // axe is injected as an inline script, which the page's CSP rightly refuses: the audit
      // looks at the markup and styles, so CSP is off for it (dashboard-xss tests it on).
      const context = await browser.newContext({ viewport, bypassCSP: true })
      const page = await context.newPage()
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`${server.url}/dashboard/login`)
      expect.soft(await axeViolations(page), 'login page').toEqual([])
      await logIn(page, server.url)
      await page.goto(`${server.url}/dashboard?site=${SITE}&filter.event=download`)
      expect.soft(await axeViolations(page), 'dashboard').toEqual([])
      const sideways = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(sideways).toBeLessThanOrEqual(0)
      await context.close()
    },
  )

  it('in French from the browser’s language: the login, every label and the figures; axe-core clean; a link back to English', async () => {
    // CSP off for axe, as above.
    const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true })
    const page = await context.newPage()
    const view = `${server.url}/dashboard?site=${SITE}&filter.device=mobile`
    await page.goto(view)
    expect(new URL(page.url()).pathname).toBe('/dashboard/login')
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    expect.soft(await axeViolations(page), 'login page').toEqual([])
    await page.getByLabel('Secret d’administration').fill(SECRET)
    await Promise.all([
      page.waitForURL(/filter\.device=mobile/),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ])
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    expect(await page.locator('#summary-all').textContent()).toBe('Tout le monde')
    expect(await page.locator('#summary-consenting').textContent()).toBe(
      'Visiteurs consentants seulement',
    )
    expect(await page.locator('#panel-devices-title').textContent()).toBe('Appareils')
    expect(await page.locator('#panel-devices thead').textContent()).toMatch(
      /Appareil.*Visites.*Pages vues/s,
    )
    expect(await page.locator('#panel-events-title').textContent()).toBe('Événements personnalisés')
    expect(await page.getByRole('group', { name: 'Filtres actifs' }).textContent()).toContain(
      'mobile',
    )
    await expect.poll(() => page.locator('#series-chart canvas').count()).toBeGreaterThan(0)
    expect(await page.locator('#series-chart').textContent()).toContain('Visiteurs (consentants)')
    expect.soft(await axeViolations(page), 'dashboard').toEqual([])
    await Promise.all([
      page.waitForURL(/lang=en/),
      page.getByRole('link', { name: 'English' }).click(),
    ])
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    expect(await page.locator('#summary-all').textContent()).toBe('Everyone')
    expect(new URL(page.url()).searchParams.get('filter.device')).toBe('mobile')
    await context.close()
  }, 90_000)

  // Issue 19: a receipt an inspector asks about is found by its id or by the visitor's id, from
  // the dashboard, with the digest of what is shown and the same receipts as CSV.
  it('consent records: lists receipts, finds one by receipt id and by visitor id; axe-core clean; not without a login', async () => {
    const anonymous = await (await browser.newContext()).newPage()
    await anonymous.goto(`${server.url}/dashboard/consent-records`)
    expect(new URL(anonymous.url()).pathname).toBe('/dashboard/login')

    // axe-core is injected as a script: the test lifts the page's CSP for it, as above.
    const page = await loggedInPage({ bypassCSP: true })
    await page.getByRole('link', { name: 'Consent records' }).click()
    await page.waitForURL(/\/dashboard\/consent-records/)
    const all = await page.locator('.records-table tbody tr').count()
    expect(all).toBeGreaterThan(10)
    expect(await page.locator('[data-records-digest]').textContent()).toMatch(/^[0-9a-f]{64}$/)
    expect(await axeViolations(page)).toEqual([])
    const cell = (row: number, column: number) =>
      page
        .locator(`.records-table tbody tr:nth-child(${row}) td:nth-child(${column})`)
        .textContent()
    // The first receipt with a visitor id: by its receipt id, then by its visitor id.
    const withVisitor = await page
      .locator('.records-table tbody tr')
      .evaluateAll((trs) =>
        trs.findIndex((tr) => tr.querySelector('td:nth-child(6) code') !== null),
      )
    expect(withVisitor).toBeGreaterThanOrEqual(0)
    const id = ((await cell(withVisitor + 1, 2)) ?? '').trim()
    const visitor = ((await cell(withVisitor + 1, 6)) ?? '').trim()
    expect(id).toMatch(/^[0-9a-f]{32}$/)
    expect(visitor).toMatch(/^\d{10}\.[0-9a-f]{32}$/)

    await page.getByLabel('Receipt id or visitor id').fill(id)
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(/q=/)
    expect(await page.locator('.records-table tbody tr').count()).toBe(1)
    expect((await cell(1, 2))?.trim()).toBe(id)

    await page.getByLabel('Receipt id or visitor id').fill(visitor)
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(new RegExp(`q=${visitor.replace('.', '\\.')}`))
    const byVisitor = await page
      .locator('.records-table tbody tr td:nth-child(6)')
      .evaluateAll((tds) => tds.map((td) => td.textContent?.trim()))
    expect(byVisitor.length).toBeGreaterThanOrEqual(1)
    expect(new Set(byVisitor)).toEqual(new Set([visitor]))
    expect(await page.locator('a[download]').getAttribute('href')).toContain('format=csv')

    // What is neither is said, not searched as something else.
    await page.getByLabel('Receipt id or visitor id').fill('not an id')
    await page.getByRole('button', { name: 'Show' }).click()
    await expect
      .poll(() => page.locator('[role="alert"]').textContent())
      .toContain('neither a receipt id nor a visitor id')
    // Two browser contexts, a login, axe-core and three searches: 16 s in CI, 27 s on a
    // loaded machine, where the suite's 30 s was too close.
  }, 60_000)

  it('renders a full-page screenshot (docs/dashboard.png with npm run screenshots)', async () => {
    const page = await loggedInPage({ viewport: { width: 1280, height: 900 } })
    await expect.poll(() => page.locator('#series-chart canvas').count()).toBeGreaterThan(0)
    await page.screenshot({ path: screenshotPath('dashboard.png'), fullPage: true })
    await page.context().close()
  })
})
