import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildSite, errorMessages, makeSite } from '../../test/helpers/eleventy-site.js'
import { AppError } from '../lib/app-error.js'

/** The demo site's hand-written privacy page, with exactly the front matter of the issue. */
const PAGE = await readFile(
  new URL('../../examples/site/confidentialite.md', import.meta.url),
  'utf8',
)
const FRONT_MATTER = `---
permalink: confidentialite.html
layout: base.njk
title: "Politique de confidentialité"
index: false
---
`

const FILES: Readonly<Record<string, string>> = {
  '_includes/base.njk': `<!doctype html>
<html lang="{{ lang or 'fr' }}">
<head><meta charset="utf-8"><title>{{ title }} — Site</title>{% if index == false %}<meta name="robots" content="noindex">{% endif %}</head>
<body><main>{{ content | safe }}</main><footer><a href="{{ temoin.pages[lang or 'fr'] }}">Confidentialité</a></footer></body>
</html>`,
  'index.md': '---\nlayout: base.njk\ntitle: Accueil\n---\n# Accueil\n',
  'confidentialite.md': PAGE,
  'sitemap.njk':
    '---\npermalink: sitemap.xml\neleventyExcludeFromCollections: true\n---\n{% for p in collections.temoinIndexable %}{{ p.url }}\n{% endfor %}',
}

const LEGAL = [{ kind: 'privacy', source: 'confidentialite.md', language: 'fr' }]
const withLegal =
  (legal: unknown[] = LEGAL) =>
  (p: Record<string, unknown>) => {
    p.legal = legal
  }

/** French typography puts no-break spaces before units: compare plain spaces. */
const plain = (html: string) => html.replace(/[\u00a0\u202f]/g, ' ')

/** Builds, expecting a failure; returns Témoin's error, found in the chain Eleventy wraps it in. */
async function appError(root: string): Promise<AppError> {
  const e = await buildSite(root).then(
    () => undefined,
    (x: unknown) => x,
  )
  for (let x = e; x instanceof Error;) {
    if (x instanceof AppError) return x
    x = (x as { originalError?: unknown }).originalError ?? x.cause
  }
  throw new Error(`the build did not stop with an AppError: ${String(e)}`)
}

/** Builds, expecting a failure; returns every message of the error's chain. */
async function failure(root: string): Promise<string> {
  return buildSite(root).then(
    () => {
      throw new Error('the build passed')
    },
    (e: unknown) => errorMessages(e),
  )
}

describe('a hand-written privacy page (legal in the policy)', () => {
  it('builds with its own front matter kept: permalink, layout, title, index: false', async () => {
    expect(PAGE.startsWith(FRONT_MATTER)).toBe(true)
    const { page, pages, warnings } = await buildSite(await makeSite(FILES, withLegal()))
    const html = plain(page('/confidentialite.html'))
    expect(html).toContain('<title>Politique de confidentialité — Site</title>')
    expect(html).toContain('<meta name="robots" content="noindex">')
    expect(html).toContain('<h1>Politique de confidentialité</h1>') // the author's text
    // Its own sentences, with the policy's values written by {% temoinValue %}.
    expect(html).toContain('Les données de mesure sont conservées 13 mois')
    expect(html).toContain('30 jours à l’avance au moins'.replace('’', "'"))
    // Without it in the policy, the same site stops with a message saying what to do.
    const clash = await failure(await makeSite(FILES))
    expect(clash).toContain('LEGAL_PAGE_MISSING: temoin/eleventy: ')
    expect(clash).toContain(
      'confidentialite.md is published at /confidentialite.html, where Témoin generates the fr privacy page. To keep your own page, add it to the policy: legal: [{ kind: privacy, source: confidentialite.md, language: fr }]',
    )
    // Sections of the generated page it asks for: the recipients, the version history.
    expect(html).toContain('<section aria-labelledby="temoin-recipients">')
    expect(html).toContain('<section aria-labelledby="temoin-history">')
    expect(html).not.toContain('<section aria-labelledby="temoin-cookies">')
    // The footer links to it; the English page is still generated; the sitemap leaves it out.
    expect(html).toContain('<footer><a href="/confidentialite.html">')
    expect(page('/')).toContain('<footer><a href="/confidentialite.html">')
    expect(page('/privacy.html')).toContain('<footer><a href="/privacy.html">')
    expect(page('/sitemap.xml')).not.toContain('confidentialite')
    expect([...pages.keys()].filter((u) => u.startsWith('/confidentialite.'))).toEqual([
      '/confidentialite.html',
    ])
    expect(warnings).toEqual([])
  })

  it('stops the build on "25 mois" in place of "13 mois", naming the line and the fix', async () => {
    const wrong = PAGE.replace('13 mois au plus', '25 mois au plus')
    const line = wrong.split('\n').findIndex((l) => l.includes('25 mois')) + 1
    const message = await failure(
      await makeSite({ ...FILES, 'confidentialite.md': wrong }, withLegal()),
    )
    expect(message).toContain('PRIVACY_PAGE_CONTRADICTS')
    expect(message).toContain(
      `confidentialite.md:${line}:${wrong.split('\n')[line - 1]!.indexOf('25 mois') + 1}  error  [page-duration] "25 mois": cookies last 13 months (cookies.lifetimeMonths in the policy). Fix: write "13 mois", or {% temoinValue "cookies.lifetime" %}`,
    )
  })

  it('warns, without stopping, of a purpose and a recipient the page never names', async () => {
    const silent = PAGE.replace('{% temoinPolicy "recipients" %}', '')
      .replace(/personnalisation/gi, 'préférence')
      .replace(/hébergeur/g, 'prestataire')
    const { warnings } = await buildSite(
      await makeSite({ ...FILES, 'confidentialite.md': silent }, withLegal()),
    )
    expect(warnings.join('\n')).toContain(
      '[page-purpose-missing] the policy\'s purpose "personalisation"',
    )
    expect(warnings.join('\n')).toContain(
      '[page-recipient-missing] the recipient "Hébergeur du site"',
    )
  })

  it('stops the build when the page is missing, unpublished, or not where the banner links', async () => {
    const missing = await failure(
      await makeSite(FILES, withLegal([{ kind: 'terms', source: 'cgu.md', language: 'fr' }])),
    )
    expect(missing).toContain('legal[0].source in the policy is cgu.md')
    // kills legal-pages.ts: `code ?? String(e)` → `code && String(e)` (the whole error, not its code)
    expect(missing).toMatch(/cgu\.md cannot be read \(ENOENT\)\.$/m)
    // (A new site each time: Eleventy keeps what it read of a file for the whole process.)
    const withPage = (text: string) =>
      makeSite({ ...FILES, 'confidentialite.md': text }, withLegal())
    const unpublished = PAGE.replace('permalink: confidentialite.html', 'permalink: false')
    expect(await failure(await withPage(unpublished))).toContain(
      'legal[0] (privacy, confidentialite.md) is not published',
    )
    const elsewhere = PAGE.replace('permalink: confidentialite.html', 'permalink: vie-privee/')
    expect(await failure(await withPage(elsewhere))).toContain(
      'the fr privacy page confidentialite.md is published at /vie-privee/, but the banner and the footer link to /confidentialite.html',
    )
    // kills legal-pages.ts: the ', ' between the addresses of a page published at several
    const paginated = PAGE.replace(
      'permalink: confidentialite.html',
      'pagination: { data: parts, size: 1 }\nparts: [a, b]\npermalink: "vie-privee/{{ pagination.pageNumber }}/"',
    )
    expect(await failure(await withPage(paginated))).toContain(
      'the fr privacy page confidentialite.md is published at /vie-privee/0/, /vie-privee/1/, but the banner',
    )
    // kills legal-pages.ts: the `?? []` of a source Eleventy does not render (_includes/) at all
    const included = await failure(
      await makeSite(
        { ...FILES, '_includes/cgu.md': '# CGU\n' },
        withLegal([...LEGAL, { kind: 'terms', source: '_includes/cgu.md', language: 'fr' }]),
      ),
    )
    expect(included).toContain(
      'legal[1] (terms, _includes/cgu.md) is not published: the site has no page from that file',
    )
  })

  it('reads only the privacy pages against the policy, not the terms or the legal notice', async () => {
    // kills legal-pages.ts: `if (page.kind !== 'privacy') continue` → `if (false)`: these words
    // would contradict the policy, and the page names none of its purposes
    const terms = '---\npermalink: cgu.html\ntitle: CGU\n---\nLes cookies durent 25 mois.\n'
    const { page, warnings } = await buildSite(
      await makeSite(
        { ...FILES, 'cgu.md': terms },
        withLegal([...LEGAL, { kind: 'terms', source: 'cgu.md', language: 'fr' }]),
      ),
    )
    expect(page('/cgu.html')).toContain('Les cookies durent 25 mois.')
    expect(warnings).toEqual([])
  })

  it('lists every contradiction of a page, each on its line, with its fix in the page’s language', async () => {
    const english = `---
permalink: privacy.html
title: Privacy
---
# Privacy

Our cookies last 25 months.

Your consent is kept for 20 months.
`
    const e = await appError(
      await makeSite(
        { ...FILES, 'privacy.md': english },
        withLegal([...LEGAL, { kind: 'privacy', source: 'privacy.md', language: 'en' }]),
      ),
    )
    const lines = [
      'privacy.md:7:18  error  [page-duration] "25 months": cookies last 13 months (cookies.lifetimeMonths in the policy). Fix: write "13 months", or {% temoinValue "cookies.lifetime" %}',
      'privacy.md:9:26  error  [page-duration] "20 months":',
    ]
    expect(e.code).toBe('PRIVACY_PAGE_CONTRADICTS')
    // kills legal-pages.ts: the page's options → {} (the fix then said "13 mois")
    expect(e.message).toContain(lines[0])
    // kills legal-pages.ts: the '\n  ' between the problems emptied
    expect(e.message).toMatch(
      /^temoin\/eleventy: the privacy page says what the policy does not:\n {2}privacy\.md:7:18 .*\n {2}privacy\.md:9:26 [^\n]*$/,
    )
    // kills legal-pages.ts: `{ details: errors }` → `{}` (a caller lists them one by one)
    expect(e.details).toHaveLength(2)
    expect(e.details[0]).toContain(lines[0])
    expect(e.details[1]).toContain(lines[1])
  })

  it('{% temoinValue %} writes the policy in the page’s language, and stops on an unknown key or section', async () => {
    const values = (lang: string, body: string) =>
      `---\nlayout: base.njk\ntitle: V\nlang: ${lang}\n---\n${body}\n`
    const root = await makeSite(
      {
        ...FILES,
        'fr.md': values(
          'fr',
          '{% temoinValue "cookies.lifetime" %} / {% temoinValue "consent.refusalMonths" %} / {% temoinValue "effective" %}',
        ),
        'en.md': values(
          'en',
          '{% temoinValue "cookies.lifetime" %} / {% temoinValue "notice.days" %} / {% temoinValue "controller.name" %}',
        ),
      },
      (p) => {
        p.legal = LEGAL
        p.cookies = { lifetimeMonths: 12 }
        p.controller = { name: 'Dupont & <Fils>', contact: 'a@b.example' }
      },
    )
    // The page's own sentences now disagree with the 12 months: only fr.md and en.md are read.
    await writeFile(
      join(root, 'src/confidentialite.md'),
      PAGE.replaceAll('13 mois', '{% temoinValue "cookies.lifetime" %}'),
    )
    const { page } = await buildSite(root)
    expect(plain(page('/fr/'))).toContain('12 mois / 6 mois / 1 novembre 2026')
    expect(plain(page('/en/'))).toContain('12 months / 30 days / Dupont &amp; &lt;Fils&gt;')
    const noSection = { ...FILES, 'en.md': values('en', '{% temoinPolicy "histroy" %}') }
    expect(await failure(await makeSite(noSection, withLegal()))).toContain(
      '{% temoinPolicy "histroy" %} in /en/ names no section of the privacy page; known: controller, purposes',
    )
    const typo = { ...FILES, 'en.md': values('en', '{% temoinValue "cookies.lifetimes" %}') }
    const message = await failure(await makeSite(typo, withLegal()))
    expect(message).toContain('TEMPLATE_VALUE_UNKNOWN')
    expect(message).toContain(
      '{% temoinValue "cookies.lifetimes" %} in /en/ names no value of the policy; did you mean "cookies.lifetime"?',
    )
  })
})
