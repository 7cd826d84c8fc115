import { diffWords } from 'diff'
import { parse } from 'node-html-parser'
import { escapeHtml } from '../eleventy/escape-html.js'
import { archiveUrls } from './archive-urls.js'
import type { LegalVersion } from './legal-versions.js'

/** The words of the archive pages, in French and English. */
interface ArchiveTexts {
  readonly indexTitle: (title: string) => string
  readonly intro: string
  readonly columns: readonly [string, string, string]
  readonly current: string
  readonly read: string
  readonly changes: string
  readonly first: string
  readonly versionTitle: (title: string, date: string) => string
  readonly inForce: (date: string) => string
  readonly replaced: (date: string, next: string) => string
  readonly allVersions: string
  readonly compareTitle: (title: string, from: string, to: string) => string
  readonly legend: string
  readonly added: string
  readonly removed: string
  readonly unchanged: string
  readonly otherPairs: string
}

const FR: ArchiveTexts = {
  indexTitle: (title) => `Versions de « ${title} »`,
  intro: 'Chaque version de cette page reste consultable, datée du jour où elle a été publiée.',
  columns: ['Version', 'Texte', 'Changements'],
  current: ' (en vigueur)',
  read: 'Lire cette version',
  changes: 'Voir les changements depuis la version précédente',
  first: 'Première version',
  versionTitle: (title, date) => `${title} — version du ${date}`,
  inForce: (date) => `Version publiée le ${date}, en vigueur.`,
  replaced: (date, next) => `Version publiée le ${date}, remplacée le ${next}.`,
  allVersions: 'Toutes les versions',
  compareTitle: (title, from, to) => `${title} : changements du ${from} au ${to}`,
  legend: 'Le texte ajouté est souligné, le texte retiré est barré.',
  added: 'ajouté',
  removed: 'retiré',
  unchanged: 'Aucun changement de texte entre ces deux versions.',
  otherPairs: 'Comparer deux autres versions',
}

const EN: ArchiveTexts = {
  indexTitle: (title) => `Versions of “${title}”`,
  intro: 'Every version of this page stays online, dated the day it was published.',
  columns: ['Version', 'Text', 'Changes'],
  current: ' (in force)',
  read: 'Read this version',
  changes: 'See the changes since the previous version',
  first: 'First version',
  versionTitle: (title, date) => `${title} — version of ${date}`,
  inForce: (date) => `Version published on ${date}, in force.`,
  replaced: (date, next) => `Version published on ${date}, replaced on ${next}.`,
  allVersions: 'All versions',
  compareTitle: (title, from, to) => `${title}: changes from ${from} to ${to}`,
  legend: 'Added text is underlined, removed text is struck through.',
  added: 'added',
  removed: 'removed',
  unchanged: 'The text did not change between these two versions.',
  otherPairs: 'Compare two other versions',
}

/** The archive's words in `language` (French, English and their variants), else undefined. */
export function archiveTexts(language: string): ArchiveTexts | undefined {
  return { fr: FR, en: EN }[language.slice(0, 2)]
}

/** Read by screen readers, not shown: the words "added" and "removed" before each change. */
const SR_ONLY =
  'position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap'

function formatDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  )
}

/**
 * The list of a page's versions, newest first, each with a link to read it and to its changes
 * since the one before, and every other pair to compare.
 */
export function renderArchiveIndex(
  heading: string,
  versions: readonly LegalVersion[],
  base: string,
  language: string,
  t: ArchiveTexts,
): string {
  const rows = versions
    .map((v, i) => {
      const date = escapeHtml(formatDate(v.date, language))
      const previous = versions[i - 1]
      const changes =
        previous === undefined
          ? t.first
          : `<a href="${archiveUrls.compare(base, previous.date, v.date)}">${t.changes}</a>`
      const current = i === versions.length - 1 ? t.current : ''
      return `<tr><td>${date}${current}</td><td><a href="${archiveUrls.version(base, v.date)}">${t.read}</a></td><td>${changes}</td></tr>`
    })
    .reverse()
    .join('\n')
  const pairs = versions.flatMap((a, i) =>
    versions
      .slice(i + 2)
      .map(
        (b) =>
          `<li><a href="${archiveUrls.compare(base, a.date, b.date)}">${escapeHtml(formatDate(a.date, language))} → ${escapeHtml(formatDate(b.date, language))}</a></li>`,
      ),
  )
  const [c1, c2, c3] = t.columns
  return (
    `<div class="temoin-archive" lang="${escapeHtml(language)}">\n<h1>${escapeHtml(heading)}</h1>\n<p>${t.intro}</p>\n` +
    `<table>\n<thead><tr><th scope="col">${c1}</th><th scope="col">${c2}</th><th scope="col">${c3}</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>\n` +
    (pairs.length === 0 ? '' : `<h2>${t.otherPairs}</h2>\n<ul>\n${pairs.join('\n')}\n</ul>\n`) +
    '</div>\n'
  )
}

/** One version as it was published, under a line saying when, and whether it is in force. */
export function renderArchivedVersion(
  versions: readonly LegalVersion[],
  index: number,
  base: string,
  language: string,
  t: ArchiveTexts,
): string {
  const v = versions[index]!
  const next = versions[index + 1]
  const date = escapeHtml(formatDate(v.date, language))
  const status =
    next === undefined
      ? t.inForce(date)
      : t.replaced(date, escapeHtml(formatDate(next.date, language)))
  return (
    `<div class="temoin-archive" lang="${escapeHtml(language)}">\n` +
    `<p class="temoin-archive-status">${status} <a href="${archiveUrls.index(base)}">${t.allVersions}</a></p>\n` +
    `</div>\n${v.html}`
  )
}

/**
 * Two versions compared word by word (the `diff` library's word diff over each version's text):
 * what was added in `<ins>`, what was removed in `<del>`, each also named in words for screen
 * readers, paragraph breaks kept.
 */
export function renderComparison(
  heading: string,
  from: LegalVersion,
  to: LegalVersion,
  base: string,
  language: string,
  t: ArchiveTexts,
): string {
  // Blocks (paragraphs, items, headings) on lines of their own; the source's line breaks inside
  // a paragraph are only spaces in HTML. Each whitespace character becomes a space: structuredText
  // makes a run of them one.
  const text = (html: string) => parse(html.replace(/\s/g, ' ')).structuredText
  const parts = diffWords(text(from.html), text(to.html))
  const changed = parts.some((p) => p.added || p.removed)
  const paragraphs = (value: string) => escapeHtml(value).replace(/\n/g, '<br>\n')
  const body = parts
    .map((p) =>
      p.added
        ? `<ins><span style="${SR_ONLY}">[${t.added}] </span>${paragraphs(p.value)}</ins>`
        : p.removed
          ? `<del><span style="${SR_ONLY}">[${t.removed}] </span>${paragraphs(p.value)}</del>`
          : paragraphs(p.value),
    )
    .join('')
  return (
    `<div class="temoin-archive" lang="${escapeHtml(language)}">\n<h1>${escapeHtml(heading)}</h1>\n` +
    `<p>${changed ? t.legend : t.unchanged} <a href="${archiveUrls.index(base)}">${t.allVersions}</a></p>\n` +
    `<div class="temoin-diff">\n<p>${body}</p>\n</div>\n</div>\n`
  )
}

/** The title of each archive page, for the site's layout. */
export function archiveTitles(title: string, language: string, t: ArchiveTexts) {
  const date = (d: string) => formatDate(d, language)
  return {
    index: t.indexTitle(title),
    version: (d: string) => t.versionTitle(title, date(d)),
    compare: (a: string, b: string) => t.compareTitle(title, date(a), date(b)),
  }
}
