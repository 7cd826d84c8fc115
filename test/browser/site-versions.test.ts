import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { run } from '../../src/cli/run.js'
import { startServer, type RunningServer } from '../../src/cli/start-server.js'
import { loadConfig } from '../../src/policy/load-config.js'
import { createShiftableClock, launchChromium } from '../helpers/browser.js'
import { captureIo } from '../helpers/capture-io.js'
import { readDemoPolicy } from '../helpers/demo-build.js'
import { ROOT } from '../helpers/server-process.js'
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
 * Issue 19, "versions per site": one policy file for two sites, a.test and b.test. A version
 * that changes b.test's own terms (its sub-domains measured too) concerns b.test's visitors only
 * (`history[].sites`): during its notice, only b.test announces it; from its effective date, only
 * b.test asks again, and records the new version, while a.test's visitors keep their choice and
 * its version. Both sites are real origins in Chromium (their pages answered by the test), with
 * the collector of `temoin serve` restarted on the same data folder, as a publisher deploys.
 */
const DAY = 86_400_000
const START = Date.now()
const date = (days: number) => new Date(START + days * DAY).toISOString().slice(0, 10)
let A = ''
let B = ''
let site: Server

const clock = createShiftableClock()
let work = ''
let browser: Browser
let context: BrowserContext
let server: RunningServer | undefined
let demo: Record<string, unknown>
let first: Record<string, unknown>

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'temoin-site-versions-'))
  demo = await readDemoPolicy()
  const effective = String(demo.effective)
  first = {
    version: String(demo.version),
    published: effective,
    effective,
    summary: { fr: 'Première version.', en: 'First version.' },
  }
  // The two sites' pages, each embedding the collector's temoin.js as a publisher's page does,
  // on a real server that both names reach (Chromium maps them to the loopback address).
  site = createServer((_req, res) => {
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(sitePage({ lang: 'fr' }).replaceAll('{{collector}}', server!.url))
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  const port = (site.address() as AddressInfo).port
  ;[A, B] = ['a.test', 'b.test'].map((name) => `http://${name}:${port}`) as [string, string]
  browser = await launchChromium({
    args: ['--host-resolver-rules=MAP a.test 127.0.0.1, MAP b.test 127.0.0.1'],
  })
  context = await newSiteContext(browser)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await browser?.close()
  await new Promise<void>((resolve) => (site ? site.close(() => resolve()) : resolve()))
  await rm(work, { recursive: true, force: true })
})

/** The demo's policy for a.test and b.test, with `changes`: a file a publisher deploys. */
async function publish(name: string, changes: Record<string, unknown>): Promise<string> {
  const file = join(work, `${name}.yaml`)
  const sites = [{ domain: 'a.test' }, { domain: 'b.test' }]
  await writeFile(file, stringify({ ...demo, sites, history: [first], ...changes }))
  return file
}

/** Restarts the collector (same data folder) on the policy `file`. */
async function serve(file: string): Promise<void> {
  await server?.close()
  const config = await loadConfig(file, () => undefined)
  server = await startServer({
    config: { ...config, server: { ...config.server, port: 0, rateLimitPerMinute: 100_000 } },
    dataDir: join(work, 'data'),
    clock,
    log: () => undefined,
  })
}

/** Opens `site` with the page's and the collector's clocks `days` after the start. */
async function visit(site: string, days: number): Promise<Page> {
  clock.offset = days * DAY
  const page = await context.newPage()
  await page.clock.setSystemTime(clock.now())
  await page.goto(`${site}/`)
  await page.waitForLoadState('networkidle')
  return page
}

/** `temoin policy check NEXT --previous OLD`: its exit code and output. */
async function check(next: string, previous: string) {
  const io = captureIo(ROOT)
  const code = await run(['policy', 'check', next, '--previous', previous], io)
  return { code, out: io.out() + io.err() }
}

/** What temoin.js says of the page's choice. */
const consent = (page: Page) =>
  page.evaluate(() => (window as { temoin?: { consent(): unknown } }).temoin?.consent())

const notice = (page: Page) => page.locator('#temoin-notice[role="status"]')

/** Accepts everything on `site` and waits for the receipt id in its choice cookie. */
async function acceptOn(site: string, days: number) {
  const page = await visit(site, days)
  await firstLayer(page).waitFor({ state: 'visible' })
  await action(page, 'accept').click()
  await page.waitForLoadState('networkidle')
  await page.close()
  return waitFor(
    () => readConsentCookie(context, site),
    (c) => c?.receipt !== undefined && c.decided >= START + days * DAY - 60_000,
  )
}

describe('versions per site (history[].sites)', () => {
  it('asks again on the site whose terms changed, and only there; the other keeps its choice and its version', async () => {
    const v1 = await publish('v1', {})
    await serve(v1)
    const onA = await acceptOn(A, 0)
    const onB = await acceptOn(B, 0)
    for (const cookie of [onA, onB]) {
      expect(cookie).toMatchObject({
        version: first.version,
        granted: ['statistics', 'personalisation'],
      })
    }

    // b.test's sub-domains measured too: a change of b.test's terms, announced tomorrow, in
    // force after the 30 days' notice, for b.test's visitors only.
    const change = {
      version: 'b-subdomains',
      published: date(1),
      effective: date(31),
      summary: {
        fr: 'Les sous-domaines de b.test sont aussi mesurés.',
        en: 'The sub-domains of b.test are measured too.',
      },
      reconsent: ['statistics', 'personalisation'],
    }
    const next = {
      version: change.version,
      effective: change.effective,
      sites: [{ domain: 'a.test' }, { domain: 'b.test', subdomains: true }],
    }
    // Without `sites`, the entry would ask a.test's visitors again for nothing: refused.
    const everySite = await publish('every-site', { ...next, history: [first, change] })
    const refused = await check(everySite, v1)
    expect(refused.code).toBe(1)
    expect(refused.out).toContain('[reconsent-sites]')
    expect(refused.out).toContain('set history[1].sites to [b.test]')
    const v2 = await publish('v2', { ...next, history: [first, { ...change, sites: ['b.test'] }] })
    expect(await check(v2, v1)).toMatchObject({ code: 0 })
    const diff = captureIo(ROOT)
    await run(['policy', 'diff', v1, v2], diff)
    expect(diff.out()).toContain('visitors of b.test')
    await serve(v2)

    // During the notice: b.test announces it, a.test says nothing.
    const duringA = await visit(A, 2)
    const duringB = await visit(B, 2)
    await notice(duringB).waitFor({ state: 'visible' })
    expect(await notice(duringB).textContent()).toContain(change.summary.fr)
    expect(await notice(duringA).count()).toBe(0)
    expect(await firstLayer(duringA).count()).toBe(0)
    await Promise.all([duringA.close(), duringB.close()])

    // From its effective date: b.test asks again; a.test's choice and version stand.
    const afterA = await visit(A, 32)
    expect(await firstLayer(afterA).count()).toBe(0)
    expect(await notice(afterA).count()).toBe(0)
    expect(await consent(afterA)).toMatchObject({
      granted: ['statistics', 'personalisation'],
      version: first.version,
    })
    await afterA.close()
    expect(await readConsentCookie(context, A)).toEqual(onA)

    const afterB = await visit(B, 32)
    await firstLayer(afterB).waitFor({ state: 'visible' })
    await action(afterB, 'refuse').click()
    await afterB.waitForLoadState('networkidle')
    await afterB.close()
    const reasked = await waitFor(
      () => readConsentCookie(context, B),
      (c) => c?.version === change.version && c.receipt !== undefined,
    )
    expect(reasked).toMatchObject({ deposit: onB!.deposit, granted: [] })

    // A new choice on a.test, after the change, still records a.test's own version.
    const again = await visit(A, 33)
    await again.evaluate(() => (window as { temoin?: { open(): void } }).temoin?.open())
    await purposeSwitch(again, 'personalisation').click()
    await action(again, 'save').click()
    await again.waitForLoadState('networkidle')
    await again.close()
    await waitFor(
      () => readConsentCookie(context, A),
      (c) => c?.refused.includes('personalisation') === true && c.receipt !== onA!.receipt,
    )

    // Each receipt records the version of its own site's terms.
    const receipts = await server!.store.listReceipts({})
    const bySite = receipts.map((r) => [r.site, r.policyVersion])
    expect(bySite).toEqual([
      ['a.test', first.version],
      ['b.test', first.version],
      ['b.test', change.version],
      ['a.test', first.version],
    ])
  }, 240_000)
})
