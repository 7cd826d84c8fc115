import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Eleventy from '@11ty/eleventy'
import { describe, expect, it } from 'vitest'
import { parse, stringify } from 'yaml'
import {
  COLLECTOR,
  buildSite,
  errorMessages,
  makeSite as makeTestSite,
} from '../../test/helpers/eleventy-site.js'
import temoin from './index.js'

const SCRIPT = `<script src="${COLLECTOR}/temoin.js" defer></script>`

/** A small site in the shape of the issue's: a base.njk layout and Markdown pages. */
const FILES: Readonly<Record<string, string>> = {
  '_includes/base.njk': `<!doctype html>
<html lang="{{ lang or 'fr' }}">
<head><meta charset="utf-8"><title>{{ title }}</title>{% if index == false %}<meta name="robots" content="noindex">{% endif %}</head>
<body><main>{{ content | safe }}</main><footer>{% temoinManage %}</footer></body>
</html>`,
  'index.md':
    '---\nlayout: base.njk\ntitle: Accueil\n---\n# Accueil\n\nÉditeur : {{ temoin.policy.controller.name }}.\n',
  'en/about.md':
    '---\nlayout: base.njk\ntitle: About\nlang: en\n---\n# About\n\n{% temoinManage %}\n\n{% temoinObjection %}\n\n{% temoinObjection "fr" %}\n',
  'mentions.md': '---\nlayout: base.njk\ntitle: Mentions légales\nindex: false\n---\n# Mentions\n',
  'video.md':
    '---\nlayout: base.njk\ntitle: Vidéo\n---\n# Vidéo\n\n<iframe src="https://www.youtube.com/embed/abc" title="Vidéo"></iframe>\n',
  'blocked.md':
    '---\nlayout: base.njk\ntitle: Vidéo bloquée\n---\n# Vidéo\n\n<iframe data-temoin="personalisation" data-src="https://www.youtube-nocookie.com/embed/abc" title="Vidéo"></iframe>\n',
  'manual.njk':
    '---\ntitle: Manual\n---\n<html><head>{% temoinScript %}</head><body></body></html>\n',
  'sitemap.njk':
    '---\npermalink: sitemap.xml\neleventyExcludeFromCollections: true\n---\n{% for p in collections.temoinIndexable %}{{ p.url }}\n{% endfor %}',
}

const makeSite = (edit?: (policy: Record<string, unknown>) => void) => makeTestSite(FILES, edit)
const build = buildSite
const messages = errorMessages

describe('temoin/eleventy', () => {
  it('adds the script tag once before </head> of every HTML page, and only to HTML', async () => {
    const { pages, page } = await build(await makeSite())
    for (const [url, p] of pages) {
      if (!url.endsWith('.xml')) {
        expect(p.content.split(SCRIPT), url).toHaveLength(2)
        expect(p.content, url).toMatch(new RegExp(`${SCRIPT.replace(/[.?/]/g, '\\$&')}</head>`))
      }
    }
    expect(page('/sitemap.xml')).not.toContain('<script')
    expect(pages.size).toBeGreaterThanOrEqual(9)
  })

  it('with inject: false, loads temoin.js only where {% temoinScript %} says', async () => {
    const { page } = await build(await makeSite(), { inject: false })
    expect(page('/')).not.toContain('temoin.js')
    expect(page('/manual/')).toBe(`<html><head>${SCRIPT}</head><body></body></html>\n`)
  })

  it('{% temoinManage %} writes the manage button in the page’s language', async () => {
    const { page } = await build(await makeSite())
    const fr = '<button type="button" data-temoin-manage>Gérer mes cookies</button>'
    const en = '<button type="button" data-temoin-manage>Manage my cookies</button>'
    expect(page('/')).toContain(`<footer>${fr}</footer>`)
    expect(page('/en/about/')).toContain(`<p>${en}</p>`) // Liquid, in Markdown
    expect(page('/en/about/')).toContain(`<footer>${en}</footer>`) // Nunjucks, in the layout
    expect(page('/privacy.html')).toContain(`<footer>${en}</footer>`)
  })

  // A hand-written privacy page offers the objection too, in its own language or the one given.
  it('{% temoinObjection %} writes the one-click objection in the page’s language', async () => {
    const { page } = await build(await makeSite())
    const html = page('/en/about/')
    expect(html).toContain(
      '<button type="button" data-temoin-object>I object to audience measurement</button>',
    )
    expect(html).toContain(
      '<button type="button" data-temoin-object>Je m’oppose à la mesure d’audience</button>',
    )
    expect(html).toContain(
      'data-objected="Noted: your visits are no longer counted in this browser."',
    )
    // The script as written, not escaped by the template language.
    expect(html).toContain("temoin.on('change', show)")
  })

  // In a language Témoin has no words in, the page gives them, or the build stops: never English
  // on a German page.
  it('{% temoinObjection %} in a third language takes its words, and stops the build without them', async () => {
    const root = await makeSite()
    const german = (body: string) =>
      `---\nlayout: base.njk\ntitle: Datenschutz\nlang: de\n---\n# Datenschutz\n\n${body}\n`
    await mkdir(join(root, 'src/de'), { recursive: true })
    await writeFile(
      join(root, 'src/de/datenschutz.md'),
      german('{% temoinObjection "de", "Ich widerspreche", "Vermerkt & gezählt <nicht>." %}'),
    )
    const { page } = await build(root)
    const html = page('/de/datenschutz/')
    expect(html).toContain('<button type="button" data-temoin-object>Ich widerspreche</button>')
    expect(html).toContain('data-objected="Vermerkt &amp; gezählt &lt;nicht&gt;."')
    // Another file: Eleventy keeps a template's content across builds of one process.
    await writeFile(join(root, 'src/de/ohne.md'), german('{% temoinObjection %}'))
    const failed = await build(root).then(
      () => 'built',
      (e: unknown) => messages(e),
    )
    expect(failed).toContain(
      '{% temoinObjection %} in /de/ohne/ writes for a page in "de", which Témoin has no words in (French and English)',
    )
  })

  it('gives templates the published figures as temoin.figures, by release name', async () => {
    const root = await makeSite()
    const release = {
      format: 'temoin-release/1',
      name: 'kit',
      site: 'example.org',
      period: { from: '2026-03-01', to: '2026-04-01' },
      mechanism: 'dp',
      protectedUnit: 'a visitor',
      tables: [
        {
          name: 'by-country',
          metric: 'pageviews',
          dimensions: ['country'],
          cells: [
            { key: ['FR'], value: 1204, status: 'published', margin: 14 },
            { key: ['BE'], value: null, status: 'below-threshold', margin: 14 },
          ],
        },
      ],
    }
    await writeFile(join(root, 'release.json'), JSON.stringify(release))
    await writeFile(
      join(root, 'src', 'audience.njk'),
      '{% for c in temoin.figures.kit.tables[0].cells %}{{ c.key[0] }}={{ c.value if c.value !== null else "—" }} {% endfor %}',
    )
    const { page } = await build(root, { figures: join(root, 'release.json') })
    expect(page('/audience/')).toBe('FR=1204 BE=— ')
    await expect(build(root, { figures: join(root, 'missing.json') })).rejects.toThrow()
  })

  it('gives templates the parsed policy as temoin.policy', async () => {
    const { page } = await build(await makeSite())
    expect(page('/')).toContain('Éditeur : Association Témoin Démo.')
  })

  it('generates the privacy page in French and English inside the site’s layout', async () => {
    const { page } = await build(await makeSite())
    const fr = page('/confidentialite.html')
    expect(fr).toContain('<html lang="fr">')
    expect(fr).toContain('<title>Politique de confidentialité</title>')
    expect(fr).toContain('<meta name="robots" content="noindex">') // index: false
    expect(fr).toContain('<main><div class="temoin-policy" lang="fr">')
    expect(fr).toContain(
      '13\u00a0mois à compter de son premier dépôt\u00a0; vos visites ne la prolongent pas',
    )
    expect(fr).toContain(`data-endpoint="${COLLECTOR}"`)
    const en = page('/privacy.html')
    expect(en).toContain('<html lang="en">')
    expect(en).toContain('<title>Privacy policy</title>')
    expect(en).toContain('13\u00a0months from its first deposit; your visits do not extend it')
  })

  it('rewrites the page from the policy’s values: change a value, rebuild, the page changes', async () => {
    const before = await build(await makeSite())
    const after = await build(
      await makeSite((p) => {
        p.cookies = { lifetimeMonths: 12 }
        p.consent = { validityMonths: 12, refusalMonths: 7 }
        p.publication = { minGroupSize: 25 }
        p.recipients = [
          { name: 'Mesureur SAS', role: 'processor', purposes: ['statistics'], country: 'DE' },
          { name: 'Vidéos Inc.', role: 'controller', purposes: ['personalisation'], country: 'US' },
        ]
      }),
    )
    const cases: [string, string[], string[]][] = [
      [
        '/confidentialite.html',
        [
          '13\u00a0mois à compter',
          'retenu 6\u00a0mois',
          'au moins 10\u00a0visiteurs',
          'Hébergeur du site',
        ],
        [
          '12\u00a0mois à compter de son premier dépôt',
          'ce refus est retenu 7\u00a0mois',
          'au moins 25\u00a0visiteurs distincts',
          'Mesureur SAS',
          'Allemagne',
          'Vidéos Inc.',
          'États-Unis (hors de l’Espace économique européen)',
        ],
      ],
      [
        '/privacy.html',
        [
          '13\u00a0months from',
          'remembered for 6\u00a0months',
          'at least 10 distinct',
          'Hébergeur du site',
        ],
        [
          '12\u00a0months from its first deposit',
          'the refusal is remembered for 7\u00a0months',
          'at least 25 distinct visitors',
          'Mesureur SAS',
          'Germany',
          'United States (outside the European Economic Area)',
        ],
      ],
    ]
    for (const [url, old, now] of cases) {
      for (const text of old) {
        expect(before.page(url), url).toContain(text)
        expect(after.page(url), url).not.toContain(text)
      }
      for (const text of now) expect(after.page(url), url).toContain(text)
    }
  })

  it('keeps pages marked index: false, and the generated pages, out of temoinIndexable', async () => {
    const { page } = await build(await makeSite())
    const listed = page('/sitemap.xml').trim().split('\n').sort()
    expect(listed).toEqual(['/', '/blocked/', '/en/about/', '/manual/', '/video/'])
  })

  it('warns, naming the page, about a third-party iframe without a data-temoin purpose', async () => {
    const { warnings } = await build(await makeSite())
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(
      /^\[temoin\] \S*video\.md \(\/video\/\): an <iframe> from www\.youtube\.com loads before consent; add data-temoin="personalisation" and rename src to data-src/,
    )
  })

  it('fails the build on a bad policy, naming the key, the rule and the fix', async () => {
    const root = await makeSite((p) => {
      p.cookies = { lifetimeMonths: 14 }
    })
    const error = await build(root).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(Error)
    const text = messages(error)
    expect(text).toContain('cookies.lifetimeMonths')
    expect(text).toContain('[cnil-cookie-lifetime]')
    expect(text).toContain('Fix: set 13 or less.')
  })

  it('fails the build on a missing policy file', async () => {
    const root = await makeSite()
    const error = await build(root, { policy: join(root, 'nope.yaml') }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(messages(error)).toMatch(/Cannot read the policy file .*nope\.yaml/)
  })

  it('takes permalinks per language; false leaves the language to the site; a mismatch with the banner’s link is a warning', async () => {
    const { pages, page, warnings } = await build(await makeSite(), {
      permalink: { fr: 'legal/confidentialite.html', en: false },
    })
    expect(page('/legal/confidentialite.html')).toContain('Politique de confidentialité')
    expect(pages.has('/privacy.html')).toBe(false)
    expect(warnings).toContain(
      '[temoin] the fr privacy page is generated at /legal/confidentialite.html, but the banner links to /confidentialite.html (banner.privacyUrl.fr); make them the same.',
    )
  })

  it('reads the policy again before each later build (--watch, --serve)', async () => {
    const root = await makeSite()
    const eleventy = new Eleventy(join(root, 'src'), join(root, '_site'), {
      quietMode: true,
      configPath: false,
      config: (c) => c.addPlugin(temoin, { policy: join(root, 'temoin.yaml'), collector: '' }),
    })
    const privacy = async () =>
      (await eleventy.toJSON()).find((p) => p.url === '/privacy.html')?.content ?? ''
    expect(await privacy()).toContain('at least 10 distinct visitors')
    const policy = parse(await readFile(join(root, 'temoin.yaml'), 'utf8')) as Record<
      string,
      unknown
    >
    policy.publication = { minGroupSize: 50 }
    await writeFile(join(root, 'temoin.yaml'), stringify(policy))
    expect(await privacy()).toContain('at least 50 distinct visitors')
  })

  it('adds the site’s own data to the generated pages', async () => {
    const { page } = await build(await makeSite(), { data: { title: 'Vie privée' } })
    expect(page('/confidentialite.html')).toContain('<title>Vie privée</title>')
  })

  it('refuses options it cannot use, saying which', async () => {
    const root = await makeSite()
    await expect(
      build(root, { collector: 'stats.example.org' }).catch((e: unknown) =>
        Promise.reject(new Error(messages(e))),
      ),
    ).rejects.toThrow(/`collector`/)
  })
})
