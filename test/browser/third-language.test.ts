import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Eleventy from '@11ty/eleventy'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { run } from '../../src/cli/run.js'
import { startServer, type RunningServer } from '../../src/cli/start-server.js'
import temoin from '../../src/eleventy/index.js'
import { loadConfig } from '../../src/policy/load-config.js'
import { createShiftableClock, launchChromium } from '../helpers/browser.js'
import { captureIo } from '../helpers/capture-io.js'
import { readDemoPolicy } from '../helpers/demo-build.js'
import { ROOT } from '../helpers/server-process.js'
import {
  action,
  firstLayer,
  newSiteContext,
  readConsentCookie,
  secondLayer,
} from './temoin-page.js'

/**
 * Issue 19, "languages": a third language added as docs/browser.md ("Languages") says, end to
 * end. `temoin policy check` refuses German without the banner's German words; with them, a
 * site built by Eleventy with the plugin shows the banner in German on a German page, links to
 * the publisher's own German privacy page, whose objection control (in German, words given to the
 * shortcode) works; a page in a language the policy lacks reads its first language; and the
 * dashboard, in French and English only, answers a German browser in English.
 */
const GERMAN = {
  title: 'Cookies',
  text: 'Mit Ihrer Zustimmung verwendet diese Website Cookies für: {p}. Sie können Ihre Meinung jederzeit ändern.',
  privacy: 'Datenschutzerklärung',
  accept: 'Alle akzeptieren',
  refuse: 'Alle ablehnen',
  choose: 'Auswählen',
  save: 'Auswahl speichern',
  back: 'Zurück',
  recipients: 'Empfänger: ',
  exempt: 'Ohne Zustimmung: anonyme Messung.',
  gpc: 'Global Privacy Control: Ablehnung angewandt.',
  manage: 'Cookies verwalten',
  blocked: 'Inhalt blockiert: ',
  allow: 'Erlauben: ',
}
const OBJECT = 'Ich widerspreche der Reichweitenmessung'
const OBJECTED = 'Vermerkt: Ihre Besuche werden in diesem Browser nicht mehr gezählt.'

/** The site: a layout, a German home page, its German privacy page, and a page in Italian. */
const FILES: Readonly<Record<string, string>> = {
  '_includes/base.njk': `<!doctype html>
<html lang="{{ lang or 'fr' }}"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main>{{ content | safe }}</main></body></html>`,
  'de/index.md': '---\nlayout: base.njk\ntitle: Start\nlang: de\n---\n# Willkommen\n',
  'de/datenschutz.md': `---\nlayout: base.njk\ntitle: Datenschutz\nlang: de\n---\n# Datenschutzerklärung\n\n{% temoinObjection "de", "${OBJECT}", "${OBJECTED}" %}\n`,
  'it/index.md': '---\nlayout: base.njk\ntitle: Inizio\nlang: it\n---\n# Benvenuti\n',
}

let work = ''
let browser: Browser
let context: BrowserContext
let server: RunningServer
let policyFile = ''
let demo: Record<string, unknown>

/** The demo's policy in French, English and German, with `banner` changed. */
function trilingual(banner: Record<string, unknown>): Record<string, unknown> {
  const purposes = demo.purposes as Record<string, { title: object; description: object }>
  const de = (texts: object, german: string) => ({ ...texts, de: german })
  return {
    ...demo,
    languages: ['fr', 'en', 'de'],
    purposes: Object.fromEntries(
      Object.entries(purposes).map(([id, p]) => [
        id,
        {
          ...p,
          title: de(p.title, id === 'statistics' ? 'Reichweitenmessung' : 'Personalisierung'),
          description: de(p.description, 'Beschreibung auf Deutsch.'),
        },
      ]),
    ),
    banner: { ...(demo.banner as object), ...banner },
  }
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'temoin-third-language-'))
  demo = await readDemoPolicy()
  policyFile = join(work, 'temoin.yaml')
  const privacyUrl = {
    fr: '/confidentialite.html',
    en: '/privacy.html',
    de: '/de/datenschutz/',
  }
  await writeFile(policyFile, stringify(trilingual({ privacyUrl, texts: { de: GERMAN } })))
  // Built by Eleventy with the plugin, as the publisher's site is.
  for (const [path, text] of Object.entries(FILES)) {
    await mkdir(dirname(join(work, 'src', path)), { recursive: true })
    await writeFile(join(work, 'src', path), text)
  }
  const site = join(work, '_site')
  await new Eleventy(join(work, 'src'), site, {
    quietMode: true,
    configPath: false,
    config: (c) => c.addPlugin(temoin, { policy: policyFile, collector: '' }),
  }).write()
  const config = await loadConfig(policyFile, () => undefined)
  server = await startServer({
    config: { ...config, server: { ...config.server, port: 0, rateLimitPerMinute: 100_000 } },
    dataDir: join(work, 'data'),
    clock: createShiftableClock(),
    log: () => undefined,
    staticRoot: site,
  })
  browser = await launchChromium()
  context = await newSiteContext(browser, { locale: 'de-DE' })
}, 120_000)

afterAll(async () => {
  await server?.close()
  await browser?.close()
  await rm(work, { recursive: true, force: true })
})

describe('a third language, end to end', () => {
  it('policy check refuses German without the banner’s German words, and names them', async () => {
    const without = join(work, 'without.yaml')
    const privacyUrl = { fr: '/confidentialite.html', en: '/privacy.html' }
    await writeFile(without, stringify(trilingual({ privacyUrl })))
    const io = captureIo(ROOT)
    expect(await run(['policy', 'check', without], io)).toBe(1)
    const out = io.out() + io.err()
    expect(out).toContain('banner.texts.de')
    expect(out).toContain('[banner-text-language]')
    expect(out).toContain('accept, refuse, choose, save')
    expect(out).toContain('banner.privacyUrl.de')
    expect(out).toContain('[privacy-url-language]')
    const ok = captureIo(ROOT)
    expect(await run(['policy', 'check', policyFile], ok)).toBe(0)
  })

  it('shows the banner in German on a German page, linking to the German privacy page', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/de/`)
    await firstLayer(page).waitFor({ state: 'visible' })
    const banner = await firstLayer(page).textContent()
    expect(banner).toContain('Mit Ihrer Zustimmung verwendet diese Website Cookies für')
    expect(banner).toContain('Personalisierung')
    expect(await action(page, 'accept').textContent()).toBe(GERMAN.accept)
    expect(await action(page, 'refuse').textContent()).toBe(GERMAN.refuse)
    // Not a single English or French word of the built-in texts.
    for (const word of ['Accept all', 'Refuse all', 'Tout accepter', 'Choose']) {
      expect(banner).not.toContain(word)
    }
    const link = firstLayer(page).getByRole('link', { name: GERMAN.privacy })
    expect(await link.getAttribute('href')).toBe('/de/datenschutz/')
    await action(page, 'choose').click()
    await secondLayer(page).waitFor({ state: 'visible' })
    expect(await secondLayer(page).textContent()).toContain('Reichweitenmessung')
    expect(await action(page, 'save').textContent()).toBe(GERMAN.save)
    await page.close()
  })

  it('the German privacy page’s objection works, in German', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/de/datenschutz/`)
    await page.waitForLoadState('networkidle')
    const button = page.locator('button[data-temoin-object]')
    expect(await button.textContent()).toBe(OBJECT)
    await button.click()
    await expect.poll(() => page.locator('[data-temoin-output]').textContent()).toBe(OBJECTED)
    const cookie = await readConsentCookie(context, server.url)
    expect(cookie?.refused).toContain('statistics')
    await page.close()
  })

  it('a page in a language the policy lacks reads its first language (French)', async () => {
    const fresh = await newSiteContext(browser, { locale: 'it-IT' })
    const page = await fresh.newPage()
    await page.goto(`${server.url}/it/`)
    await firstLayer(page).waitFor({ state: 'visible' })
    expect(await action(page, 'accept').textContent()).toBe('Tout accepter')
    await fresh.close()
  })

  it('the dashboard answers a German browser in English', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/dashboard`)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
    await page.close()
  })
})
