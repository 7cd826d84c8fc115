import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import { run } from '../../src/cli/run.js'
import { startServer, type RunningServer } from '../../src/cli/start-server.js'
import { loadConfig } from '../../src/policy/load-config.js'
import { createShiftableClock, launchChromium } from '../helpers/browser.js'
import { captureIo } from '../helpers/capture-io.js'
import { buildDemoSite, DEMO_POLICY } from '../helpers/demo-build.js'
import { ROOT } from '../helpers/server-process.js'
import {
  action,
  firstLayer,
  newSiteContext,
  purposeSwitch,
  readConsentCookie,
  visitAt,
  waitFor,
} from './temoin-page.js'

/**
 * DESIGN rule 5 on the demo (issue 4, "Policy versions"): the demo site (examples/site, built by
 * Eleventy with the plugin) and its policy (examples/temoin.yaml) as `npm start` serves them;
 * then the publisher publishes a version that lowers confidentiality (a new recipient for the
 * videos, announced `notice.days` ahead), rebuilds the site and restarts the server on the same
 * data folder; then a minor version. The same browser visits each, its clock and the server's
 * moved through announce → effective: the notice (closed once, it stays closed), then a re-ask
 * for the changed purpose only, the other choice kept; a minor version is only announced.
 */
const DAY = 86_400_000
const DOCS = join(ROOT, 'docs')
const START = Date.now()
const date = (days: number) => new Date(START + days * DAY).toISOString().slice(0, 10)
const VIDEOS = { name: 'Vidéos', role: 'controller', purposes: ['personalisation'], country: 'US' }

interface Version {
  readonly name: string
  readonly policy: string
  readonly site: string
}

const clock = createShiftableClock()
let work = ''
let browser: Browser
let context: BrowserContext
let server: RunningServer | undefined
let demo: Record<string, unknown>
let current: { version: string; published: string; effective: string; summary: object }

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'temoin-policy-change-'))
  demo = parse(await readFile(DEMO_POLICY, 'utf8')) as Record<string, unknown>
  // The policy's own versions only: the demo's terms-of-use change has its own test
  // (legal-notice.test.ts), and its notice would be announced on these days too.
  demo.legal = (demo.legal as Record<string, unknown>[]).map((page) => ({ ...page, changes: [] }))
  const effective = String(demo.effective)
  const summary = { fr: 'Première version.', en: 'First version.' }
  current = { version: String(demo.version), published: effective, effective, summary }
  browser = await launchChromium()
  context = await newSiteContext(browser)
}, 60_000)

afterAll(async () => {
  await server?.close()
  await browser?.close()
  await rm(work, { recursive: true, force: true })
})

/** The demo's policy with `changes`, its site built from it: what a publisher deploys. */
async function publish(name: string, changes: Record<string, unknown>): Promise<Version> {
  const policy = join(work, `${name}.yaml`)
  await writeFile(policy, stringify({ ...demo, ...changes }))
  const site = join(work, `site-${name}`)
  await buildDemoSite(site, policy)
  return { name, policy, site }
}

/** Restarts the demo's server (same data folder) on `version`, as `temoin demo` runs it. */
async function serve(version: Version): Promise<string> {
  await server?.close()
  const config = await loadConfig(version.policy, () => undefined)
  server = await startServer({
    config: { ...config, server: { ...config.server, port: 0, rateLimitPerMinute: 100_000 } },
    dataDir: join(work, 'data'),
    clock,
    log: () => undefined,
    staticRoot: version.site,
  })
  return server.url
}

/** Opens `path` with the page's and the server's clocks `days` after the start. */
function visit(url: string, days: number, path = '/'): Promise<Page> {
  return visitAt(context, clock, days * DAY, url + path)
}

/** `temoin policy check NEXT --previous OLD`: its exit code and output. */
async function check(next: Version, previous: Version) {
  const io = captureIo(ROOT)
  const code = await run(['policy', 'check', next.policy, '--previous', previous.policy], io)
  return { code, out: io.out() + io.err() }
}

const notice = (page: Page) => page.locator('#temoin-notice[role="status"]')
const video = (page: Page) => page.locator('iframe[data-temoin="personalisation"]')

describe('the demo through policy versions (notice, then a re-ask for the changed purposes only)', () => {
  it('announces a lowering version, asks again for its purposes from its effective date, and only announces a minor one', async () => {
    // The demo as shipped: everything accepted.
    const a = await publish('a', { history: [current] })
    const urlA = await serve(a)
    const first = await visit(urlA, 0)
    await firstLayer(first).waitFor({ state: 'visible' })
    await first.screenshot({ path: join(DOCS, 'banner.png') })
    await action(first, 'accept').click()
    await first.waitForLoadState('networkidle')
    // Once the receipt id is kept with the choice.
    const accepted = await waitFor(
      () => readConsentCookie(context, urlA),
      (c) => c?.receipt !== undefined,
    )
    expect(accepted).toMatchObject({
      version: current.version,
      granted: ['statistics', 'personalisation'],
    })
    await first.close()

    // A version that lowers confidentiality: a new recipient for the videos, announced tomorrow
    // and effective after the 30 days' notice; `temoin policy check --previous` accepts it.
    const lowering = {
      version: 'lowering',
      published: date(1),
      effective: date(31),
      summary: {
        fr: 'Vidéos : un nouveau destinataire pour la personnalisation.',
        en: 'Videos: a new recipient for personalisation.',
      },
      reconsent: ['personalisation'],
    }
    const b = await publish('b', {
      version: lowering.version,
      effective: lowering.effective,
      history: [current, lowering],
      recipients: [...(demo.recipients as object[]), VIDEOS],
    })
    expect(await check(b, a)).toMatchObject({ code: 0 })
    // The same version announced with too short a notice is refused, naming the date to use.
    const hasty = await publish('hasty', {
      version: lowering.version,
      effective: date(10),
      history: [current, { ...lowering, effective: date(10) }],
      recipients: [...(demo.recipients as object[]), VIDEOS],
    })
    const refused = await check(hasty, a)
    expect(refused.code).toBe(1)
    expect(refused.out).toContain('[notice-period]')
    const urlB = await serve(b)

    // Before its publication: nothing at all.
    const before = await visit(urlB, 0)
    expect(await notice(before).count()).toBe(0)
    expect(await firstLayer(before).count()).toBe(0)
    await before.close()

    // During the notice: the notice (no dialog), the choice intact, and the page it links to is
    // the demo's generated privacy page, which lists the new version and its recipient.
    const during = await visit(urlB, 2)
    await notice(during).waitFor({ state: 'visible' })
    expect(await notice(during).textContent()).toContain(lowering.summary.fr)
    const link = await notice(during).locator('a').getAttribute('href')
    expect(link).toBe('/confidentialite.html')
    expect(await firstLayer(during).count()).toBe(0)
    expect(await during.evaluate(() => document.querySelector('[role="dialog"]'))).toBe(null)
    await during.screenshot({ path: join(DOCS, 'notice.png') })
    await notice(during).locator('button').click()
    expect(await notice(during).count()).toBe(0)
    // Closing is remembered in the choice cookie, which is otherwise unchanged.
    const closed = await readConsentCookie(context, urlB)
    expect(closed).toEqual({ ...accepted, seen: closed!.seen })
    expect(closed!.seen).toBeGreaterThan(START + 2 * DAY - 60_000)
    expect(closed!.seen).toBeLessThanOrEqual(clock.now())
    await during.goto(urlB + link)
    const privacy = await during.locator('main').textContent()
    expect(privacy).toContain(lowering.summary.fr)
    expect(privacy).toContain('Vidéos')
    await during.close()

    // Closed once, the notice does not come back on the next pages.
    const later = await visit(urlB, 3, '/video/')
    expect(await notice(later).count()).toBe(0)
    expect(await video(later).getAttribute('src')).toMatch(/^https:\/\/www\.youtube-nocookie/)
    await later.close()

    // From its effective date: asked again for personalisation only (the video blocked again
    // meanwhile); the exempt measurement's choice stays granted.
    const after = await visit(urlB, 32, '/video/')
    await firstLayer(after).waitFor({ state: 'visible' })
    expect(await purposeSwitch(after, 'personalisation').count()).toBe(1)
    expect(await purposeSwitch(after, 'statistics').count()).toBe(0)
    expect(await firstLayer(after).textContent()).toContain('Vidéos')
    expect(await video(after).getAttribute('src')).toBe(null)
    expect(
      await after.evaluate(() => (window as { temoin?: { consent(): unknown } }).temoin?.consent()),
    ).toMatchObject({ granted: ['statistics'], refused: [], version: current.version })
    await action(after, 'refuse').click()
    await after.waitForLoadState('networkidle')
    const reasked = await waitFor(
      () => readConsentCookie(context, urlB),
      (c) => c?.version === lowering.version && c.receipt !== undefined,
    )
    expect(reasked).toMatchObject({
      version: lowering.version,
      deposit: accepted!.deposit,
      granted: ['statistics'],
      refused: ['personalisation'],
    })
    expect(reasked!.decided).toBeGreaterThan(accepted!.decided)
    await after.close()

    // Decided under the new version: nothing more to say, on the next visit.
    const settled = await visit(urlB, 33)
    expect(await firstLayer(settled).count()).toBe(0)
    expect(await notice(settled).count()).toBe(0)
    await settled.close()

    // A minor version: a notice from its publication, never a re-ask.
    const minor = {
      version: 'minor',
      published: date(40),
      effective: date(40),
      summary: { fr: 'Formulation plus claire.', en: 'Clearer wording.' },
      reconsent: [],
    }
    const c = await publish('c', {
      version: minor.version,
      effective: minor.effective,
      history: [current, lowering, minor],
      recipients: [...(demo.recipients as object[]), VIDEOS],
    })
    expect(await check(c, b)).toMatchObject({ code: 0 })
    const urlC = await serve(c)
    for (const days of [41, 90]) {
      const page = await visit(urlC, days)
      await notice(page).waitFor({ state: 'visible' })
      expect(await notice(page).textContent()).toContain(minor.summary.fr)
      expect(await firstLayer(page).count()).toBe(0)
      await page.close()
    }
    expect(await readConsentCookie(context, urlC)).toEqual(reasked)

    // Each decision's receipt records the version it was given under.
    const receipts = await server!.store.listReceipts({})
    expect(receipts.map((r) => [r.policyVersion, r.granted, r.refused])).toEqual([
      [current.version, ['statistics', 'personalisation'], []],
      [lowering.version, ['statistics'], ['personalisation']],
    ])
  }, 240_000)
})
