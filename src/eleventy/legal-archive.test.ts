import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { buildSite, errorMessages, makeSite } from '../../test/helpers/eleventy-site.js'

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
