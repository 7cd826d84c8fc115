import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { loadBrowserScripts } from '../src/cli/browser-scripts.js'
import { BENCH_ROOT } from './bench-root.js'
import { loadBenchPolicy } from './load-bench-policy.js'

/** One consent manager on the bench page. */
export interface BannerProduct {
  readonly name: string
  /** The page that embeds it: `/<id>.html`. */
  readonly id: string
  /** The element that is "the banner", for every product the first layer's root. */
  readonly selector: string
  /** Its scripts' paths: the JavaScript the part times. */
  readonly scripts: readonly string[]
  /** What goes in the page's head, as the product's documentation tells. */
  readonly head: string
}

const NM = 'node_modules'
const PEER_FILES: Record<string, string> = {
  '/orejime/orejime-standard-en.js': `${NM}/orejime/dist/orejime-standard-en.js`,
  '/orejime/orejime-standard.css': `${NM}/orejime/dist/orejime-standard.css`,
  '/cc/cookieconsent.umd.js': `${NM}/vanilla-cookieconsent/dist/cookieconsent.umd.js`,
  '/cc/cookieconsent.css': `${NM}/vanilla-cookieconsent/dist/cookieconsent.css`,
}

/** The three products of part 2, and the page without a banner (the page's own floor). */
export const BANNER_PRODUCTS: readonly BannerProduct[] = [
  {
    name: 'Témoin',
    id: 'temoin',
    selector: '#temoin-banner',
    scripts: ['/temoin.js'],
    head: '<script src="/temoin.js" defer></script>',
  },
  {
    name: 'orejime',
    id: 'orejime',
    selector: '.orejime-Banner',
    scripts: ['/orejime/config.js', '/orejime/orejime-standard-en.js'],
    head: [
      '<script src="/orejime/config.js"></script>',
      '<script src="/orejime/orejime-standard-en.js"></script>',
      '<link rel="stylesheet" href="/orejime/orejime-standard.css" />',
    ].join('\n'),
  },
  {
    name: 'vanilla-cookieconsent',
    id: 'cookieconsent',
    selector: '#cc-main .cm',
    scripts: ['/cc/cookieconsent.umd.js', '/cc/config.js'],
    head: [
      '<link rel="stylesheet" href="/cc/cookieconsent.css" />',
      '<script src="/cc/cookieconsent.umd.js" defer></script>',
      '<script src="/cc/config.js" defer></script>',
    ].join('\n'),
  },
]

/** The same page with no banner: its first frame is the floor every product starts from. */
export const BLANK_PAGE: BannerProduct = {
  name: 'no banner (the page alone)',
  id: 'blank',
  selector: 'main',
  scripts: [],
  head: '',
}

/** A running bench site. */
export interface BannerSite {
  readonly url: string
  close(): Promise<void>
}

/**
 * The bench page for each product, on 127.0.0.1: the same HTML (bench/pages/page.html) with the
 * product's files in its head, the products' files from node_modules (Témoin's temoin.js
 * rendered with the bench policy, as the collector serves it), and each peer's config for the
 * same two purposes in English (bench/pages/purposes-en.json). No compression, no caching: the
 * part uses a fresh browser context for each load.
 *
 * @example const site = await startBannerSite(); await page.goto(`${site.url}/temoin.html`)
 */
export async function startBannerSite(): Promise<BannerSite> {
  const read = (file: string) => readFile(join(BENCH_ROOT, file), 'utf8')
  const page = await read('bench/pages/page.html')
  const purposes = JSON.parse(await read('bench/pages/purposes-en.json')) as {
    id: string
    title: string
    description: string
  }[]
  const ui = JSON.parse(await read('bench/pages/cookieconsent-ui-en.json')) as {
    preferencesModal: { sections: unknown[] }
  }
  ui.preferencesModal.sections = purposes.map((p) => ({
    title: p.title,
    description: p.description,
    linkedCategory: p.id,
  }))
  const scripts = await loadBrowserScripts((await loadBenchPolicy()).policy)

  const files = new Map<string, { type: string; body: string }>()
  const js = (body: string) => ({ type: 'text/javascript', body })
  for (const p of [...BANNER_PRODUCTS, BLANK_PAGE]) {
    files.set(`/${p.id}.html`, {
      type: 'text/html; charset=utf-8',
      body: page.replace('<!-- HEAD -->', p.head),
    })
  }
  files.set('/privacy.html', {
    type: 'text/html; charset=utf-8',
    body: '<!doctype html><title>Privacy</title>',
  })
  files.set('/temoin.js', js(scripts['temoin.js'] ?? ''))
  // Orejime reads window.orejimeConfig when it loads (its README).
  files.set(
    '/orejime/config.js',
    js(
      `window.orejimeConfig = ${JSON.stringify({
        privacyPolicyUrl: '/privacy.html',
        purposes: purposes.map((p) => ({ ...p, cookies: [] })),
      })}`,
    ),
  )
  // vanilla-cookieconsent is started by CookieConsent.run with the texts in the config. Its
  // hideFromBots (default on) hides the banner from a browser driven by automation
  // (navigator.webdriver): off, or there is nothing to measure.
  files.set(
    '/cc/config.js',
    js(
      `CookieConsent.run(${JSON.stringify({
        hideFromBots: false,
        categories: Object.fromEntries(purposes.map((p) => [p.id, {}])),
        language: { default: 'en', translations: { en: ui } },
      })})`,
    ),
  )
  for (const [path, file] of Object.entries(PEER_FILES)) {
    files.set(path, {
      type: path.endsWith('.css') ? 'text/css' : 'text/javascript',
      body: await read(file),
    })
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bench').pathname
    const file = files.get(path)
    if (req.method === 'POST') {
      res.writeHead(202).end()
    } else if (file) {
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body)
    } else {
      res.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
