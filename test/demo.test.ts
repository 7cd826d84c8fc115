import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { run } from '../src/cli/run.js'
import { loadConfig } from '../src/policy/load-config.js'
import type { Policy } from '../src/policy/policy-schema.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import { captureIo } from './helpers/capture-io.js'
import { ROOT } from './helpers/server-process.js'

/**
 * The demo site (examples/site) as `npm run demo:build` builds it — Eleventy run from the site's
 * folder with the built plugin (dist/, made by the global setup) — into a temporary folder, then
 * served by `temoin demo` in-process with the example policy on a real DuckDB store.
 */
const SITE = join(ROOT, 'examples/site')
const ELEVENTY = join(ROOT, 'node_modules/@11ty/eleventy/cmd.cjs')
const SCRIPT = '<script src="/temoin.js" defer></script>'

let out: string
let data: string
let buildLog: string
let policy: Policy
let versionsBefore: string

beforeAll(async () => {
  versionsBefore = await readFile(join(ROOT, 'examples/legal-versions.json'), 'utf8')
  out = await mkdtemp(join(tmpdir(), 'temoin-demo-site-'))
  data = await mkdtemp(join(tmpdir(), 'temoin-demo-data-'))
  const built = await promisify(execFile)(process.execPath, [ELEVENTY, `--output=${out}`], {
    cwd: SITE,
  })
  buildLog = built.stdout + built.stderr
  const config = await loadConfig(join(ROOT, 'examples/temoin.yaml'), () => undefined)
  policy = config.policy
}, 60_000)

afterAll(async () => {
  await rm(out, { recursive: true, force: true })
  await rm(data, { recursive: true, force: true })
})

/** Every file under `dir`, as paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort()
}

describe('the demo site (examples/site)', () => {
  it('builds every page, the file and the privacy pages, without build warnings', async () => {
    expect(await listFiles(out)).toEqual([
      'articles/bourse-aux-velos/index.html',
      'articles/fete-de-quartier/index.html',
      'articles/jardin-partage/index.html',
      'cgu.html',
      'cgu/versions/2026-11-01.html',
      'cgu/versions/2026-12-01.html',
      'cgu/versions/changes-2026-12-01.html',
      'cgu/versions/compare-2026-11-01-2026-12-01.html',
      'cgu/versions/index.html',
      'confidentialite.html',
      'confidentialite/versions/2026-11-01.html',
      'confidentialite/versions/index.html',
      'files/bulletin-adhesion.pdf',
      'index.html',
      'mentions-legales.html',
      'mentions-legales/versions/2026-11-01.html',
      'mentions-legales/versions/index.html',
      'privacy.html',
      'style.css',
      'video/index.html',
    ])
    expect(buildLog).toContain('Wrote 18 files')
    // The history is the one committed with the demo: the build had nothing to add to it.
    expect(await readFile(join(ROOT, 'examples/legal-versions.json'), 'utf8')).toBe(versionsBefore)
    expect(buildLog).not.toMatch(/\[temoin\]|before consent/)
  })

  it('puts the script tag (same origin) once on every HTML page, in French', async () => {
    const pages = (await listFiles(out)).filter((f) => f.endsWith('.html'))
    expect(pages).toHaveLength(18)
    for (const page of pages) {
      const html = await readFile(join(out, page), 'utf8')
      expect(html.split(SCRIPT), page).toHaveLength(2)
      expect(html, page).toContain('<button type="button" data-temoin-manage>')
      if (page !== 'privacy.html') {
        expect(html, page).toContain('<html lang="fr">')
        expect(html, page).toContain('<a href="/confidentialite.html">Confidentialité</a>')
      }
    }
  })

  // The French page is the site's own (examples/site/confidentialite.md, read against the
  // policy at the build); the English one is generated from the policy.
  it('publishes the hand-written French privacy page and generates the English one', async () => {
    // French typography puts no-break spaces before units and colons: compare plain spaces.
    const read = async (file: string) =>
      (await readFile(join(out, file), 'utf8')).replace(/[\u00a0\u202f]/g, ' ')
    const fr = await read('confidentialite.html')
    expect(fr).toContain('<html lang="fr">')
    expect(fr).toContain('<title>Politique de confidentialité')
    expect(fr).toContain('<meta name="robots" content="noindex">')
    expect(fr).not.toContain('<section aria-labelledby="temoin-cookies">') // not generated
    expect(fr).toContain('<section aria-labelledby="temoin-history">') // {% temoinPolicy %}
    expect(fr).toContain(`conservées ${policy.retention.eventsMonths} mois, puis supprimées`)
    expect(fr).toContain('data-temoin-objection')
    expect(fr).toContain('id="temoin-visitor-data"')
    const en = await read('privacy.html')
    expect(en).toContain('<html lang="en">')
    expect(en).toContain('<div class="temoin-policy" lang="en">')
    expect(en).toContain(policy.controller.name)
    expect(en).toContain(policy.controller.contact)
    expect(en).toContain(`Version ${policy.version}`)
    expect(en).toContain(`${policy.cookies.lifetimeMonths} months from its first deposit`)
    expect(en).toContain(`at least ${policy.publication.minGroupSize} distinct visitors`)
    for (const purpose of Object.values(policy.purposes)) {
      expect(en).toContain(purpose.title.en?.replace(/'/g, '&#39;'))
    }
  })

  it('leaves the YouTube video without a src until consent', async () => {
    const html = await readFile(join(out, 'video/index.html'), 'utf8')
    const iframes = html.match(/<iframe\b[^>]*>/g) ?? []
    expect(iframes).toHaveLength(1)
    const [iframe] = iframes
    expect(iframe).toContain('data-temoin="personalisation"')
    expect(iframe).toMatch(/\sdata-src="https:\/\/www\.youtube-nocookie\.com\/embed\/[^"]+"/)
    expect(iframe).toMatch(/\stitle="[^"]+"/)
    expect(iframe).not.toMatch(/\ssrc=/)
  })

  it('temoin demo serves the site and the collector on one port and records visits', async () => {
    const stop = new AbortController()
    const io = captureIo(ROOT, stop.signal)
    const exit = run(
      ['demo', '--port', '0', '--site', out, '--config', 'examples/temoin.yaml', '--data', data],
      io,
    )
    let url: string | undefined
    for (let i = 0; i < 400 && !url; i++) {
      url = /site: +(http:\/\/127\.0\.0\.1:\d+)\/\n/.exec(io.out())?.[1]
      if (!url) await new Promise((r) => setTimeout(r, 25))
    }
    expect(url, io.err()).toBeDefined()
    const base = url ?? ''
    const port = new URL(base).port
    try {
      expect(io.out()).toContain(`privacy page: ${base}/confidentialite.html`)
      expect(io.out()).toContain(`collector:    ${base}/temoin.js`)

      const home = await fetch(`${base}/`)
      expect(home.status).toBe(200)
      expect(home.headers.get('content-type')).toMatch(/^text\/html/)
      expect(await home.text()).toContain(SCRIPT)

      const privacy = await fetch(`${base}/confidentialite.html`)
      expect(privacy.status).toBe(200)
      expect(await privacy.text()).toContain(policy.controller.name)

      const article = await fetch(`${base}/articles/jardin-partage/`)
      expect(await article.text()).toContain('Le jardin partagé rouvre ses parcelles')

      const script = await fetch(`${base}/temoin.js`)
      expect(script.status).toBe(200)
      expect(script.headers.get('content-type')).toMatch(/javascript/)
      expect((await script.text()).length).toBeGreaterThan(1000)

      const pdf = await fetch(`${base}/files/bulletin-adhesion.pdf`)
      expect(pdf.headers.get('content-type')).toBe('application/pdf')
      expect((await pdf.text()).startsWith('%PDF-')).toBe(true)

      expect((await fetch(`${base}/absent/`)).status).toBe(404)
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true, store: 'duckdb' })

      const event = await fetch(`${base}/api/event`, {
        method: 'POST',
        headers: {
          origin: `http://localhost:${port}`,
          'content-type': 'text/plain',
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36',
        },
        body: JSON.stringify({
          type: 'pageview',
          url: `http://localhost:${port}/articles/jardin-partage/?utm_source=newsletter`,
          referrer: `http://localhost:${port}/`,
        }),
      })
      expect(await event.json()).toEqual({ ok: true })
    } finally {
      stop.abort()
    }
    expect(await exit).toBe(0)
    expect(io.err()).toContain('stopped: every accepted event is committed')

    // The acknowledged visit is in the demo's store.
    const store = await createDuckdbStore({ path: join(data, 'temoin.duckdb') })
    try {
      const events = await store.listEvents({})
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        site: 'localhost',
        type: 'pageview',
        path: '/articles/jardin-partage/',
        visitor: null,
      })
    } finally {
      await store.close()
    }
  }, 60_000)

  it('temoin demo names the missing build instead of serving nothing', async () => {
    const io = captureIo(ROOT)
    const empty = await mkdtemp(join(tmpdir(), 'temoin-demo-empty-'))
    try {
      expect(await run(['demo', '--site', empty, '--data', data], io)).toBe(2)
      expect(io.err()).toContain('no built site in')
      expect(io.err()).toContain('npm run demo:build')
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})
