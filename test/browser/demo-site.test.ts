import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type axe from 'axe-core'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../../src/cli/run.js'
import { launchChromium } from '../helpers/browser.js'
import { captureIo } from '../helpers/capture-io.js'
import { buildDemoSite, DEMO_POLICY } from '../helpers/demo-build.js'
import { screenshotPath } from '../helpers/screenshot-path.js'
import { ROOT } from '../helpers/server-process.js'
import { action, firstLayer, newSiteContext, readConsentCookie } from './temoin-page.js'

/**
 * The demo as a newcomer meets it: examples/site built with the Eleventy plugin, served with the
 * collector by `temoin demo`, opened in Chromium. The blocked video waits for consent, the
 * generated privacy page lets the visitor see their data, and its screenshot goes to docs/.
 */
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url))
let browser: Browser
let out = ''
let data = ''
let url = ''
const stop = new AbortController()
let exit: Promise<number> | undefined

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'temoin-demo-site-'))
  data = await mkdtemp(join(tmpdir(), 'temoin-demo-data-'))
  await buildDemoSite(out)
  const io = captureIo(ROOT, stop.signal)
  exit = run(['demo', '--port', '0', '--site', out, '--config', DEMO_POLICY, '--data', data], io)
  for (let i = 0; i < 200 && !url; i++) {
    url = /site:\s+(http:\/\/\S+?)\/?\s/.exec(io.out())?.[1] ?? ''
    if (!url) await new Promise((r) => setTimeout(r, 25))
  }
  if (!url) throw new Error(`temoin demo did not start:\n${io.out()}\n${io.err()}`)
  browser = await launchChromium()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  stop.abort()
  expect(await exit).toBe(0)
  await rm(out, { recursive: true, force: true })
  await rm(data, { recursive: true, force: true })
})

describe('the demo site in Chromium', () => {
  it('blocks the video until consent, then the privacy page shows the visitor their own data', async () => {
    const context = await newSiteContext(browser, { viewport: { width: 1000, height: 800 } })
    // The demo has no network: YouTube answers locally.
    await context.route('https://www.youtube-nocookie.com/**', (r) =>
      r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>video</title>' }),
    )
    const page = await context.newPage()
    await page.goto(`${url}/video/`)
    await firstLayer(page).waitFor({ state: 'visible' })
    const iframe = page.locator('iframe[data-temoin="personalisation"]')
    expect(await iframe.getAttribute('src')).toBe(null)
    expect(await page.locator('[data-temoin-allow="personalisation"]').count()).toBe(1)

    await action(page, 'accept').click()
    await expect
      .poll(() => iframe.getAttribute('src'))
      .toMatch(/^https:\/\/www\.youtube-nocookie\.com\//)
    await expect
      .poll(async () => (await readConsentCookie(context, url))?.receipt)
      .toMatch(/^[0-9a-f]{32}$/)

    await page.goto(`${url}/confidentialite.html`)
    expect(await page.title()).toContain('Politique de confidentialité')
    expect(await page.locator('body').textContent()).toMatch(/13\s+mois au plus/)
    await page.locator('[data-temoin-see]').click()
    await expect.poll(() => page.locator('#temoin-visitor-data').textContent()).toMatch(/[1-9]/)
    await page.screenshot({ path: screenshotPath('privacy-page.png'), fullPage: true })
    await context.close()
  })

  // The CNIL's exempt measurement needs an objection as easy as a click: the generated privacy
  // page has it, axe-clean; one click refuses statistics, says so, and nothing is counted after.
  it('the privacy page’s objection: one click, said so, no hit afterwards, axe-clean', async () => {
    const context = await newSiteContext(browser, { viewport: { width: 1000, height: 800 } })
    const page = await context.newPage()
    const hits: string[] = []
    page.on('request', (req) => {
      if (req.url().endsWith('/api/event')) hits.push(req.url())
    })
    await page.goto(`${url}/confidentialite.html`)
    await page.waitForLoadState('networkidle')
    expect(hits).toHaveLength(1) // no choice yet: the exempt measurement, anonymous
    const control = page.locator('[data-temoin-objection]')
    expect(await control.locator('button').textContent()).toBe('Je m’oppose à la mesure d’audience')
    await page.addScriptTag({ path: AXE })
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(
        '[data-temoin-objection]',
      )
      return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)
    })
    expect(violations).toEqual([])

    await control.locator('button').click()
    await expect
      .poll(() => control.locator('[data-temoin-output]').textContent())
      .toContain('vos visites ne sont plus comptées')
    const choice = await readConsentCookie(context, url)
    expect(choice?.refused).toContain('statistics')
    expect(choice?.granted).toEqual([])
    await page.goto(`${url}/`)
    await page.waitForLoadState('networkidle')
    expect(hits).toHaveLength(1)
    await context.close()
  })
})
