import { readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import {
  formatLegalVersions,
  parseLegalVersions,
  recordVersion,
  sourceHash,
  type LegalVersion,
  type LegalVersions,
} from '../legal/legal-versions.js'
import { archiveBase, archiveUrls } from '../legal/archive-urls.js'
import {
  archiveTexts,
  archiveTitles,
  renderArchiveIndex,
  renderArchivedVersion,
  renderComparison,
} from '../legal/render-legal-archive.js'
import { AppError } from '../lib/app-error.js'
import type { Policy } from '../policy/policy-schema.js'

/** One page of the archive, as the paginated template receives it. */
export interface ArchivePage {
  readonly url: string
  readonly title: string
  readonly lang: string
  readonly source: string
  readonly what: 'index' | 'version' | 'compare'
  /** Indexes into the page's versions: the version shown, or the two compared. */
  readonly at: readonly number[]
}

interface Tracked {
  readonly source: string
  readonly path: string
  readonly language: string
  readonly base: string
  versions: LegalVersion[]
}

/**
 * The archive of the site's legal pages: at each build, each page's text is hashed; a new text is
 * a new version of the day, recorded in `legal-versions.json` (kept in the site's repository)
 * once the build has rendered it. Every version keeps its address, with a list of versions and a
 * word-level comparison of any two.
 */
export function createLegalArchive(file: string) {
  let tracked: Tracked[] = []
  let stored: LegalVersions = {}
  // The history as read, formatted: save() writes only what differs from it.
  let before: string | undefined

  return {
    /** Reads the history and each page's text, and adds today's version where the text changed. */
    async prepare(policy: Policy, inputDir: string, today: string): Promise<void> {
      stored = parseLegalVersions(await readIfExists(file), file)
      before = formatLegalVersions(stored)
      tracked = []
      for (const page of policy.legal) {
        if (archiveTexts(page.language) === undefined) continue
        const path = join(inputDir, page.source)
        const { hash, title } = sourceHash(await readFile(path, 'utf8'), policy.version)
        tracked.push({
          source: page.source,
          path: resolve(path),
          language: page.language,
          base: archiveBase(page.source),
          versions: recordVersion(stored[page.source] ?? [], hash, title, today),
        })
      }
    },

    /**
     * Each change the policy announces (`legal[].changes`) is a version of its page: its notice
     * links to that version's changes. Else LEGAL_PAGE_MISSING names the versions there are, or
     * says that a page in another language than French and English has none.
     */
    checkAnnounced(policy: Policy): void {
      policy.legal.forEach((page, i) => {
        const t = tracked.find((x) => x.source === page.source)
        page.changes.forEach((change, j) => {
          const announced = `temoin/eleventy: legal[${i}].changes[${j}] announces the version of ${page.source} published on ${change.published}`
          if (t === undefined)
            throw new AppError(
              'LEGAL_PAGE_MISSING',
              `${announced}, but ${page.source} is in "${page.language}" and the archive of versions is written in French or English only: the notice would link to nothing. Announce the change on the page itself and remove it from legal[${i}].changes.`,
            )
          const dates = t.versions.map((v) => v.date)
          if (dates.indexOf(change.published) > 0) return
          throw new AppError(
            'LEGAL_PAGE_MISSING',
            `${announced}, but ${page.source} has no version of that day replacing an earlier one (its versions: ${dates.join(', ')}); the notice would link to nothing. Set published to the day the build recorded the new text.`,
          )
        })
      })
    },

    /** Every archive page: for each legal page, its list, each version, each pair compared. */
    pages(): ArchivePage[] {
      return tracked.flatMap((t) => {
        const texts = archiveTexts(t.language)!
        const titles = archiveTitles(t.versions.at(-1)?.title ?? t.source, t.language, texts)
        const page = (what: ArchivePage['what'], url: string, title: string, at: number[]) => ({
          url,
          title,
          lang: t.language,
          source: t.source,
          what,
          at,
        })
        const v = t.versions
        return [
          page('index', archiveUrls.index(t.base), titles.index, []),
          ...v.map((x, i) =>
            page('version', archiveUrls.version(t.base, x.date), titles.version(x.date), [i]),
          ),
          // Each version's changes since the one before: the address a notice links to.
          ...v
            .slice(1)
            .map((x, i) =>
              page(
                'compare',
                archiveUrls.changes(t.base, x.date),
                titles.compare(v[i]!.date, x.date),
                [i, i + 1],
              ),
            ),
          ...v.flatMap((a, i) =>
            v
              .slice(i + 1)
              .map((b, j) =>
                page(
                  'compare',
                  archiveUrls.compare(t.base, a.date, b.date),
                  titles.compare(a.date, b.date),
                  [i, i + 1 + j],
                ),
              ),
          ),
        ]
      })
    },

    /**
     * An archive page's content. A new version's text is what this build rendered of the page
     * (`current`: its content without the layout), kept from then on as that version's text.
     */
    render(page: ArchivePage, current: (path: string) => string | undefined): string {
      const t = tracked.find((x) => x.source === page.source)!
      const last = t.versions.length - 1
      // A version's text is what the build that made it rendered: kept as it was first published.
      const html = t.versions[last]!.html === '' ? current(t.path) : undefined
      if (html !== undefined) t.versions[last] = { ...t.versions[last]!, html }
      const texts = archiveTexts(t.language)!
      const v = t.versions
      if (page.what === 'index') return renderArchiveIndex(page.title, v, t.base, t.language, texts)
      if (page.what === 'version')
        return renderArchivedVersion(v, page.at[0]!, t.base, t.language, texts)
      return renderComparison(
        page.title,
        v[page.at[0]!]!,
        v[page.at[1]!]!,
        t.base,
        t.language,
        texts,
      )
    },

    /** The index of each legal page's archive by source file, for templates. */
    addresses(): Record<string, string> {
      return Object.fromEntries(tracked.map((t) => [t.source, archiveUrls.index(t.base)]))
    },

    /** After the build: writes the history when it changed (a page no longer listed keeps its own). */
    async save(): Promise<void> {
      const versions: LegalVersions = {
        ...stored,
        ...Object.fromEntries(tracked.map((t) => [t.source, t.versions])),
      }
      const text = formatLegalVersions(versions)
      if (text !== before) await writeFile(file, text)
      before = text
    },
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
}
