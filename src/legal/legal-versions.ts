import { createHash } from 'node:crypto'
import matter from '@11ty/gray-matter'
import { z } from 'zod'
import { AppError } from '../lib/app-error.js'

/** One version of a legal page: the day it first appeared, its text's hash, what visitors read. */
export interface LegalVersion {
  readonly date: string
  readonly hash: string
  readonly title: string
  /** The page's content as rendered (without the layout), for its archived copy and the diff. */
  readonly html: string
}

/** Every version of every legal page, by source file (`cgu.md`), oldest first. */
export type LegalVersions = Readonly<Record<string, readonly LegalVersion[]>>

const versionSchema = z
  .object({
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    hash: z.string().regex(/^sha256-[0-9a-f]{64}$/),
    title: z.string(),
    html: z.string(),
  })
  .strict()
const fileSchema = z.record(z.string().min(1), z.array(versionSchema))

/**
 * Reads `legal-versions.json` (the file the build keeps and the author commits); an absent file
 * is an empty history. A file that is not what the build writes throws LEGAL_VERSIONS_INVALID:
 * the history is a record, and a guess could lose it.
 *
 * @example parseLegalVersions(undefined, 'legal-versions.json') // {}
 */
export function parseLegalVersions(text: string | undefined, file: string): LegalVersions {
  if (text === undefined) return {}
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw invalid(file, e instanceof Error ? e.message : String(e))
  }
  const parsed = fileSchema.safeParse(json)
  if (!parsed.success) {
    // A failed parse has at least one issue (zod's contract): the first says where and what.
    const issue = parsed.error.issues[0]!
    const where = issue.path.length === 0 ? 'the file' : z.core.toDotPath(issue.path)
    throw invalid(file, `${where}: ${issue.message}`)
  }
  for (const [source, versions] of Object.entries(parsed.data))
    versions.forEach((v, i) => {
      if (i > 0 && v.date <= versions[i - 1]!.date)
        throw invalid(
          file,
          `${z.core.toDotPath([source, i])}: dates must grow, ${v.date} after ${versions[i - 1]!.date}`,
        )
    })
  return parsed.data
}

function invalid(file: string, why: string): AppError {
  return new AppError(
    'LEGAL_VERSIONS_INVALID',
    `temoin/eleventy: ${file} is not the history of legal pages the build writes (${why}).`,
  )
}

/** The file as the build writes it: stable order, one version per object, a final newline. */
export function formatLegalVersions(versions: LegalVersions): string {
  const sorted = Object.fromEntries(Object.entries(versions).sort(([a], [b]) => a.localeCompare(b)))
  return `${JSON.stringify(sorted, null, 2)}\n`
}

/**
 * What makes a version of a page: its text without the front matter (layout and permalink are
 * presentation) but with its title, and, when the text writes values of the policy
 * (`{% temoinValue %}`, `{{ temoin.policy… }}`), the policy's version, whose values it shows.
 *
 * @example sourceHash('---\ntitle: CGU\n---\nTexte.', '2026-11').title // 'CGU'
 */
export function sourceHash(source: string, policyVersion: string): { hash: string; title: string } {
  const { content, data } = matter(source.replace(/\r\n?/g, '\n'))
  const title = typeof data.title === 'string' ? data.title : ''
  const body = content.replace(/[ \t]+$/gm, '').trim()
  const uses = /\{[{%]/.test(body) ? `\n${policyVersion}` : ''
  const hash = createHash('sha256').update(`${title}\n${body}${uses}`).digest('hex')
  return { hash: `sha256-${hash}`, title }
}

/**
 * The page's versions after a build on `today` whose text hashes to `hash`: unchanged when it is
 * the last version's; else a new version of today (which replaces one made earlier today: a
 * version is a day's last text). Its `html` is filled when the build renders the page.
 *
 * @example recordVersion([], 'sha256-…', 'CGU', '2026-11-26') // [{ date: '2026-11-26', hash: 'sha256-…', title: 'CGU', html: '' }]
 */
export function recordVersion(
  versions: readonly LegalVersion[],
  hash: string,
  title: string,
  today: string,
): LegalVersion[] {
  const last = versions.at(-1)
  if (last?.hash === hash) return [...versions]
  const version = { date: today, hash, title, html: '' }
  // A version of today, or of a day after it (a clock behind the last build), is replaced.
  if (last !== undefined && last.date >= today)
    return [...versions.slice(0, -1), { ...version, date: last.date }]
  return [...versions, version]
}
