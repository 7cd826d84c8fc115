import { mkdir, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildSite, errorMessages, makeSite } from '../../test/helpers/eleventy-site.js'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import { testFolder } from '../../test/helpers/test-folder.js'
import type { Policy } from '../policy/policy-schema.js'
import { createLegalArchive } from './legal-archive.js'

const LAYOUT = `<!doctype html>
<html lang="{{ lang or 'fr' }}">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main>{{ content | safe }}</main></body>
</html>`
const cgu = (body: string) =>
  `---\npermalink: cgu.html\nlayout: base.njk\ntitle: "Conditions générales d'utilisation"\nindex: false\n---\n# CGU\n\n${body}\n`
const V1 = 'Le site est libre d’accès et gratuit.\n\nLes textes appartiennent à l’association.'
const V2 =
  'Le site est libre d’accès.\n\nLes textes et les photographies appartiennent à l’association.'

/** A site whose policy lists its terms of use; `cgu.md` holds `body`. */
function site(body: string) {
  return makeSite({ '_includes/base.njk': LAYOUT, 'cgu.md': cgu(body) }, (p) => {
    p.legal = [{ kind: 'terms', source: 'cgu.md', language: 'fr' }]
  })
}

/** Builds `root` with the CGU's text `body` on `today`; returns the pages and the history file. */
async function buildOn(root: string, today: string, body?: string) {
  // Eleventy keeps what it read of a file for the process: a new text goes in a new site folder,
  // and the history file is carried over.
  const built = await buildSite(root, { today, legalVersions: join(root, 'legal-versions.json') })
  const history = JSON.parse(await readFile(join(root, 'legal-versions.json'), 'utf8')) as Record<
    string,
    { date: string; hash: string; title: string; html: string }[]
  >
  return { ...built, history, body }
}

async function carry(from: string, to: string) {
  await writeFile(
    join(to, 'legal-versions.json'),
    await readFile(join(from, 'legal-versions.json')),
  )
}

describe('every version of a legal page archived (legal-versions.json)', () => {
  it('keeps each version at its address, lists them, and compares any two word by word', async () => {
    const first = await site(V1)
    const one = await buildOn(first, '2026-11-26')
    expect(one.history['cgu.md']!.map((v) => v.date)).toEqual(['2026-11-26'])
    expect(one.history['cgu.md']![0]!.html).toContain('gratuit')
    expect(one.page('/cgu/versions/2026-11-26.html')).toContain(
      'Version publiée le 26 novembre 2026, en vigueur.',
    )
    // Built again, unchanged: no new version, and the file is not rewritten.
    const again = await buildOn(first, '2026-12-01')
    expect(again.history).toEqual(one.history)

    const second = await site(V2)
    await carry(first, second)
    const two = await buildOn(second, '2027-01-10')
    expect(two.history['cgu.md']!.map((v) => v.date)).toEqual(['2026-11-26', '2027-01-10'])
    // The old address still answers, with the old text, saying it was replaced.
    const old = two.page('/cgu/versions/2026-11-26.html')
    expect(old).toContain('gratuit')
    expect(old).toContain('remplacée le 10 janvier 2027')
    expect(old).toContain(
      '<title>Conditions générales d&#39;utilisation — version du 26 novembre 2026</title>',
    )
    expect(two.page('/cgu/versions/2027-01-10.html')).toContain('photographies')
    // The list, newest first, with the changes since the version before.
    const list = two.page('/cgu/versions/')
    expect(list.indexOf('10 janvier 2027 (en vigueur)')).toBeLessThan(
      list.indexOf('26 novembre 2026'),
    )
    expect(list).toContain('href="/cgu/versions/compare-2026-11-26-2027-01-10.html"')
    // The comparison: what was removed, what was added, the rest as it was.
    const diff = two.page('/cgu/versions/compare-2026-11-26-2027-01-10.html')
    expect(diff).toMatch(/<del><span [^>]*>\[retiré\] <\/span> et gratuit<\/del>/)
    expect(diff).toMatch(/<ins><span [^>]*>\[ajouté\] <\/span>et les photographies <\/ins>/)
    expect(diff).toContain('Le site est libre d’accès')
    // The same comparison at the address a notice of the change links to.
    expect(two.page('/cgu/versions/changes-2027-01-10.html')).toContain('[ajouté] ')
  })

  it('stops when the policy announces a change of a version the page does not have', async () => {
    const root = await makeSite({ '_includes/base.njk': LAYOUT, 'cgu.md': cgu(V1) }, (p) => {
      const changes = [{ published: '2026-11-26', effective: '2027-01-01' }]
      p.legal = [{ kind: 'terms', source: 'cgu.md', language: 'fr', changes }]
    })
    const message = await buildOn(root, '2026-11-26').then(
      () => 'built',
      (e: unknown) => errorMessages(e),
    )
    expect(message).toContain(
      'LEGAL_PAGE_MISSING: temoin/eleventy: legal[0].changes[0] announces the version of cgu.md published on 2026-11-26, but cgu.md has no version of that day replacing an earlier one (its versions: 2026-11-26)',
    )
  })

  it('makes a second change on the same day the same version', async () => {
    const first = await site(V1)
    await buildOn(first, '2026-11-26')
    const second = await site(V2)
    await carry(first, second)
    await buildOn(second, '2027-01-10')
    const third = await site(`${V2}\n\nUne phrase de plus.`)
    await carry(second, third)
    const three = await buildOn(third, '2027-01-10')
    expect(three.history['cgu.md']!.map((v) => v.date)).toEqual(['2026-11-26', '2027-01-10'])
    expect(three.page('/cgu/versions/2027-01-10.html')).toContain('Une phrase de plus.')
  })

  it('stops on a history it cannot read, and leaves it as it was', async () => {
    const root = await site(V1)
    const file = join(root, 'legal-versions.json')
    for (const broken of ['{ not json', '{"cgu.md": [{"date": "2026-11-26"}]}']) {
      await writeFile(file, broken)
      const message = await buildOn(root, '2026-11-26').then(
        () => 'built',
        (e: unknown) => errorMessages(e),
      )
      expect(message).toContain('LEGAL_VERSIONS_INVALID: temoin/eleventy: ')
      expect(message).toContain('is not the history of legal pages the build writes')
      expect(await readFile(file, 'utf8')).toBe(broken)
    }
  })
})

// The archive driven as the plugin drives it, without Eleventy: fast, and each build may change
// a page's text in the same folder.

const EXAMPLE = examplePolicy()
type LegalPage = Policy['legal'][number]
const terms = (changes: LegalPage['changes'] = []): LegalPage => ({
  kind: 'terms',
  source: 'cgu.md',
  language: 'fr',
  changes,
})
const notice = (changes: LegalPage['changes'] = []): LegalPage => ({
  kind: 'legal-notice',
  source: 'legal/mentions.md',
  language: 'en',
  changes,
})
const md = (title: string, body: string) => `---\ntitle: ${title}\n---\n${body}\n`

/**
 * One build of the archive in `dir` on `today`, as the plugin runs it: the pages' sources written
 * (`files`), the history read, the announced changes checked, every archive page rendered (this
 * build renders each page as `rendered[source]`), the history saved.
 */
async function build(
  dir: string,
  today: string,
  files: Readonly<Record<string, string>>,
  rendered: Readonly<Record<string, string>>,
  legal: LegalPage[],
) {
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), text)
  }
  // The archive reads the policy's `legal` and `version`: a page in German is given without the
  // German texts a whole policy would need.
  const policy: Policy = { ...EXAMPLE, legal }
  const archive = createLegalArchive(join(dir, 'legal-versions.json'))
  await archive.prepare(policy, dir, today)
  archive.checkAnnounced(policy)
  const pages = archive.pages()
  const content = new Map(
    pages.map((p) => [p.url, archive.render(p, (path) => rendered[relative(dir, path)])]),
  )
  await archive.save()
  return { archive, pages, content, page: (url: string) => content.get(url) ?? `no page ${url}` }
}

describe('the archive of a site’s legal pages, page by page', () => {
  it('titles every page after the newest version’s title, and compares the first and third versions', async () => {
    const dir = await testFolder('temoin-archive-')
    const text = (body: string) => ({ 'cgu.md': md('Conditions', body) })
    await build(dir, '2026-11-26', text('Gratuit.'), { 'cgu.md': '<p>Le site est gratuit.</p>' }, [
      terms(),
    ])
    await build(dir, '2027-01-10', text('Libre.'), { 'cgu.md': '<p>Le site est libre.</p>' }, [
      terms(),
    ])
    const three = await build(
      dir,
      '2027-03-15',
      { 'cgu.md': md('CGU', 'Payant.') },
      { 'cgu.md': '<p>Le site est payant.</p>' },
      [terms()],
    )
    // kills legal-archive.ts: the title read from the second version (at(+1)), not the newest
    expect(three.pages.map((p) => [p.url, p.title])).toEqual([
      ['/cgu/versions/', 'Versions de « CGU »'],
      ['/cgu/versions/2026-11-26.html', 'CGU — version du 26 novembre 2026'],
      ['/cgu/versions/2027-01-10.html', 'CGU — version du 10 janvier 2027'],
      ['/cgu/versions/2027-03-15.html', 'CGU — version du 15 mars 2027'],
      [
        '/cgu/versions/changes-2027-01-10.html',
        'CGU : changements du 26 novembre 2026 au 10 janvier 2027',
      ],
      [
        '/cgu/versions/changes-2027-03-15.html',
        'CGU : changements du 10 janvier 2027 au 15 mars 2027',
      ],
      [
        '/cgu/versions/compare-2026-11-26-2027-01-10.html',
        'CGU : changements du 26 novembre 2026 au 10 janvier 2027',
      ],
      [
        '/cgu/versions/compare-2026-11-26-2027-03-15.html',
        'CGU : changements du 26 novembre 2026 au 15 mars 2027',
      ],
      [
        '/cgu/versions/compare-2027-01-10-2027-03-15.html',
        'CGU : changements du 10 janvier 2027 au 15 mars 2027',
      ],
    ])
    // kills legal-archive.ts: the second version of a pair found at i + 1 - j, not i + 1 + j
    const firstToThird = three.page('/cgu/versions/compare-2026-11-26-2027-03-15.html')
    expect(firstToThird).toMatch(/\[retiré\] <\/span>gratuit<\/del>/)
    expect(firstToThird).toMatch(/\[ajouté\] <\/span>payant<\/ins>/)
  })

  it('keeps a version’s text as its first build rendered it', async () => {
    // kills legal-archive.ts: the newest version's text taken from each build (html === '' true)
    const dir = await testFolder('temoin-archive-')
    const files = { 'cgu.md': md('CGU', 'Texte.') }
    await build(dir, '2026-11-26', files, { 'cgu.md': '<p>Texte publié.</p>' }, [terms()])
    const later = await build(
      dir,
      '2027-01-10',
      files,
      { 'cgu.md': '<p>Texte mis en forme.</p>' },
      [terms()],
    )
    expect(later.page('/cgu/versions/2026-11-26.html')).toContain('<p>Texte publié.</p>')
    expect(later.page('/cgu/versions/2026-11-26.html')).not.toContain('mis en forme')
  })

  it('does not rewrite a history it has nothing to add to', async () => {
    // kills legal-archive.ts: the history written at every build (text !== before true)
    const dir = await testFolder('temoin-archive-')
    const files = { 'cgu.md': md('CGU', 'Texte.') }
    await build(dir, '2026-11-26', files, { 'cgu.md': '<p>Texte.</p>' }, [terms()])
    const file = join(dir, 'legal-versions.json')
    const longAgo = new Date('2020-01-01T00:00:00Z')
    await utimes(file, longAgo, longAgo)
    await build(dir, '2027-01-10', files, { 'cgu.md': '<p>Texte.</p>' }, [terms()])
    expect((await stat(file)).mtime).toEqual(longAgo)
  })

  it('gives each legal page its own list, versions and address', async () => {
    // kills legal-archive.ts: a page rendered from the first page's versions (find → true);
    // the addresses by source emptied
    const dir = await testFolder('temoin-archive-')
    const one = await build(
      dir,
      '2026-11-26',
      { 'cgu.md': md('CGU', 'Conditions.'), 'legal/mentions.md': md('Legal notice', 'Notice.') },
      { 'cgu.md': '<p>Les conditions.</p>', 'legal/mentions.md': '<p>The notice.</p>' },
      [terms(), notice()],
    )
    expect(one.archive.addresses()).toEqual({
      'cgu.md': '/cgu/versions/',
      'legal/mentions.md': '/legal/mentions/versions/',
    })
    expect(one.page('/legal/mentions/versions/2026-11-26.html')).toContain('<p>The notice.</p>')
    expect(one.page('/legal/mentions/versions/2026-11-26.html')).toContain(
      'Version published on November 26, 2026, in force.',
    )
    expect(one.page('/legal/mentions/versions/')).toContain(
      'href="/legal/mentions/versions/2026-11-26.html"',
    )
    expect(one.page('/cgu/versions/2026-11-26.html')).toContain('<p>Les conditions.</p>')
  })

  it('leaves out a page in a language it has no words for', async () => {
    // kills legal-archive.ts: a page in another language than French and English archived
    // (its `continue` condition false), which left its pages without words
    const dir = await testFolder('temoin-archive-')
    const agb: LegalPage = { kind: 'terms', source: 'agb.md', language: 'de', changes: [] }
    const one = await build(
      dir,
      '2026-11-26',
      { 'cgu.md': md('CGU', 'Conditions.'), 'agb.md': md('AGB', 'Bedingungen.') },
      { 'cgu.md': '<p>Les conditions.</p>', 'agb.md': '<p>Die Bedingungen.</p>' },
      [terms(), agb],
    )
    expect(one.pages.map((p) => p.url).filter((u) => u.startsWith('/agb/'))).toEqual([])
    expect(one.archive.addresses()).toEqual({ 'cgu.md': '/cgu/versions/' })
    const history = JSON.parse(await readFile(join(dir, 'legal-versions.json'), 'utf8')) as object
    expect(Object.keys(history)).toEqual(['cgu.md'])
  })

  it('takes a change announced for the day of its page’s new version, and no other page’s', async () => {
    // kills legal-archive.ts: every announced change refused (its return condition false, || → &&);
    // a page's announced change checked against the first page's versions (find → true); the
    // message emptied
    const dir = await testFolder('temoin-archive-')
    await build(dir, '2026-11-26', { 'cgu.md': md('CGU', 'Gratuit.') }, {}, [terms()])
    const change = [{ published: '2027-01-10', effective: '2027-03-01' }]
    const files = { 'cgu.md': md('CGU', 'Payant.'), 'legal/mentions.md': md('Notice', 'Notice.') }
    const announced = await build(dir, '2027-01-10', files, {}, [terms(change), notice()])
    expect(announced.archive.addresses()).toHaveProperty('cgu.md')
    // The legal notice is new that day: its first version replaces none, there are no changes.
    const message = await build(dir, '2027-01-10', files, {}, [terms(change), notice(change)]).then(
      () => 'built',
      (e: unknown) => errorMessages(e),
    )
    expect(message).toBe(
      'LEGAL_PAGE_MISSING: temoin/eleventy: legal[1].changes[0] announces the version of legal/mentions.md published on 2027-01-10, but legal/mentions.md has no version of that day replacing an earlier one (its versions: 2027-01-10); the notice would link to nothing. Set published to the day the build recorded the new text.',
    )
  })

  it('refuses a change announced for a page it does not archive, whose notice would link to nothing', async () => {
    // A bug the mutant of `?? []` (legal-archive.ts, an equivalent default) showed: such a change
    // was let through, and temoin.js linked to a comparison that no build makes.
    const dir = await testFolder('temoin-archive-')
    const changes = [{ published: '2027-01-10', effective: '2027-03-01' }]
    const agb: LegalPage = { kind: 'terms', source: 'agb.md', language: 'de', changes }
    const message = await build(dir, '2027-01-10', { 'agb.md': md('AGB', 'Bedingungen.') }, {}, [
      agb,
    ]).then(
      () => 'built',
      (e: unknown) => errorMessages(e),
    )
    expect(message).toBe(
      'LEGAL_PAGE_MISSING: temoin/eleventy: legal[0].changes[0] announces the version of agb.md published on 2027-01-10, but agb.md is in "de" and the archive of versions is written in French or English only: the notice would link to nothing. Announce the change on the page itself and remove it from legal[0].changes.',
    )
  })

  it('stops on a history it cannot read as it reads it, before the build renders a page', async () => {
    // kills legal-archive.ts: any error reading the history taken for an absent file (the catch
    // block emptied, or its ENOENT condition true): the build went on with an empty history
    const dir = await testFolder('temoin-archive-')
    await writeFile(join(dir, 'cgu.md'), md('CGU', 'Texte.'))
    await mkdir(join(dir, 'legal-versions.json'))
    const archive = createLegalArchive(join(dir, 'legal-versions.json'))
    await expect(
      archive.prepare({ ...EXAMPLE, legal: [terms()] }, dir, '2026-11-26'),
    ).rejects.toMatchObject({ code: 'EISDIR' })
  })
})
