import { fileURLToPath } from 'node:url'
import type axe from 'axe-core'
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, startTestSite, type TestSite } from '../helpers/browser.js'
import { loadTestConfig } from '../helpers/collector-harness.js'
import {
  action,
  chooseFromBanner,
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
 * Issue 3's accessibility acceptance, in real Chromium: axe-core on both layers (light and
 * dark, 320 px and 200 % zoom), Accept and Refuse alike, a keyboard-only walk-through that
 * ends in a stored decision, visible focus, focus kept inside and given back, and
 * prefers-reduced-motion honoured.
 */
const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url))

const BODY = {
  en: `<header><a href="/">Home</a></header><main><h1>Welcome</h1>
<p>Some content of the site, with <a href="/about">a link</a>.</p>
<button type="button" data-temoin-manage>Manage my cookies</button></main>`,
  fr: `<header><a href="/">Accueil</a></header><main><h1>Bienvenue</h1>
<p>Du contenu du site, avec <a href="/a-propos">un lien</a>.</p>
<button type="button" data-temoin-manage>Gérer mes cookies</button></main>`,
}
const PAGES = {
  '/en': sitePage({ lang: 'en', body: BODY.en }),
  '/fr': sitePage({ lang: 'fr', title: 'Accueil', body: BODY.fr }),
}

/**
 * The two sizes WCAG asks about. 1.4.10 Reflow: a 320 CSS px wide screen. 1.4.4 Resize text:
 * 200 % browser zoom, which on a 1280×800 window is a 640×400 CSS px layout viewport with two
 * device pixels per CSS pixel: exactly what the page, its media queries and its layout see at
 * that zoom. (CSS `zoom` on <html> would scale the page inside an unchanged viewport, so media
 * queries would not react: a weaker model of what a visitor does.)
 */
const SIZES: Record<string, BrowserContextOptions> = {
  '320 px': { viewport: { width: 320, height: 640 } },
  '200 % zoom': { viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 },
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

type Layer = 'first' | 'second'

/** The open dialog of a layer: the banner, or the dialog holding the visible switches. */
function layerRoot(page: Page, layer: Layer): Locator {
  if (layer === 'first') return firstLayer(page)
  return page
    .locator('[role="dialog"]')
    .filter({ has: page.locator('input[type="checkbox"][role="switch"][data-purpose]:visible') })
}

/** axe-core's violations inside a layer, one readable line per failing node. */
async function axeViolations(page: Page, layer: Layer): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  return layerRoot(page, layer).evaluate(async (root) => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(root)
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}) ${n.target.join(' ')}: ${n.failureSummary}`),
    )
  })
}

/** Sideways scrolling, and the visible controls of a layer that cannot be scrolled into view. */
async function layoutProblems(page: Page, layer: Layer): Promise<string[]> {
  return layerRoot(page, layer).evaluate((root, layer) => {
    const problems: string[] = []
    const doc = document.documentElement
    if (doc.scrollWidth > doc.clientWidth) {
      problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`)
    }
    if (root.scrollWidth > root.clientWidth) {
      problems.push(`${layer} layer scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`)
    }
    const controls = [...root.querySelectorAll('button, a[href], input')].filter(
      (e) => e.getClientRects().length > 0,
    )
    for (const control of controls) {
      control.scrollIntoView({ block: 'nearest', inline: 'nearest' })
      const r = control.getBoundingClientRect()
      const inView =
        r.left >= -0.5 &&
        r.top >= -0.5 &&
        r.right <= innerWidth + 0.5 &&
        r.bottom <= innerHeight + 0.5
      if (!inView) {
        const name = control.getAttribute('data-temoin-action') ?? control.outerHTML.slice(0, 80)
        problems.push(`${name} cannot be brought into view: ${JSON.stringify(r)}`)
      }
    }
    return problems
  }, layer)
}

describe('temoin.js banner: axe-core, reflow and zoom (real Chromium)', () => {
  const cases = Object.keys(SIZES).flatMap((size) =>
    (['light', 'dark'] as const).flatMap((scheme) =>
      (['fr', 'en'] as const).map((lang) => ({ size, scheme, lang })),
    ),
  )
  it.each(cases)(
    '$lang, $scheme, $size: both layers have no axe violation and fit without sideways scrolling',
    async ({ size, scheme, lang }) => {
      const context = await newSiteContext(browser, SIZES[size])
      const page = await context.newPage()
      await page.emulateMedia({ colorScheme: scheme })
      await openWithBanner(page, `${site.siteUrl}/${lang}`)
      expect.soft(await axeViolations(page, 'first'), 'first layer').toEqual([])
      expect.soft(await layoutProblems(page, 'first'), 'first layer').toEqual([])
      await chooseFromBanner(page)
      expect.soft(await axeViolations(page, 'second'), 'second layer').toEqual([])
      expect.soft(await layoutProblems(page, 'second'), 'second layer').toEqual([])
      await context.close()
    },
  )
})

describe('temoin.js banner: what it says and how it is built', () => {
  it.each([
    {
      lang: 'fr',
      privacy: '/confidentialite.html',
      titles: { statistics: "Mesure d'audience", personalisation: 'Personnalisation' },
      description: 'Compter les visites et les pages consultées',
    },
    {
      lang: 'en',
      privacy: '/privacy.html',
      titles: { statistics: 'Audience measurement', personalisation: 'Personalisation' },
      description: 'Counting visits and pages read',
    },
  ])(
    '$lang: dialog semantics, the policy’s privacy link, one labelled switch per purpose, off by default',
    async ({ lang, privacy, titles, description }) => {
      const context = await newSiteContext(browser)
      const page = await context.newPage()
      await openWithBanner(page, `${site.siteUrl}/${lang}`)
      const banner = await page.evaluate(() => {
        const b = document.querySelector('#temoin-banner')!
        const link = b.querySelector<HTMLAnchorElement>('a[href]')
        return {
          role: b.getAttribute('role'),
          modal: b.getAttribute('aria-modal'),
          labelledby: b.getAttribute('aria-labelledby'),
          title: document.querySelector('#temoin-title')?.textContent?.trim() ?? '',
          titleInside: b.contains(document.querySelector('#temoin-title')),
          privacy: link ? new URL(link.href).pathname : null,
          actions: [...b.querySelectorAll('button[data-temoin-action]')]
            .filter((e) => e.getClientRects().length > 0)
            .map((e) => e.getAttribute('data-temoin-action')),
        }
      })
      expect(banner).toMatchObject({
        role: 'dialog',
        modal: 'true',
        labelledby: 'temoin-title',
        titleInside: true,
        privacy,
      })
      expect(banner.title.length).toBeGreaterThan(0)
      expect([...banner.actions].sort()).toEqual(['accept', 'choose', 'refuse'])

      await chooseFromBanner(page)
      const dialog = await page.evaluate(() => {
        const d = document
          .querySelector('input[role="switch"][data-purpose]')
          ?.closest('[role="dialog"]')
        return {
          modal: d?.getAttribute('aria-modal'),
          text: d?.textContent ?? '',
          actions: [...(d?.querySelectorAll('button[data-temoin-action]') ?? [])]
            .filter((e) => e.getClientRects().length > 0)
            .map((e) => e.getAttribute('data-temoin-action'))
            .sort(),
        }
      })
      expect(dialog.modal).toBe('true')
      // The contract's three; the layer may add its own (e.g. a Back button).
      expect(dialog.actions).toEqual(expect.arrayContaining(['accept', 'refuse', 'save']))
      expect(dialog.text).toContain(description)
      // The example policy's one recipient receives statistics.
      expect(dialog.text).toContain('Hébergeur du site')
      for (const [purpose, title] of Object.entries(titles)) {
        // The accessible name, as a screen reader computes it, names the purpose.
        const byName = page.getByRole('switch', { name: title, exact: false })
        expect(await byName.count(), `switch named ${title}`).toBe(1)
        expect(await byName.getAttribute('data-purpose')).toBe(purpose)
        expect(await purposeSwitch(page, purpose).isChecked(), `${purpose} off by default`).toBe(
          false,
        )
      }
      await context.close()
    },
  )

  it('Accept all and Refuse all have the same size, colour and weight, on both layers', async () => {
    const styles = [
      'fontSize',
      'fontWeight',
      'fontFamily',
      'fontStyle',
      'color',
      'backgroundColor',
      'paddingTop',
      'paddingRight',
      'paddingBottom',
      'paddingLeft',
      'borderTopWidth',
      'borderTopStyle',
      'borderTopColor',
      'borderBottomWidth',
      'borderRadius',
      'textDecorationLine',
      'textTransform',
      'letterSpacing',
      'opacity',
    ] as const
    const look = async (page: Page, name: 'accept' | 'refuse') => {
      const button = action(page, name)
      expect(await button.count(), `one visible ${name} button`).toBe(1)
      const box = await button.boundingBox()
      const computed = await button.evaluate(
        (e, keys) => {
          const s = getComputedStyle(e)
          return Object.fromEntries(keys.map((k) => [k, s[k]]))
        },
        [...styles],
      )
      return { computed, width: box?.width ?? -1, height: box?.height ?? -1 }
    }
    for (const [lang, options] of [
      ['fr', SIZES['320 px']],
      ['en', { viewport: { width: 1280, height: 800 } }],
    ] as const) {
      const context = await newSiteContext(browser, options)
      const page = await context.newPage()
      await openWithBanner(page, `${site.siteUrl}/${lang}`)
      for (const layer of ['first', 'second'] as const) {
        if (layer === 'second') await chooseFromBanner(page)
        const accept = await look(page, 'accept')
        const refuse = await look(page, 'refuse')
        const where = `${lang}, ${layer} layer`
        expect(refuse.computed, where).toEqual(accept.computed)
        expect(Math.abs(refuse.width - accept.width), `${where}: widths`).toBeLessThanOrEqual(0.5)
        expect(Math.abs(refuse.height - accept.height), `${where}: heights`).toBeLessThanOrEqual(
          0.5,
        )
        expect(accept.width, where).toBeGreaterThan(0)
      }
      await context.close()
    }
  })
})

/** Where the focus is, in terms of the dialog holding it. */
interface Focus {
  inDialog: boolean
  layer: Layer | ''
  /** Position among the dialog's tabbable elements, -1 when outside. */
  index: number
  count: number
  isFirstButton: boolean
  tag: string
  action: string
  purpose: string
  checked: boolean
  /** An outline or a box-shadow is drawn around it. */
  ringed: boolean
  manage: boolean
}

const focus = (page: Page): Promise<Focus> =>
  page.evaluate(() => {
    const a = document.activeElement as HTMLElement | null
    const dialog = a?.closest('[role="dialog"]') ?? null
    const tabbable = dialog
      ? [
          ...dialog.querySelectorAll<HTMLElement>(
            'a[href], button, input, select, textarea, [tabindex]',
          ),
        ].filter(
          (e) =>
            e.tabIndex >= 0 &&
            !(e as HTMLButtonElement).disabled &&
            e.getClientRects().length > 0 &&
            getComputedStyle(e).visibility !== 'hidden',
        )
      : []
    const style = a ? getComputedStyle(a) : null
    const switches = dialog
      ? [...dialog.querySelectorAll('input[role="switch"][data-purpose]')].some(
          (e) => e.getClientRects().length > 0,
        )
      : false
    return {
      inDialog: dialog !== null,
      layer: dialog ? (switches ? 'second' : 'first') : '',
      index: a ? tabbable.indexOf(a) : -1,
      count: tabbable.length,
      isFirstButton: a !== null && a === tabbable.find((e) => e.tagName === 'BUTTON'),
      tag: a?.tagName.toLowerCase() ?? '',
      action: a?.getAttribute('data-temoin-action') ?? '',
      purpose: a?.getAttribute('data-purpose') ?? '',
      checked: a instanceof HTMLInputElement && a.checked,
      ringed:
        style !== null &&
        ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
          style.boxShadow !== 'none'),
      manage: a?.hasAttribute('data-temoin-manage') ?? false,
    } satisfies Focus
  })

/**
 * Presses Tab until `wanted` holds (at most `max` times), checking at each step that the focus
 * stayed inside the open dialog and, on a button or a link, is drawn.
 */
async function tabTo(page: Page, wanted: (f: Focus) => boolean, max: number): Promise<Focus> {
  let f = await focus(page)
  for (let i = 0; i < max && !wanted(f); i++) {
    await page.keyboard.press('Tab')
    f = await focus(page)
    expect(f.inDialog, `Tab ${i + 1} left the dialog for <${f.tag}>`).toBe(true)
    if (f.tag === 'button' || f.tag === 'a')
      expect(f.ringed, `focus ring on ${f.action}`).toBe(true)
  }
  expect(wanted(f), `not reached in ${max} Tabs; focus on ${JSON.stringify(f)}`).toBe(true)
  return f
}

/** Tab through a whole dialog: every stop inside, drawn, and the cycle wraps back to the start. */
async function walkCycle(page: Page): Promise<number> {
  const start = await focus(page)
  expect(start.inDialog).toBe(true)
  const n = start.count
  expect(n).toBeGreaterThanOrEqual(3)
  const seen = [start.index]
  for (let i = 0; i < n; i++) {
    await page.keyboard.press('Tab')
    const f = await focus(page)
    expect(f.inDialog, `Tab ${i + 1} left the dialog for <${f.tag}>`).toBe(true)
    if (f.tag === 'button' || f.tag === 'a')
      expect(f.ringed, `focus ring on ${f.action}`).toBe(true)
    seen.push(f.index)
  }
  expect(seen, 'Tab visits each control in order and wraps').toEqual(
    seen.map((_, k) => (start.index + k) % n),
  )
  await page.keyboard.press('Shift+Tab')
  expect((await focus(page)).index, 'Shift+Tab goes back').toBe((start.index - 1 + n) % n)
  await page.keyboard.press('Tab')
  return n
}

describe('temoin.js banner: keyboard only', () => {
  it('walks both layers with Tab, Enter, Space and Esc, and the decision it ends with is stored', async () => {
    const context = await newSiteContext(browser)
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/en`)

    const first = await focus(page)
    expect(first, 'focus on the first button of the first layer').toMatchObject({
      layer: 'first',
      isFirstButton: true,
    })
    const n = await walkCycle(page)

    // Choose opens the second layer, its first button focused.
    await tabTo(page, (f) => f.action === 'choose', n)
    await page.keyboard.press('Enter')
    await waitFor(
      () => secondLayerShown(page),
      (shown) => shown,
    )
    expect(await focus(page), 'focus on the first button of the second layer').toMatchObject({
      layer: 'second',
      isFirstButton: true,
    })
    const m = await walkCycle(page)

    // Space toggles a switch; Esc goes back to the first layer, to the Choose button.
    const stats = await tabTo(page, (f) => f.purpose === 'statistics', m)
    expect(stats.checked).toBe(false)
    await page.keyboard.press('Space')
    expect((await focus(page)).checked, 'Space switched statistics on').toBe(true)
    await page.keyboard.press('Escape')
    expect(await secondLayerShown(page), 'Esc left the second layer').toBe(false)
    expect(await firstLayer(page).isVisible(), 'Esc went back to the first layer').toBe(true)
    // Soft: the rest of the walk still runs and reports.
    expect.soft(await focus(page), 'focus back on Choose').toMatchObject({
      layer: 'first',
      action: 'choose',
    })
    expect(await readChoice(context, site.siteUrl), 'Esc decides nothing').toBeNull()

    // Again, to a decision: personalisation on, statistics off, saved with the keyboard alone.
    await tabTo(page, (f) => f.action === 'choose', n)
    await page.keyboard.press('Enter')
    await waitFor(
      () => secondLayerShown(page),
      (shown) => shown,
    )
    const perso = await tabTo(page, (f) => f.purpose === 'personalisation', m)
    if (!perso.checked) await page.keyboard.press('Space')
    expect((await focus(page)).checked).toBe(true)
    const stats2 = await tabTo(page, (f) => f.purpose === 'statistics', m)
    if (stats2.checked) await page.keyboard.press('Space')
    expect((await focus(page)).checked).toBe(false)
    await tabTo(page, (f) => f.action === 'save', m)
    await page.keyboard.press('Enter')

    const choice = await waitFor(
      () => readChoice(context, site.siteUrl),
      (c) => c !== null,
    )
    expect(choice).toEqual({ granted: ['personalisation'], refused: ['statistics'] })
    expect(await page.locator('[role="dialog"]:visible').count(), 'dialogs closed').toBe(0)
    const { receipts } = await waitFor(
      () => site.stored(),
      (s) => s.receipts.some((r) => r.granted.includes('personalisation')),
    )
    expect(receipts.map((r) => [r.granted, [...r.refused].sort()])).toContainEqual([
      ['personalisation'],
      ['statistics'],
    ])
    await context.close()
  })

  it('a manage control re-opens the choices as saved; Esc closes them and gives the focus back', async () => {
    const context = await newSiteContext(browser)
    const page = await context.newPage()
    await openWithBanner(page, `${site.siteUrl}/fr`)
    await chooseFromBanner(page)
    await purposeSwitch(page, 'personalisation').check()
    await action(page, 'save').click()
    await waitFor(
      () => readChoice(context, site.siteUrl),
      (c) => c !== null,
    )

    // The page's own [data-temoin-manage] button.
    await page.locator('main button[data-temoin-manage]').focus()
    await page.keyboard.press('Enter')
    await waitFor(
      () => secondLayerShown(page),
      (shown) => shown,
    )
    expect(await focus(page)).toMatchObject({ layer: 'second', isFirstButton: true })
    expect(await purposeSwitch(page, 'personalisation').isChecked(), 'as saved').toBe(true)
    expect(await purposeSwitch(page, 'statistics').isChecked(), 'as saved').toBe(false)
    await page.keyboard.press('Escape')
    expect(await page.locator('[role="dialog"]:visible').count(), 'Esc closed the choices').toBe(0)
    expect(await focus(page), 'focus back on the manage button').toMatchObject({
      inDialog: false,
      manage: true,
      tag: 'button',
    })

    // temoin.manageLink(): a ready-made control that does the same.
    const made = await page.evaluate(() => {
      const link = (window as unknown as TemoinWindow).temoin.manageLink()
      link.id = 'made-by-temoin'
      document.querySelector('main')!.append(link)
      link.focus()
      return {
        tag: link.tagName,
        manage: link.hasAttribute('data-temoin-manage'),
        text: link.textContent?.trim() ?? '',
        focused: document.activeElement === link,
      }
    })
    expect(made).toMatchObject({ tag: 'BUTTON', manage: true, focused: true })
    expect(made.text.length).toBeGreaterThan(0)
    await page.keyboard.press('Enter')
    await waitFor(
      () => secondLayerShown(page),
      (shown) => shown,
    )
    await page.keyboard.press('Escape')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('made-by-temoin')
    expect(await readChoice(context, site.siteUrl), 'Esc changed nothing').toEqual({
      granted: ['personalisation'],
      refused: ['statistics'],
    })
    await context.close()
  })

  it('prefers-reduced-motion: no animation or transition runs when the layers open and close', async () => {
    const context = await newSiteContext(browser)
    const page = await context.newPage()
    await page.emulateMedia({ reducedMotion: 'reduce' })
    const animations = () => page.evaluate(() => document.getAnimations().length)
    await openWithBanner(page, `${site.siteUrl}/en`)
    expect(await animations(), 'first layer shown').toBe(0)
    await action(page, 'choose').click()
    expect(await animations(), 'second layer opening').toBe(0)
    await page.keyboard.press('Escape')
    expect(await animations(), 'back to the first layer').toBe(0)
    await action(page, 'refuse').click()
    expect(await animations(), 'banner closing').toBe(0)
    await page.evaluate(() => (window as unknown as TemoinWindow).temoin.open())
    expect(await animations(), 'temoin.open()').toBe(0)
    await context.close()
  })
})
