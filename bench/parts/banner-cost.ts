import { launchChromium } from '../../test/helpers/browser.js'
import type { BenchPart, PartOutcome, Row } from '../bench-part.js'
import { checkGoal } from '../check-goal.js'
import { measureBannerLoad, type BannerLoad } from '../measure-banner-load.js'
import { BANNER_PRODUCTS, BLANK_PAGE, startBannerSite } from '../start-banner-site.js'
import { pairedRatio } from '../paired-ratio.js'
import { summarize } from '../summarize.js'

/** The CPU slow-down of issue 7 (a mid-range phone against this machine). */
const THROTTLE = 4

/**
 * Part 2: what the banner costs the page, in headless Chromium with the CPU slowed down 4×:
 * the product's JavaScript on the main thread and the time until its banner is visible, for
 * Témoin, orejime and vanilla-cookieconsent with the same two purposes on the same page, and
 * the page alone (its first frame) as the floor. One load per product per round, in a rotating
 * order, each in a fresh browser context; the median over the rounds.
 *
 * @example const outcome = await bannerCost.run(ctx)
 */
export const bannerCost: BenchPart = {
  id: 'banner',
  number: 2,
  title: 'Banner cost in the page',
  timeLimit: { full: 480, quick: 90 },
  reproduce: 'npm run bench -- --only banner --runs 12',
  async run(ctx): Promise<PartOutcome> {
    const rounds = ctx.runs ?? (ctx.quick ? 2 : 12)
    const pages = [BLANK_PAGE, ...BANNER_PRODUCTS]
    const loads = new Map<string, BannerLoad[]>(pages.map((p) => [p.id, []]))
    const site = await startBannerSite()
    const browser = await launchChromium()
    try {
      // Loads not counted first: the browser's own first-time costs (one page is enough for a
      // quick run, whose figures only prove that the part works).
      for (const p of ctx.quick ? pages.slice(0, 1) : pages) {
        await measureBannerLoad(browser, site.url, p, THROTTLE)
      }
      for (let round = 0; round < rounds; round++) {
        ctx.signal.throwIfAborted()
        for (let i = 0; i < pages.length; i++) {
          const p = pages[(i + round) % pages.length]!
          loads.get(p.id)!.push(await measureBannerLoad(browser, site.url, p, THROTTLE))
        }
        ctx.log(`round ${round + 1}/${rounds}`)
      }
    } finally {
      await browser.close()
      await site.close()
    }

    const series = (id: string, key: keyof BannerLoad) => loads.get(id)!.map((l) => l[key])
    const stat = (id: string, key: keyof BannerLoad) => summarize(series(id, key))
    // Loads of one round ran one right after the other: their ratios pair.
    const ratio = (a: string, b: string, key: keyof BannerLoad) =>
      pairedRatio(series(a, key), series(b, key))
    const temoin = BANNER_PRODUCTS[0]!
    const peers = BANNER_PRODUCTS.slice(1)
    const rows: Row[] = []
    const goals = []
    const notes: string[] = []
    for (const [key, what] of [
      ['scriptMs', 'script evaluation'],
      ['visibleMs', 'time until the banner is visible'],
    ] as const) {
      const best = peers.reduce((a, b) =>
        stat(a.id, key).median <= stat(b.id, key).median ? a : b,
      )
      const t = stat(temoin.id, key)
      const b = stat(best.id, key)
      rows.push({
        label: `Témoin: ${what}`,
        unit: 'ms',
        ...t,
        ratio: { value: ratio(temoin.id, best.id, key), of: `${best.name} (best peer)` },
      })
      for (const p of peers) {
        const s = stat(p.id, key)
        rows.push({
          label: `${p.name}: ${what}`,
          unit: 'ms',
          ...s,
          ratio: { value: ratio(p.id, temoin.id, key), of: 'Témoin' },
        })
      }
      goals.push(
        checkGoal(
          `Témoin ≤ ¼ of the best peer, ${what}`,
          ratio(temoin.id, best.id, key),
          'at most',
          0.25,
        ),
      )
      if (key === 'visibleMs') {
        const floor = stat(BLANK_PAGE.id, key)
        rows.push({ label: `${BLANK_PAGE.name}: first frame`, unit: 'ms', ...floor })
        notes.push(
          `Above the page's own first frame (${floor.median.toFixed(1)} ms), Témoin adds ${(t.median - floor.median).toFixed(1)} ms and ${best.name} ${(b.median - floor.median).toFixed(1)} ms: a ratio of ${((t.median - floor.median) / (b.median - floor.median)).toFixed(2)}.`,
        )
      }
    }
    notes.push(
      `Headless Chromium (Debian's, via playwright-core), CPU throttled ${THROTTLE}× (CDP Emulation.setCPUThrottlingRate), 1280×800, a fresh browser context per load, files served from 127.0.0.1 without compression; ${rounds} rounds after one uncounted warm-up load of each page (of the blank page only with --quick), in a rotating order.`,
      "Script evaluation: main-thread compile, top-level evaluation and later calls (listeners, timers) of the product's own script files, from the Chromium trace (bench/script-time-from-trace.ts), until 250 ms after the banner showed; style, layout and paint are not in it (they are in the next figure).",
      "Visible: from navigation start to just after the first frame in which the banner's element (`#temoin-banner`, `.orejime-Banner`, `#cc-main .cm`) has a non-empty box and is neither hidden nor transparent: a MutationObserver waits for the element, requestAnimationFrame checks each frame, and a message posted from that frame's callback reads the time once the frame is painted (bench/measure-banner-load.ts).",
      "Each product is embedded as its documentation shows: Témoin `<script src=/temoin.js defer>` (the collector's rendering of the policy, fr and en); orejime its config script, orejime-standard-en.js and its CSS in the head; vanilla-cookieconsent its CSS, cookieconsent.umd.js and a `CookieConsent.run` config, deferred. Both peers have the same two purposes with the same English texts (bench/pages/); both of Témoin's purposes need consent in the bench policy, so nothing is sent before a choice, as with the peers.",
    )
    return { status: 'measured', rows, goals, notes }
  },
}
