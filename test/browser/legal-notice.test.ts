import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../../src/cli/start-server.js'
import { loadConfig } from '../../src/policy/load-config.js'
import { createShiftableClock, launchChromium } from '../helpers/browser.js'
import { buildDemoSite, DEMO_POLICY } from '../helpers/demo-build.js'
import { screenshotPath } from '../helpers/screenshot-path.js'
import { action, firstLayer, newSiteContext, readConsentCookie, visitAt } from './temoin-page.js'

/**
 * A substantial change of the demo's terms of use (examples/temoin.yaml: `legal` cgu.md, a change
 * published on 2026-12-01, effective 2027-01-01; its two versions in examples/legal-versions.json),
 * seen by real visitors in Chromium on moved clocks: a returning visitor is told once, with a link
 * to the comparison of the two versions; a first-time visitor gets the banner, not the notice.
 */
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url))
const SUMMARY = 'Nos CGU changent le 1 janvier 2027 : voir les changements.'
const CHANGES = '/cgu/versions/changes-2026-12-01.html'

const clock = createShiftableClock()
let work = ''
let browser: Browser
let server: RunningServer
let url = ''

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'temoin-legal-notice-'))
  const policy = join(work, 'temoin.yaml')
  await copyFile(DEMO_POLICY, policy)
  const site = join(work, 'site')
  await buildDemoSite(site, policy)
  const config = await loadConfig(policy, () => undefined)
  server = await startServer({
    config: { ...config, server: { ...config.server, port: 0, rateLimitPerMinute: 100_000 } },
    dataDir: join(work, 'data'),
    clock,
    log: () => undefined,
    staticRoot: site,
  })
  url = server.url
  browser = await launchChromium()
}, 120_000)

afterAll(async () => {
  await server?.close()
  await browser?.close()
  await rm(work, { recursive: true, force: true })
})

/** A page opened on `day` (the page's clock and the server's). */
function visit(context: BrowserContext, day: string, path = '/'): Promise<Page> {
  return visitAt(context, clock, Date.parse(`${day}T10:00:00Z`) - Date.now(), url + path)
}

const notice = (page: Page) => page.locator('#temoin-notice[role="status"]')

async function axeViolations(page: Page, selector?: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  return page.evaluate(async (within) => {
    const run = (window as unknown as { axe: typeof axe }).axe.run
    const result = await (within ? run(within) : run())
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)
  }, selector)
}

/** A visitor who accepted everything on `day`. */
async function returning(day: string) {
  const context = await newSiteContext(browser)
  const page = await visit(context, day)
  await firstLayer(page).waitFor({ state: 'visible' })
  await action(page, 'accept').click()
  await page.waitForLoadState('networkidle')
  await page.close()
  return context
}

describe('a substantial change of the terms of use, announced by temoin.js', () => {
  it('tells a returning visitor once, during its notice, linking to what changed', async () => {
    const context = await returning('2026-11-20')
    const before = await readConsentCookie(context, url)
    const told = await visit(context, '2026-12-10')
    await notice(told).waitFor({ state: 'visible' })
    expect(await firstLayer(told).count()).toBe(0)
    const link = notice(told).locator('a')
    expect(await link.textContent()).toBe(SUMMARY)
    expect(await link.getAttribute('href')).toBe(CHANGES)
    expect(await axeViolations(told, '#temoin-notice')).toEqual([])
    await told.screenshot({ path: screenshotPath('legal-notice.png') })
    // Kept in the choice cookie, which is otherwise unchanged: no new identifier.
    const after = await readConsentCookie(context, url)
    expect(after).toEqual({ ...before, seen: after!.seen })
    expect(after!.seen).toBeGreaterThanOrEqual(Date.parse('2026-12-10T00:00:00Z'))
    await told.close()
    // Once: not on the next page, not the next day, not after the change took effect.
    for (const [day, path] of [
      ['2026-12-10', '/video/'],
      ['2026-12-11', '/'],
      ['2027-01-05', '/'],
    ] as const) {
      const later = await visit(context, day, path)
      expect(await notice(later).count(), `${day} ${path}`).toBe(0)
      expect(await firstLayer(later).count(), `${day} ${path}`).toBe(0)
      await later.close()
    }
    await context.close()
  })

  it('gives a first-time visitor the banner, not the notice', async () => {
    const context = await newSiteContext(browser)
    const page = await visit(context, '2026-12-10')
    await firstLayer(page).waitFor({ state: 'visible' })
    expect(await notice(page).count()).toBe(0)
    await context.close()
  })

  it('is gone once closed, and its link shows the changes word by word', async () => {
    const context = await returning('2026-11-20')
    const page = await visit(context, '2026-12-15')
    await notice(page).waitFor({ state: 'visible' })
    await notice(page).getByRole('button', { name: 'OK' }).click()
    expect(await notice(page).count()).toBe(0)
    await page.goto(url + '/')
    await page.waitForLoadState('networkidle')
    expect(await notice(page).count()).toBe(0)

    await page.goto(url + CHANGES)
    const main = page.locator('main')
    expect(await page.title()).toContain(
      "Conditions générales d'utilisation : changements du 1 novembre 2026 au 1 décembre 2026",
    )
    expect(await main.locator('ins').allTextContents()).toContain('[ajouté] et les photographies ')
    expect((await main.locator('del').allTextContents()).join(' ')).toContain('à tout moment')
    expect(await main.locator('a[href="/cgu/versions/"]').count()).toBe(1)
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: screenshotPath('legal-comparison.png'), fullPage: true })
    // The old version still answers at its address.
    await page.goto(url + '/cgu/versions/2026-11-01.html')
    expect(await main.textContent()).toContain('remplacée le 1 décembre 2026')
    await context.close()
  })
})
