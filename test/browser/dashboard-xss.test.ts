import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../helpers/browser.js'
import { CHROME_WINDOWS } from '../helpers/collector-harness.js'
import { SITE, logIn, startDashboardServer, type DashboardServer } from './dashboard-server.js'

/**
 * Issue 5's stored-XSS acceptance: every payload below goes through the real collector, as a
 * page URL, a campaign, a referrer, an event name and a property key and value; then the
 * dashboard is opened in Chromium, unfiltered and filtered by the payloads, and no script may
 * run: no dialog, no console error, no CSP violation (which would mean markup got through and
 * only the CSP stopped it), and the canary global stays unset.
 */
const CANARY = 'window.__xss=1'
const PAYLOADS = [
  `<script>${CANARY}</script>`,
  `<img src=x onerror="${CANARY}">`,
  `"><svg onload=${CANARY}>`,
  `'><script>${CANARY}</script>`,
  `</script><script>${CANARY}</script>`,
  `javascript:${CANARY}`,
  `<iframe src="javascript:${CANARY}">`,
  `<body onload=${CANARY}>`,
  `<a href="javascript:${CANARY}">x</a>`,
  `{{constructor.constructor('${CANARY}')()}}`,
  '${' + CANARY + '}',
  `<details open ontoggle=${CANARY}>`,
  `<input autofocus onfocus=${CANARY}>`,
  `<video><source onerror=${CANARY}>`,
  `<style>@import 'javascript:${CANARY}'</style>`,
  `<object data="javascript:${CANARY}">`,
  `<embed src="javascript:${CANARY}">`,
  `<form action="javascript:${CANARY}"><button>x</button></form>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${CANARY}">`,
  '<base href="javascript:/">',
  `\u2028\u2029</script><script>${CANARY}</script>`,
  `<![CDATA[<script>${CANARY}</script>]]>`,
  `<!--<script>${CANARY}</script>-->`,
  `<scr<script>ipt>${CANARY}</script>`,
  `&lt;script&gt;${CANARY}&lt;/script&gt;`,
  `<svg><script>${CANARY}</script></svg>`,
  `" onmouseover="${CANARY}" x="`,
  `' onfocus='${CANARY}' autofocus x='`,
  `<marquee onstart=${CANARY}>`,
  `<noscript><p title="</noscript><img src=x onerror=${CANARY}>">`,
  `<template><script>${CANARY}</script></template>`,
  '<img src=x onerror=alert(1)>',
  '<svg/onload=confirm(1)>',
  '"><script>prompt(1)</script>',
  `<math><mtext><table><mglyph><style><img src=x onerror=${CANARY}>`,
]

let browser: Browser
let server: DashboardServer
beforeAll(async () => {
  browser = await launchChromium()
  server = await startDashboardServer()
  const now = Date.now()
  const send = async (body: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/api/event`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME_WINDOWS },
      body: JSON.stringify({ time: now, ...body }),
    })
    expect(res.status, `${JSON.stringify(body)}: ${await res.text()}`).toBe(202)
  }
  for (const [i, p] of PAYLOADS.entries()) {
    const url = `https://${SITE}/x${i}/${p}?utm_source=${encodeURIComponent(p)}&utm_campaign=${encodeURIComponent(p)}`
    await send({ type: 'pageview', url, referrer: `https://evil.example/${p}` })
    await send({
      type: 'event',
      url,
      name: p.slice(0, 64),
      props: { [p.slice(0, 64)]: p, value: p },
    })
  }
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

interface Watch {
  dialogs: string[]
  errors: string[]
}

/** A logged-in page that records dialogs, console errors, page errors and CSP violations. */
async function watchedPage(): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const watch: Watch = { dialogs: [], errors: [] }
  page.on('dialog', (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`)
    void d.dismiss()
  })
  page.on('pageerror', (e) => watch.errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // The browser's own favicon probe is not the page's doing.
    if (m.type() === 'error' && !/favicon/.test(m.location().url)) {
      watch.errors.push(`console: ${m.text()}`)
    }
  })
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)
    })
  })
  await logIn(page, server.url)
  return { page, watch }
}

async function expectNothingRan(page: Page, watch: Watch, where: string) {
  // Give event handlers (onload, onfocus, ontoggle…) their chance to fire.
  await page.waitForTimeout(300)
  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss), where).toBeUndefined()
  expect(watch.dialogs, where).toEqual([])
  expect(watch.errors, where).toEqual([])
}

describe('stored XSS through the collector (real Chromium)', () => {
  it(`${PAYLOADS.length} payloads are shown as text on the dashboard, and none runs`, async () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(30)
    const { page, watch } = await watchedPage()
    await page.goto(`${server.url}/dashboard?site=${SITE}`)
    await expectNothingRan(page, watch, 'unfiltered')
    // The payloads are there, as text: escaped, not dropped.
    const events = await page.locator('#panel-events tbody').textContent()
    expect(events).toContain('<script>window.__xss=1</script>')
    const campaigns = (await page.locator('#panel-campaigns tbody').textContent()) ?? ''
    expect(PAYLOADS.filter((p) => campaigns.includes(p)).length).toBeGreaterThan(5)
    await page.context().close()
  })

  it('filtering by each payload (event name, page, campaign) runs none either', async () => {
    const { page, watch } = await watchedPage()
    for (const [i, p] of PAYLOADS.entries()) {
      const search = new URLSearchParams({
        site: SITE,
        'filter.event': p.slice(0, 64),
        'filter.utm_campaign': p,
        'filter.page': `/x${i}/`,
      })
      await page.goto(`${server.url}/dashboard?${search}`)
      await expectNothingRan(page, watch, `payload ${i}: ${p}`)
      expect(await page.locator('.filters').textContent()).toContain(p.slice(0, 64))
    }
    await page.context().close()
  }, 240_000)
})
