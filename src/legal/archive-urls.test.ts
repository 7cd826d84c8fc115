import { describe, expect, it } from 'vitest'
import { archiveBase, archiveUrls } from './archive-urls.js'

describe('the addresses of a legal page’s archive', () => {
  it('are under the source file’s path without its extension', () => {
    expect(archiveBase('cgu.md')).toBe('/cgu/versions/')
    expect(archiveBase('legal/cgu.md')).toBe('/legal/cgu/versions/')
    // kills archive-urls.ts: the extension's pattern without its $ (the first dot's part removed)
    expect(archiveBase('cgu.v2.md')).toBe('/cgu.v2/versions/')
    expect(archiveBase('legal.d/cgu.md')).toBe('/legal.d/cgu/versions/')
  })

  it('are under the folder of an index page', () => {
    // kills archive-urls.ts: the index pattern without (^|) or without $; its replacement turned
    // to text; the // left not made one / (pattern /\//g, replacement "")
    expect(archiveBase('index.md')).toBe('/versions/')
    expect(archiveBase('legal/index.md')).toBe('/legal/versions/')
    expect(archiveBase('legal/index.njk')).toBe('/legal/versions/')
  })

  it('keep a page whose name only contains "index"', () => {
    // kills archive-urls.ts: the index pattern without its $ (legal/indexation.md → legal/ation)
    expect(archiveBase('legal/indexation.md')).toBe('/legal/indexation/versions/')
    expect(archiveBase('reindex.md')).toBe('/reindex/versions/')
  })

  it('give the list, each version, each pair compared and each version’s changes', () => {
    const base = archiveBase('cgu.md')
    expect(archiveUrls.index(base)).toBe('/cgu/versions/')
    expect(archiveUrls.version(base, '2026-11-26')).toBe('/cgu/versions/2026-11-26.html')
    expect(archiveUrls.compare(base, '2026-11-26', '2027-01-10')).toBe(
      '/cgu/versions/compare-2026-11-26-2027-01-10.html',
    )
    expect(archiveUrls.changes(base, '2027-01-10')).toBe('/cgu/versions/changes-2027-01-10.html')
  })
})
