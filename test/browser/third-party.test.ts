import { fileURLToPath } from 'node:url'
import type axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startTestSite, type TestSite } from '../helpers/browser.js'
import { loadTestConfig } from '../helpers/collector-harness.js'
import {
  action,
  firstLayer,
  newSiteContext,
  openWithBanner,
  purposeSwitch,
  readChoice,
  secondLayerShown,
  sitePage,
  waitFor,
  type TemoinWindow,
} from './temoin-page.js'

/**
 * Third-party content waits for consent (issue 3): `<script type="text/plain" data-temoin>` runs
 * only once its purpose is granted, `<iframe data-temoin data-src>` gets its src only then and
 * shows an accessible placeholder until; a withdrawal puts the placeholder back, without reload.
 */
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url))

const PAGE = sitePage({
  lang: 'en',
  title: 'Videos and news',
  body: `<main><h1>Videos and news</h1>
<script type="text/plain" data-temoin="advertising">window.inlineAdRuns = (window.inlineAdRuns || 0) + 1</script>
<script type="text/plain" data-temoin="advertising" data-src="/ad.js"></script>
<p><a href="/about">About us</a></p>
<iframe data-temoin="personalisation" data-src="/video.html" title="Demo video" width="320" height="180"></iframe>
<p><button type="button" data-temoin-manage>Manage my cookies</button></p>
</main>`,
})
const VIDEO = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Video</title></head>
<body><p id="video">A video</p></body></html>`
/** What the site's blocked external script does when it runs: counts its own runs. */
const AD_SCRIPT = 'window.externalAdRuns = (window.externalAdRuns || 0) + 1'

let browser: Browser
let site: TestSite
beforeAll(async () => {
  browser = await launchChromium()
  const example = await loadTestConfig()
  const config = await loadTestConfig({
    policy: {
      purposes: {
        ...example.policy.purposes,
        advertising: {
          basis: 'consent',
          title: { fr: 'Publicité', en: 'Advertising' },
          description: {
            fr: 'Afficher des publicités selon vos centres d’intérêt.',
            en: 'Showing ads matched to your interests.',
          },
        },
      },
    },
  })
  site = await startTestSite(config, { '/': PAGE, '/video.html': VIDEO })
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

/** A context whose requests for the blocked resources are counted; /ad.js is served here. */
async function countingContext(): Promise<{
  context: BrowserContext
  requested: { ad: number; video: number }
}> {
  const context = await newSiteContext(browser)
  const requested = { ad: 0, video: 0 }
  await context.route('**/ad.js', async (route) => {
    requested.ad++
    await route.fulfill({ contentType: 'text/javascript', body: AD_SCRIPT })
  })
  context.on('request', (r) => {
    if (new URL(r.url()).pathname === '/video.html') requested.video++
  })
  return { context, requested }
}

const runs = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as TemoinWindow
    return {
      inline: Number(w.inlineAdRuns ?? 0),
      external: Number(w.externalAdRuns ?? 0),
    }
  })

/** The iframe's src attribute and the URL its frame shows. */
async function iframeState(page: Page): Promise<{ src: string | null; frameUrl: string }> {
  const handle = await page.$('iframe[data-temoin="personalisation"]')
  expect(handle, 'the iframe is still in the page').not.toBeNull()
  const src = await handle!.getAttribute('src')
  const frame = await handle!.contentFrame()
  return { src, frameUrl: frame?.url() ?? '' }
}
const BLANK = [null, '', 'about:blank']

/** The placeholder's Allow button, and whether it stands before the iframe. */
const placeholder = (page: Page) =>
  page.evaluate(() => {
    const button = document.querySelector<HTMLElement>(
      'button[data-temoin-allow="personalisation"]',
    )
    const iframe = document.querySelector('iframe[data-temoin="personalisation"]')
    return {
      present: button !== null,
      visible: button !== null && button.getClientRects().length > 0,
      before:
        button !== null &&
        iframe !== null &&
        (button.compareDocumentPosition(iframe) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
      text: button?.textContent?.trim() ?? '',
    }
  })

async function save(page: Page, purposes: Record<string, boolean>): Promise<void> {
  await waitFor(
    () => secondLayerShown(page),
    (shown) => shown,
  )
  for (const [purpose, on] of Object.entries(purposes)) {
    await purposeSwitch(page, purpose).setChecked(on)
  }
  await action(page, 'save').click()
}

describe('temoin.js: blocked third-party scripts (real Chromium)', () => {
  it('neither loads nor runs before consent or after a refusal; runs once when its purpose is granted', async () => {
    const { context, requested } = await countingContext()
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/`)
    expect(await runs(page), 'before any choice').toEqual({ inline: 0, external: 0 })
    expect(requested.ad, '/ad.js fetched before any choice').toBe(0)

    await action(page, 'refuse').click()
    await waitFor(
      () => readChoice(context, site.siteUrl),
      (c) => c !== null,
    )
    await page.waitForTimeout(200)
    expect(await runs(page), 'after Refuse all').toEqual({ inline: 0, external: 0 })
    expect(requested.ad).toBe(0)

    // Granting advertising alone, without a reload.
    await page.evaluate(() => (window as unknown as TemoinWindow).temoin.open())
    await save(page, { advertising: true })
    expect(
      await waitFor(
        () => runs(page),
        (r) => r.external > 0 && r.inline > 0,
      ),
      'after granting advertising',
    ).toEqual({ inline: 1, external: 1 })
    expect(requested.ad).toBe(1)
    expect(await readChoice(context, site.siteUrl)).toEqual({
      granted: ['advertising'],
      refused: ['personalisation', 'statistics'],
    })
    // The iframe's purpose (personalisation) is still refused.
    expect(BLANK).toContain((await iframeState(page)).src)
    expect(requested.video).toBe(0)

    // Saving the same choice again does not run the scripts a second time.
    await page.evaluate(() => (window as unknown as TemoinWindow).temoin.open())
    await save(page, {})
    await page.waitForTimeout(200)
    expect(await runs(page), 'after saving the same choice again').toEqual({
      inline: 1,
      external: 1,
    })

    // Next visit: granted from the cookie, run at load, no banner.
    await page.reload()
    expect(
      await waitFor(
        () => runs(page),
        (r) => r.external > 0 && r.inline > 0,
      ),
      'on the next page load',
    ).toEqual({ inline: 1, external: 1 })
    expect(await firstLayer(page).isVisible()).toBe(false)
    await context.close()
  })
})

describe('temoin.js: blocked iframes and their placeholder (real Chromium)', () => {
  it('an iframe has no src before consent, behind an accessible placeholder before it', async () => {
    const { context, requested } = await countingContext()
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/`)
    expect(BLANK).toContain((await iframeState(page)).src)
    expect((await iframeState(page)).frameUrl).not.toContain('/video.html')
    expect(requested.video).toBe(0)
    const before = await placeholder(page)
    expect(before).toMatchObject({ present: true, visible: true, before: true })
    expect(before.text.length).toBeGreaterThan(0)

    // axe-core on the placeholder (its closest container that is not the whole page).
    await page.addScriptTag({ path: AXE })
    const violations = await page.evaluate(async () => {
      const button = document.querySelector('button[data-temoin-allow="personalisation"]')!
      const root = button.parentElement === document.body ? button : button.parentElement!
      const result = await (window as unknown as { axe: typeof axe }).axe.run(root)
      return result.violations.flatMap((v) =>
        v.nodes.map((n) => `${v.id} ${n.target.join(' ')}: ${n.failureSummary}`),
      )
    })
    expect(violations).toEqual([])
    await context.close()
  })

  it('the placeholder is reachable by keyboard and its Allow button grants that purpose only', async () => {
    const { context, requested } = await countingContext()
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/`)
    await action(page, 'refuse').click()
    await waitFor(
      () => readChoice(context, site.siteUrl),
      (c) => c !== null,
    )
    expect((await placeholder(page)).visible, 'placeholder after Refuse all').toBe(true)

    // Keyboard only: Tab from the top of the page to the Allow button.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    let reached = false
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute('data-temoin-allow') === 'personalisation',
      )
    }
    expect(reached, 'Allow reached with Tab').toBe(true)
    await page.keyboard.press('Enter')

    expect(
      await waitFor(
        () => readChoice(context, site.siteUrl),
        (c) => (c?.granted.length ?? 0) > 0,
      ),
    ).toEqual({ granted: ['personalisation'], refused: ['advertising', 'statistics'] })
    const after = await waitFor(
      () => iframeState(page),
      (s) => s.frameUrl.endsWith('/video.html'),
    )
    expect(after.src).toBe('/video.html')
    expect(after.frameUrl).toBe(`${site.siteUrl}/video.html`)
    expect(requested.video).toBe(1)
    expect((await placeholder(page)).visible, 'placeholder gone once allowed').toBe(false)
    expect(await runs(page), 'advertising still refused').toEqual({ inline: 0, external: 0 })
    const { receipts } = await waitFor(
      () => site.stored(),
      (s) => s.receipts.some((r) => r.granted.join() === 'personalisation'),
    )
    expect(receipts.some((r) => r.granted.join() === 'personalisation')).toBe(true)
    await context.close()
  })

  it('a withdrawal puts the placeholder back and blanks the iframe, without a reload', async () => {
    const { context } = await countingContext()
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/`)
    await action(page, 'accept').click()
    await waitFor(
      () => iframeState(page),
      (s) => s.frameUrl.endsWith('/video.html'),
    )
    expect((await placeholder(page)).visible).toBe(false)
    await page.evaluate(() => {
      const w = window as unknown as TemoinWindow
      w.samePage = true
      w.changes = 0
      w.temoin.on('change', () => {
        w.changes = (w.changes as number) + 1
      })
    })

    await page.locator('main button[data-temoin-manage]').click()
    await save(page, { personalisation: false })

    expect(
      await waitFor(
        () => readChoice(context, site.siteUrl),
        (c) => c?.refused.includes('personalisation') ?? false,
      ),
    ).toEqual({ granted: ['advertising', 'statistics'], refused: ['personalisation'] })
    const state = await iframeState(page)
    expect(BLANK, 'iframe src after withdrawal').toContain(state.src)
    expect(state.frameUrl).not.toContain('/video.html')
    expect(await placeholder(page)).toMatchObject({ present: true, visible: true, before: true })
    expect(
      await page.evaluate(() => {
        const w = window as unknown as TemoinWindow
        return { samePage: w.samePage, changes: w.changes }
      }),
    ).toEqual({ samePage: true, changes: 1 })
    await context.close()
  })
})
