import type { Policy } from '../policy/policy-schema.js'

/**
 * One claim of a hand-written privacy page that disagrees with the policy (an error: the build
 * stops), or something the policy does that the page never says (a warning), at a line and
 * column of the page's source file.
 */
export interface PageProblem {
  readonly severity: 'error' | 'warning'
  /** 1-based line and column in the source file (front matter included). */
  readonly line: number
  readonly column: number
  /** Kebab-case id of the rule, documented in docs/eleventy.md. */
  readonly rule: string
  readonly message: string
  readonly fix: string
}

export interface PageCheckOptions {
  /** The site shows figures published by `temoin publish`: the page must say they are aggregated. */
  readonly publishes?: boolean
  /** The page's language, for the words of a fix ("13 mois"). Default French. */
  readonly language?: string
}

/**
 * What a hand-written privacy page (Markdown, Nunjucks, HTML; French or English) says, read
 * against what the code enforces:
 * - `page-duration` (error): a duration ("13 mois", "6 months", "un an") about cookies, consent,
 *   a refusal, events or receipts that is not the policy's value for it;
 * - `page-lifetime-extended` (error): a sentence saying that a cookie or a consent is extended
 *   by visits: Témoin counts every lifetime from the first deposit and never extends it;
 * - `page-purpose-missing`, `page-recipient-missing`, `page-publication-missing` (warnings): a
 *   purpose or a recipient of the policy the page never names, and, when the site shows published
 *   figures, no word of their being aggregated.
 * What the page writes through the plugin's shortcodes (`{% temoinValue "cookies.lifetime" %}`)
 * is the policy's own value and is not read; a section of the generated page it includes
 * (`{% temoinPolicy "recipients" %}`) names everything that section lists. The reading is word-based, sentence by sentence: a
 * duration counts for the nearest thing it can be about (cookie, consent, refusal, receipts,
 * data) before it in its sentence, else after it; a duration about nothing known is left alone.
 *
 * @example
 * checkPrivacyPage('Les cookies durent 25 mois.', policy)
 * // [{ severity: 'error', line: 1, column: 20, rule: 'page-duration', message: '"25 mois": cookies last 13 months …', … }]
 */
export function checkPrivacyPage(
  text: string,
  policy: Policy,
  options: PageCheckOptions = {},
): PageProblem[] {
  const folded = fold(blankTemplateTags(text))
  const at = lineIndex(text)
  const problems: PageProblem[] = []
  for (const sentence of sentences(folded)) {
    problems.push(...checkDurations(sentence, text, policy, at, options.language ?? 'fr'))
    const extended = checkExtension(sentence, at)
    if (extended) problems.push(extended)
  }
  // A section of the generated page written by {% temoinPolicy %} names what it lists.
  const included = new Set(
    [...text.matchAll(/\{%-?\s*temoinPolicy\b([^%]*)%\}/g)].flatMap((m) =>
      [...m[1]!.matchAll(/["']([a-z]+)["']/g)].map((s) => s[1]),
    ),
  )
  problems.push(...checkMentions(folded, policy, options, included))
  return problems.sort((a, b) => a.line - b.line || a.column - b.column)
}

/** One problem of a page, for a terminal: `confidentialite.md:12:5 error [page-duration] … Fix: …`. */
export function formatPageProblem(file: string, p: PageProblem): string {
  return `${file}:${p.line}:${p.column}  ${p.severity}  [${p.rule}] ${p.message} Fix: ${p.fix}`
}

/** The policy's durations a page may state, with the words that say what a duration is about. */
interface Subject {
  readonly key: string
  readonly what: string
  /** The value in the policy, in months (days for the notice). */
  readonly value: (policy: Policy) => number
  readonly unit: 'months' | 'days'
  /** The plugin's shortcode key writing it. */
  readonly shortcode: string
}

const SUBJECTS = {
  cookie: {
    key: 'cookies.lifetimeMonths',
    what: 'cookies last',
    value: (p) => p.cookies.lifetimeMonths,
    unit: 'months',
    shortcode: 'cookies.lifetime',
  },
  consent: {
    key: 'consent.validityMonths',
    what: 'a consent lasts',
    value: (p) => p.consent.validityMonths,
    unit: 'months',
    shortcode: 'consent.validity',
  },
  refusal: {
    key: 'consent.refusalMonths',
    what: 'a refusal is remembered for',
    value: (p) => p.consent.refusalMonths,
    unit: 'months',
    shortcode: 'consent.refusal',
  },
  events: {
    key: 'retention.eventsMonths',
    what: 'events are kept',
    value: (p) => p.retention.eventsMonths,
    unit: 'months',
    shortcode: 'retention.events',
  },
  receipts: {
    key: 'retention.receiptsMonths',
    what: 'consent receipts are kept',
    value: (p) => p.retention.receiptsMonths,
    unit: 'months',
    shortcode: 'retention.receipts',
  },
  notice: {
    key: 'notice.days',
    what: 'a change that lowers confidentiality is announced',
    value: (p) => p.notice.days,
    unit: 'days',
    shortcode: 'notice.days',
  },
} satisfies Record<string, Subject>

type SubjectId = keyof typeof SUBJECTS

/**
 * Words naming what a duration is about, on folded text (lower case, no accents). "choix" and
 * "choice" are a refusal when the sentence speaks of refusing, else a consent. Of two words at
 * the same distance the first pattern wins: the receipts' phrases come first, as they end with a
 * consent's or a choice's word ("preuves de consentement" is about receipts).
 */
const SUBJECT_WORDS: readonly (readonly [RegExp, SubjectId | 'choice'])[] = [
  [
    /\b(preuves?|proofs?|receipts?|justificatifs?|recus)( (de|du|des|of) (vos |votre |your )?(consentements?|consents?|choix|choices?))?\b/g,
    'receipts',
  ],
  [/\b(cookies?|traceurs?|trackers?|temoins de connexion)\b/g, 'cookie'],
  [/\b(consentements?|consents?|accords?)\b/g, 'consent'],
  [/\b(refus|refuse[sz]?|refuser|refusal|refused|refusing|objections?|opposition)\b/g, 'refusal'],
  [/\b(choix|choices?|decisions?)\b/g, 'choice'],
  [
    /\b(donnees|data|evenements?|events?|mesures?|statistiques|statistics|visites|visits|pages vues|page views)\b/g,
    'events',
  ],
  [/\b(preavis|notice|prealable|prior|advance|annonce[esr]?|announced?)\b/g, 'notice'],
]

const NUMBER_WORDS: Readonly<Record<string, number>> = {
  un: 1, une: 1, a: 1, one: 1, deux: 2, two: 2, trois: 3, three: 3, quatre: 4, four: 4,
  cinq: 5, five: 5, six: 6, sept: 7, seven: 7, huit: 8, eight: 8, neuf: 9, nine: 9, dix: 10,
  ten: 10, onze: 11, eleven: 11, douze: 12, twelve: 12, treize: 13, thirteen: 13, quatorze: 14,
  fourteen: 14, quinze: 15, fifteen: 15, seize: 16, sixteen: 16, 'dix-huit': 18, eighteen: 18,
  vingt: 20, twenty: 20, 'vingt-quatre': 24, 'twenty-four': 24, 'vingt-cinq': 25,
  'twenty-five': 25, trente: 30, thirty: 30, 'trente-six': 36, 'thirty-six': 36, soixante: 60,
  sixty: 60,
} // prettier-ignore

/** The number words. In any order: the pattern backtracks from "vingt" to "vingt-cinq". */
const AMOUNT_WORDS = Object.keys(NUMBER_WORDS).join('|')

const DURATION = new RegExp(
  `(?<![\\p{L}\\p{N}-])(?<amount>\\d+|${AMOUNT_WORDS})[\\s-]+` +
    `(?:mois|months?|(?<years>ans?|annees?|years?)|(?<days>jours?|days?))(?![\\p{L}])`,
  'gu',
)

interface Sentence {
  /** Folded text of the sentence, and where it starts in the page. */
  readonly text: string
  readonly start: number
}

function checkDurations(
  sentence: Sentence,
  original: string,
  policy: Policy,
  at: (offset: number) => { line: number; column: number },
  language: string,
): PageProblem[] {
  const problems: PageProblem[] = []
  const found = [...sentence.text.matchAll(DURATION)]
  found.forEach((m, i) => {
    const whole = m[0]
    const { amount: number, years, days } = m.groups!
    const amount = NUMBER_WORDS[number!] ?? Number(number)
    const inDays = days !== undefined
    const months = years === undefined ? amount : amount * 12
    // What it is about: the nearest subject since the previous duration, else after it.
    const from = i === 0 ? 0 : found[i - 1]!.index + found[i - 1]![0].length
    const before = nearestSubject(sentence.text, from, m.index, 'last')
    const subject =
      before ?? nearestSubject(sentence.text, m.index + whole.length, sentence.text.length, 'first')
    if (subject === undefined) return
    const s: Subject = SUBJECTS[subject]
    if ((s.unit === 'days') !== inDays) return
    const claimed = inDays ? amount : months
    const value = s.value(policy)
    if (claimed === value) return
    const start = sentence.start + m.index
    const written = original.slice(start, start + whole.length)
    const should = formatAmount(value, s.unit, language).replace(/\s/gu, ' ')
    problems.push({
      severity: 'error',
      ...at(start),
      rule: 'page-duration',
      message: `"${written}": ${s.what} ${formatAmount(value, s.unit, 'en').replace(/\s/gu, ' ')} (${s.key} in the policy).`,
      fix: `write "${should}", or {% temoinValue "${s.shortcode}" %} so that the page always says what the policy does.`,
    })
  })
  return problems
}

/** The subject named nearest to the duration in `text[from, to)`: the last one, or the first. */
function nearestSubject(
  text: string,
  from: number,
  to: number,
  which: 'last' | 'first',
): SubjectId | undefined {
  const window = text.slice(from, to)
  // Nearest by the end of the words before the duration, by their start after it; of a tie,
  // the first pattern's (SUBJECT_WORDS).
  let best: { at: number; id: SubjectId | 'choice' } | undefined
  for (const [pattern, id] of SUBJECT_WORDS) {
    for (const m of window.matchAll(pattern)) {
      const at = which === 'last' ? m.index + m[0].length : -m.index
      if (best === undefined || at > best.at) best = { at, id }
    }
  }
  if (best?.id !== 'choice') return best?.id
  return /\brefus|\brefusal|\brefused|\bobjection|\bopposition/.test(text) ? 'refusal' : 'consent'
}

const EXTENDED =
  /\b(prolonge\w*|proroge\w*|renouvel\w*|reconduit\w*|extend\w*|extended|renew\w*|reset\w*|remise? a zero)\b/
const AT_VISITS = /\b(visites?|visits?|chaque|each|every|passages?|navigation|browsing)\b/
const ABOUT_LIFETIME =
  /\b(cookies?|traceurs?|consentements?|consents?|choix|choices?|duree|lifetime|durations?|validite|validity)\b/
const NEGATION =
  /(\bne\b|\bn'|\bpas\b|\bnon\b|\bnot\b|n't\b|\bnever\b|\bjamais\b|\bsans\b|\bwithout\b|\baucun\w*\b|\bno\b)/

/** A sentence saying a cookie or a consent lasts longer with each visit. */
function checkExtension(
  sentence: Sentence,
  at: (offset: number) => { line: number; column: number },
): PageProblem | undefined {
  const { text } = sentence
  const verb = EXTENDED.exec(text)
  if (!verb || !AT_VISITS.test(text) || !ABOUT_LIFETIME.test(text) || NEGATION.test(text))
    return undefined
  return {
    severity: 'error',
    ...at(sentence.start + verb.index),
    rule: 'page-lifetime-extended',
    message: `"${verb[0]}": the page says a lifetime is extended by visits, but Témoin counts every cookie's and every consent's lifetime from its first deposit and never extends it.`,
    fix: 'say that the lifetime runs from the first deposit and is not extended by later visits (e.g. "13 mois à compter du premier dépôt, sans prolongation à chaque visite").',
  }
}

/** Words a page may use for the usual purposes, besides their titles in the policy. */
const PURPOSE_WORDS: Readonly<Record<string, readonly string[]>> = {
  statistics: ['statisti', 'audience', 'analytics'],
  personalisation: ['personnalis', 'personalis'],
  advertising: ['publicit', 'advertis', 'ciblage'],
}

function checkMentions(
  folded: string,
  policy: Policy,
  options: PageCheckOptions,
  included: ReadonlySet<string | undefined>,
): PageProblem[] {
  const problems: PageProblem[] = []
  const warn = (rule: string, message: string, fix: string): void => {
    problems.push({ severity: 'warning', line: 1, column: 1, rule, message, fix })
  }
  for (const [id, purpose] of included.has('purposes') ? [] : Object.entries(policy.purposes)) {
    // Stryker disable next-line ArrayDeclaration: the default adds words only for a purpose of the site's own (not in PURPOSE_WORDS); a list of one mutant text changes nothing but for a page holding that very text
    const words = [id, ...Object.values(purpose.title), ...(PURPOSE_WORDS[id] ?? [])].map(fold)
    if (!words.some((w) => folded.includes(w)))
      warn(
        'page-purpose-missing',
        `the policy's purpose "${id}" (${Object.values(purpose.title).join(' / ')}) is never named on the page.`,
        `say what "${purpose.title.fr ?? Object.values(purpose.title)[0] ?? id}" does with the data, and on what basis.`,
      )
  }
  for (const r of included.has('recipients') ? [] : policy.recipients) {
    const name = fold(r.name)
    const word = name.split(/[^\p{L}\p{N}]/u).find((w) => w.length >= 5)
    if (!folded.includes(name) && (word === undefined || !folded.includes(word)))
      warn(
        'page-recipient-missing',
        `the recipient "${r.name}" (${r.role}, ${r.country}) is never named on the page.`,
        `name "${r.name}" among those who receive data, with its role and country.`,
      )
  }
  if (options.publishes === true && !included.has('publication') && !/agreg|aggregat/.test(folded))
    warn(
      'page-publication-missing',
      'the site shows figures published by temoin publish, but the page never says that published figures are aggregated.',
      'say that figures are published only aggregated, so that no visitor can be singled out (e.g. "des statistiques agrégées, combinées de façon qu\'aucun visiteur ne puisse être identifié").',
    )
  return problems
}

/** "13 mois", "13 months", "30 jours": the language's own words for the amount. */
export function formatAmount(amount: number, unit: 'months' | 'days', language: string): string {
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: unit === 'months' ? 'month' : 'day',
    unitDisplay: 'long',
  }).format(amount)
}

/**
 * The page's text with template tags (`{% … %}`, `{{ … }}`, `{# … #}`) and HTML comments blanked
 * out, newlines kept: offsets still point into the source.
 */
function blankTemplateTags(text: string): string {
  return text.replace(/\{%[\s\S]*?%\}|\{\{[\s\S]*?\}\}|\{#[\s\S]*?#\}|<!--[\s\S]*?-->/g, (tag) =>
    tag.replace(/[^\n]/g, ' '),
  )
}

/**
 * Lower case, accents and typographic apostrophes and spaces folded, one character for one, so
 * that an offset in the folded text is the same offset in the source: a character whose folding
 * has another length (a Hangul syllable decomposes into its letters) is kept as it is.
 */
function fold(text: string): string {
  let out = ''
  for (const c of text) {
    const f = c
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[’ʼ‘`]/g, "'")
      // Every space but a line break (which ends a block) is a plain space: French puts a
      // no-break space in "preuves de consentement" too.
      .replace(/[^\S\n]/g, ' ')
    out += f.length === c.length ? f : c
  }
  return out
}

/**
 * The sentences of the page: blocks (paragraphs, list items, headings, table rows) cut into
 * sentences. Markdown's line breaks inside a paragraph do not end a sentence.
 */
function sentences(folded: string): Sentence[] {
  const out: Sentence[] = []
  const segmenter = new Intl.Segmenter('fr', { granularity: 'sentence' })
  const blockStart = /\n(?=[ \t]*(\n|#|[-*+][ \t]|\d+[.)][ \t]|\||>))/g
  let start = 0
  const blocks: { text: string; start: number }[] = []
  for (const m of folded.matchAll(blockStart)) {
    blocks.push({ text: folded.slice(start, m.index), start })
    // Stryker disable next-line ArithmeticOperator: from m.index - 1, a block would begin with the last character of the one before and its line break, which the segmenter makes a sentence of its own (a break follows a line break): one character, never a claim
    start = m.index + 1
  }
  blocks.push({ text: folded.slice(start), start })
  // A line break inside a block is a space (the segmenter would end a sentence there: a source
  // wrapped mid-sentence hid its claim). A sentence of blanks only is read too, and finds nothing.
  for (const block of blocks)
    for (const s of segmenter.segment(block.text.replace(/\n/g, ' ')))
      out.push({ text: s.segment, start: block.start + s.index })
  return out
}

/** Line and column (1-based) of an offset of `text`. */
function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)]
  // The last line starting at or before the offset (a page's problems are few: a scan will do).
  return (offset) => {
    const line = starts.findLastIndex((start) => start <= offset)
    return { line: line + 1, column: offset - starts[line]! + 1 }
  }
}
