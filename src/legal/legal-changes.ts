import type { BrowserChange } from '../protocol/browser-config.js'
import type { Policy } from '../policy/policy-schema.js'
import { archiveBase, archiveUrls } from './archive-urls.js'

type Kind = Policy['legal'][number]['kind']

/** The notice's default words: the page, the day it changes, the link's promise. */
const SUMMARIES: Readonly<Record<string, (kind: Kind, date: string) => string>> = {
  fr: (kind, date) =>
    `${{ privacy: 'Notre politique de confidentialité change', 'legal-notice': 'Nos mentions légales changent', terms: 'Nos CGU changent' }[kind]} le ${date} : voir les changements.`,
  en: (kind, date) =>
    `${{ privacy: 'Our privacy policy changes', 'legal-notice': 'Our legal notice changes', terms: 'Our terms of use change' }[kind]} on ${date}: see the changes.`,
}

const day = (date: string) => Date.parse(`${date}T00:00:00Z`)

/**
 * The substantial changes of the site's legal pages (`legal[].changes`) as temoin.js announces
 * them: from `published` to `effective`, to returning visitors, once, each with its summary (the
 * policy's words, else "Nos CGU changent le 1 février 2027 : voir les changements." in French
 * and English) linking to the page's changes in the archive. They ask nothing again.
 *
 * @example legalChanges(policy)[0]?.url // '/cgu/versions/changes-2026-12-01.html'
 */
export function legalChanges(policy: Policy): BrowserChange[] {
  return policy.legal.flatMap((page) =>
    page.changes.map((change) => {
      const words: Record<string, string> = {}
      for (const language of policy.languages) {
        const say = SUMMARIES[language.slice(0, 2)]
        const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' })
        if (say) words[language] = say(page.kind, date.format(day(change.effective)))
      }
      return {
        version: `${page.source}@${change.published}`,
        published: day(change.published),
        effective: day(change.effective),
        summary: { ...words, ...change.summary },
        reconsent: [],
        url: archiveUrls.changes(archiveBase(page.source), change.published),
      }
    }),
  )
}
