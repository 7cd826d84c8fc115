import type { Browser } from 'playwright-core'
import { scriptTimeFromTrace, type TraceEvent } from './script-time-from-trace.js'
import { scriptToMarkFromTrace } from './script-to-mark-from-trace.js'
import type { BannerProduct } from './start-banner-site.js'

/** One load of a bench page. */
export interface BannerLoad {
  /** Main-thread JavaScript of the product's scripts, ms (see scriptTimeFromTrace). */
  readonly scriptMs: number
  /** From navigation start to just after the frame that first paints the banner, ms. */
  readonly visibleMs: number
  /**
   * From the start of the product's first script (compile or evaluation) to the same moment, ms:
   * the banner's own latency, without the renderer's start and the page's load before it (see
   * scriptToMarkFromTrace); 0 for the page without a banner.
   */
  readonly ownMs: number
}

/** The mark the page makes once the banner is painted, read back from the trace. */
const VISIBLE_MARK = 'bench-banner-visible'

/** How long the part waits after the banner shows, for work the product defers past it. */
const SETTLE_MS = 250

/**
 * Loads a product's bench page once in a fresh browser context with the CPU slowed down
 * `throttle` times (CDP Emulation.setCPUThrottlingRate), tracing the renderer, and measures:
 * - **visible**: the same rule for every product. A MutationObserver waits for the banner's
 *   element; from then on, each animation frame checks that it is rendered (non-zero box,
 *   not `display: none`, `visibility: hidden` or opacity 0, `checkVisibility`); in the first
 *   frame where it is, a message posted from requestAnimationFrame runs right after that
 *   frame's paint, and its `performance.now()` (ms since navigation start) is the figure;
 * - **own**: from the start of the product's first script to that moment (a `performance.mark`),
 *   both read from the trace;
 * - **script**: the product's JavaScript on the main thread, from the trace, up to
 *   {@link SETTLE_MS} ms after the banner showed.
 *
 * @example const load = await measureBannerLoad(browser, `${site.url}`, BANNER_PRODUCTS[0], 4)
 */
export async function measureBannerLoad(
  browser: Browser,
  siteUrl: string,
  product: BannerProduct,
  throttle: number,
): Promise<BannerLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  try {
    const page = await context.newPage()
    let resolveVisible: (t: number) => void = () => undefined
    const visible = new Promise<number>((resolve) => (resolveVisible = resolve))
    await page.exposeFunction('__benchVisible', (t: number) => resolveVisible(t))
    await page.addInitScript({
      content: `(${WATCH_BANNER})(${JSON.stringify(product.selector)}, ${JSON.stringify(VISIBLE_MARK)})`,
    })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle })
    await browser.startTracing(page, {
      // EvaluateScript, FunctionCall and v8.compile are all in this one category.
      // blink.user_timing has the page's performance.mark.
      categories: ['devtools.timeline', 'blink.user_timing'],
    })
    let trace: Buffer
    let visibleMs: number
    try {
      await page.goto(`${siteUrl}/${product.id}.html`, { waitUntil: 'commit' })
      visibleMs = await withTimeout(
        visible,
        30_000,
        `${product.name}: no visible ${product.selector} within 30 s`,
      )
      await page.waitForTimeout(SETTLE_MS)
    } finally {
      trace = await browser.stopTracing()
    }
    const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents
    const urls = product.scripts.map((s) => new URL(s, siteUrl).href)
    const scriptMs = urls.length === 0 ? 0 : scriptTimeFromTrace(events, urls)
    if (urls.length > 0 && scriptMs === 0) {
      throw new Error(
        `${product.name}: the trace shows none of its scripts running (${urls.join(', ')})`,
      )
    }
    const ownMs = urls.length === 0 ? 0 : scriptToMarkFromTrace(events, urls, VISIBLE_MARK)
    return { scriptMs, visibleMs, ownMs }
  } finally {
    await context.close()
  }
}

/**
 * Runs in the page before any of its scripts (see measureBannerLoad). Plain JavaScript in a
 * string: a function would be rewritten by the TypeScript loader (tsx adds name helpers that
 * do not exist in the page).
 */
const WATCH_BANNER = `(selector, mark) => {
  const shown = (el) => {
    const box = el.getBoundingClientRect()
    return box.width > 0 && box.height > 0 &&
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
  }
  const frame = () => {
    const el = document.querySelector(selector)
    if (el && shown(el)) {
      // Posted from the frame's rAF, the message runs once that frame (style, layout, paint) is done.
      const channel = new MessageChannel()
      channel.port1.onmessage = () => {
        performance.mark(mark)
        window.__benchVisible(performance.now())
      }
      channel.port2.postMessage(null)
      return
    }
    requestAnimationFrame(frame)
  }
  const observer = new MutationObserver(() => {
    if (!document.querySelector(selector)) return
    observer.disconnect()
    requestAnimationFrame(frame)
  })
  observer.observe(document, { childList: true, subtree: true })
}`

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms))),
  ]).finally(() => clearTimeout(timer))
}
