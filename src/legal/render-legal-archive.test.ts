import { parse, valid } from 'node-html-parser'
import { describe, expect, it } from 'vitest'
import type { LegalVersion } from './legal-versions.js'
import {
  archiveTexts,
  archiveTitles,
  renderArchivedVersion,
  renderArchiveIndex,
  renderComparison,
} from './render-legal-archive.js'

const FR = archiveTexts('fr')!
const EN = archiveTexts('en')!
const BASE = '/cgu/versions/'

const version = (date: string, html: string): LegalVersion => ({
  date,
  hash: `sha256-${'0'.repeat(64)}`,
  title: 'CGU',
  html,
})
const V1 = version('2026-11-26', '<h1>CGU</h1>\n<p>Le site est libre d’accès et gratuit.</p>')
const V2 = version('2027-01-10', '<h1>CGU</h1>\n<p>Le site est libre d’accès.</p>')
const V3 = version('2027-03-15', '<h1>CGU</h1>\n<p>Le site est payant.</p>')
const V4 = version('2027-06-20', '<h1>CGU</h1>\n<p>Le site est fermé.</p>')

/** The text a visitor reads in each cell of each row of the list's table. */
const rows = (html: string) =>
  parse(html)
    .querySelectorAll('tbody tr')
    .map((tr) => tr.querySelectorAll('td').map((td) => td.text))

describe('the list of a page’s versions', () => {
  it('names the page and says that every version stays online, in the page’s language', () => {
    // kills render-legal-archive.ts: the list's opening (its heading and introduction) emptied
    const list = parse(renderArchiveIndex('Versions de « CGU »', [V1, V2], BASE, 'fr', FR))
    expect(list.querySelector('.temoin-archive')?.getAttribute('lang')).toBe('fr')
    expect(list.querySelector('.temoin-archive h1')?.text).toBe('Versions de « CGU »')
    expect(list.querySelector('.temoin-archive > p')?.text).toBe(
      'Chaque version de cette page reste consultable, datée du jour où elle a été publiée.',
    )
  })

  it('lists the versions newest first, and says that the newest, and only it, is in force', () => {
    // kills render-legal-archive.ts: the "en vigueur" label given to no version, to every
    // version, to the wrong one (length + 1, !==), or another text on the older versions
    const list = renderArchiveIndex('Versions de « CGU »', [V1, V2], BASE, 'fr', FR)
    expect(rows(list)).toEqual([
      [
        '10 janvier 2027 (en vigueur)',
        'Lire cette version',
        'Voir les changements depuis la version précédente',
      ],
      ['26 novembre 2026', 'Lire cette version', 'Première version'],
    ])
  })

  it('offers no other pair to compare when the page has two versions', () => {
    // kills render-legal-archive.ts: the "other pairs" part shown without pairs (condition
    // false, === turned !==, its '' turned to text, flatMap's function returning undefined)
    const list = renderArchiveIndex('Versions de « CGU »', [V1, V2], BASE, 'fr', FR)
    expect(list).not.toContain('<h2>')
    expect(list).not.toContain('<ul>')
    expect(list).not.toContain('Comparer deux autres versions')
    expect(list.endsWith('</tbody>\n</table>\n</div>\n')).toBe(true)
  })

  it('offers every pair of versions that are not next to each other, oldest first', () => {
    // kills render-legal-archive.ts: the "other pairs" part never shown (pairs.length === 0
    // true, === turned !==), its heading emptied, the pairs taken from every version instead of
    // slice(i + 2) or from slice(i - 2), a pair emptied or its function returning undefined
    const list = parse(renderArchiveIndex('Versions de « CGU »', [V1, V2, V3, V4], BASE, 'fr', FR))
    expect(list.querySelector('h2')?.text).toBe('Comparer deux autres versions')
    expect(
      list.querySelectorAll('ul li').map((li) => {
        const a = li.querySelector('a')
        return [a?.getAttribute('href'), a?.text]
      }),
    ).toEqual([
      ['/cgu/versions/compare-2026-11-26-2027-03-15.html', '26 novembre 2026 → 15 mars 2027'],
      ['/cgu/versions/compare-2026-11-26-2027-06-20.html', '26 novembre 2026 → 20 juin 2027'],
      ['/cgu/versions/compare-2027-01-10-2027-06-20.html', '10 janvier 2027 → 20 juin 2027'],
    ])
  })

  it('writes each row of the table and each pair on a line of its own in the page’s source', () => {
    // kills render-legal-archive.ts: the rows, or the pairs, joined with "" instead of a line break
    const lines = renderArchiveIndex('Versions de « CGU »', [V1, V2, V3, V4], BASE, 'fr', FR).split(
      '\n',
    )
    expect(lines.filter((l) => /^<tr><td>.*<\/td><\/tr>$/.test(l))).toHaveLength(4)
    expect(lines.filter((l) => /^<li><a [^>]*>[^<]*<\/a><\/li>$/.test(l))).toHaveLength(3)
  })

  it('is well-formed HTML, every element closed', () => {
    // kills render-legal-archive.ts: the list's closing </div> emptied
    for (const versions of [[V1], [V1, V2], [V1, V2, V3]])
      expect(valid(renderArchiveIndex('Versions de « CGU »', versions, BASE, 'fr', FR))).toBe(true)
  })
})

describe('a version as it was published', () => {
  it('says, in English, when it was published and that it is in force, with a link to the list', () => {
    // kills render-legal-archive.ts: the English "in force" line emptied; the status line
    // outside the archive's element (its opening <div> emptied)
    const html = renderArchivedVersion([V1, V2], 1, BASE, 'en', EN)
    const status = parse(html).querySelector('.temoin-archive[lang="en"] p.temoin-archive-status')
    expect(status?.text).toBe('Version published on January 10, 2027, in force. All versions')
    expect(status?.querySelector('a')?.getAttribute('href')).toBe('/cgu/versions/')
    expect(html.endsWith(V2.html)).toBe(true)
    expect(valid(html)).toBe(true)
  })

  it('says, in English, when a replaced version was published and replaced', () => {
    // kills render-legal-archive.ts: the English "replaced" line emptied
    const html = renderArchivedVersion([V1, V2], 0, BASE, 'en', EN)
    expect(parse(html).querySelector('p.temoin-archive-status')?.text).toBe(
      'Version published on November 26, 2026, replaced on January 10, 2027. All versions',
    )
  })
})

describe('two versions compared', () => {
  const compare = (from: LegalVersion, to: LegalVersion) =>
    renderComparison('CGU : changements', from, to, BASE, 'fr', FR)

  it('heads the comparison with its title, the legend and a link to the list', () => {
    // kills render-legal-archive.ts: the comparison's heading, or its legend line, emptied; the
    // changes not seen (some() → undefined, true → false, || → &&, some → every)
    const page = parse(compare(V1, V2))
    expect(page.querySelector('.temoin-archive[lang="fr"] h1')?.text).toBe('CGU : changements')
    const legend = page.querySelector('.temoin-archive > p')
    expect(legend?.text).toBe(
      'Le texte ajouté est souligné, le texte retiré est barré. Toutes les versions',
    )
    expect(legend?.querySelector('a')?.getAttribute('href')).toBe('/cgu/versions/')
  })

  it('says so when two versions read the same, though their markup differs', () => {
    // kills render-legal-archive.ts: the legend shown whatever the diff (condition true)
    const plain = version('2026-11-26', '<p>Le site est libre d’accès.</p>')
    const emphasised = version('2027-01-10', '<p>Le site est <em>libre</em> d’accès.</p>')
    const page = compare(plain, emphasised)
    expect(parse(page).querySelector('.temoin-archive > p')?.text).toBe(
      'Aucun changement de texte entre ces deux versions. Toutes les versions',
    )
    expect(page).not.toContain('<ins>')
    expect(page).not.toContain('<del>')
  })

  it('shows the removed and added words in place, each block on a line of its own', () => {
    // kills render-legal-archive.ts: the parts joined with a text between them; the blocks'
    // line breaks (<br>) emptied
    const body = parse(compare(V1, V2)).querySelector('.temoin-diff p')?.innerHTML
    const sr = (word: string) =>
      `<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap">[${word}] </span>`
    expect(body).toBe(`CGU<br>\nLe site est libre d’accès<del>${sr('retiré')} et gratuit</del>.`)
    expect(parse(compare(V2, V3)).querySelector('.temoin-diff p')?.innerHTML).toBe(
      `CGU<br>\nLe site est <del>${sr('retiré')}libre d’accès</del><ins>${sr('ajouté')}payant</ins>.`,
    )
  })
})

describe('the titles of the archive’s pages', () => {
  it('names the list, each version and each comparison, in French and in English', () => {
    // kills render-legal-archive.ts: the French list's and comparison's titles, the English
    // list's, version's and comparison's titles emptied
    const fr = archiveTitles('CGU', 'fr', FR)
    expect(fr.index).toBe('Versions de « CGU »')
    expect(fr.version('2026-11-26')).toBe('CGU — version du 26 novembre 2026')
    expect(fr.compare('2026-11-26', '2027-01-10')).toBe(
      'CGU : changements du 26 novembre 2026 au 10 janvier 2027',
    )
    const en = archiveTitles('Terms', 'en', EN)
    expect(en.index).toBe('Versions of “Terms”')
    expect(en.version('2026-11-26')).toBe('Terms — version of November 26, 2026')
    expect(en.compare('2026-11-26', '2027-01-10')).toBe(
      'Terms: changes from November 26, 2026 to January 10, 2027',
    )
  })

  it('speaks the regional variants of French and English, and no other language', () => {
    // kills render-legal-archive.ts: the language looked up whole (fr-CA) instead of by its
    // first two letters
    const canada = archiveTexts('fr-CA')
    expect(canada && archiveTitles('CGU', 'fr-CA', canada).index).toBe('Versions de « CGU »')
    const britain = archiveTexts('en-GB')
    expect(britain && archiveTitles('Terms', 'en-GB', britain).version('2026-11-26')).toBe(
      'Terms — version of 26 November 2026',
    )
    expect(archiveTexts('de')).toBeUndefined()
  })
})
