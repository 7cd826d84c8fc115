import { join, resolve } from 'node:path'
import { policyValue } from '../legal/policy-value.js'
import { AppError } from '../lib/app-error.js'
import { toDate } from '../lib/calendar-date.js'
import { loadConfig } from '../policy/load-config.js'
import { formatProblem } from '../policy/policy-problem.js'
import type { Policy } from '../policy/policy-schema.js'
import type {
  EleventyCollectionItem,
  EleventyConfig,
  EleventyLogger,
  EleventyPageContext,
  EleventyShortcodeContext,
} from './eleventy-config.js'
import { escapeHtml } from './escape-html.js'
import { findEmbedProblems } from './find-embed-problems.js'
import { createLegalArchive, type ArchivePage } from './legal-archive.js'
import { checkLegalAddresses, checkLegalPages } from './legal-pages.js'
import { loadFigures } from './load-figures.js'
import type { FiguresRelease } from './load-figures.js'
import { formatManageButton } from './manage-button.js'
import { formatObjectionControl } from './objection-control.js'
import { readPageLanguage } from './page-language.js'
import {
  listPolicyPages,
  toPluginSettings,
  type PolicyPage,
  type TemoinPluginOptions,
} from './plugin-options.js'
import { policyPageTexts } from './policy-page-texts.js'
import { renderPolicyPage, renderPolicySections } from './render-policy-page.js'
import { formatScriptTag, injectScriptTag } from './script-tag.js'
import { formatVisitorDataControls } from './visitor-data-controls.js'

/** What templates read as `temoin` (global data). */
export interface TemoinGlobalData {
  /** The parsed policy, defaults filled: `{{ temoin.policy.controller.name }}`. */
  readonly policy: Policy
  /** The collector's address, as given in the options (without a trailing slash). */
  readonly collector: string
  /**
   * The privacy page's address by language, generated or hand-written (`legal` in the policy):
   * `{{ temoin.pages[lang] }}`.
   */
  readonly pages: Readonly<Record<string, string>>
  /** Published figures by release name (option `figures`): `{{ temoin.figures['media-kit'] }}`. */
  readonly figures: Readonly<Record<string, FiguresRelease>>
  /** Each legal page's list of versions, by source file: `{{ temoin.versions['cgu.md'] }}`. */
  readonly versions: Readonly<Record<string, string>>
}

/**
 * The Eleventy plugin (`temoin/eleventy`): loads the policy file (a bad one fails the build with
 * every problem listed), adds temoin.js before `</head>` of every HTML page, the `temoinScript`
 * and `temoinManage` shortcodes, the global data `temoin`, the generated privacy pages (one per
 * language, in the site's layout), the `temoinIndexable` collection (pages without
 * `index: false`) and build warnings for third-party content loaded before consent. The policy is
 * read again before each build, so that `--serve` shows a changed value at once.
 *
 * @example
 * // eleventy.config.js
 * import temoin from 'temoin/eleventy'
 * export default function (eleventyConfig) {
 *   eleventyConfig.addPlugin(temoin, { policy: 'temoin.yaml', collector: 'https://stats.example.org' })
 * }
 */
export async function temoinPlugin(
  eleventyConfig: EleventyConfig,
  options: TemoinPluginOptions,
): Promise<void> {
  const settings = toPluginSettings(options)
  const logger: EleventyLogger = options.logger ??
    eleventyConfig.logger ?? { warn: (message) => process.stderr.write(`${message}\n`) }
  const warn = (message: string): void => logger.warn(`[temoin] ${message}`)
  let policy = await loadPolicy(settings.policy, warn)
  let figures = await loadFigures(settings.figures)
  // A hand-written privacy page (`legal` in the policy) takes the generated one's place.
  const written = new Set(policy.legal.filter((l) => l.kind === 'privacy').map((l) => l.language))
  const pages = listPolicyPages(
    policy.languages.filter((l) => !written.has(l)),
    settings.permalink,
  )
  checkPrivacyUrls(policy, pages, warn)
  const privacyUrls = (): Record<string, string> => ({
    ...Object.fromEntries(
      [...written].flatMap((l) => {
        const url = policy.banner.privacyUrl[l]
        return url === undefined ? [] : [[l, url]]
      }),
    ),
    ...Object.fromEntries(pages.map((p) => [p.language, p.url])),
  })

  // The first build already has the policy just read; later ones (--watch, --serve) read it again.
  let fresh = true
  eleventyConfig.addWatchTarget(settings.policy)
  for (const f of settings.figures) eleventyConfig.addWatchTarget(f)
  let inputDir = '.'
  const archive = createLegalArchive(settings.legalVersions)
  eleventyConfig.on('eleventy.before', async ({ directories }) => {
    if (!fresh) {
      policy = await loadPolicy(settings.policy, warn)
      figures = await loadFigures(settings.figures)
    }
    fresh = false
    inputDir = directories.input
    for (const page of policy.legal) eleventyConfig.addWatchTarget(join(inputDir, page.source))
    await checkLegalPages(policy, inputDir, { publishes: settings.figures.length > 0 }, warn)
    await archive.prepare(policy, inputDir, settings.today ?? buildDay())
    archive.checkAnnounced(policy)
  })
  eleventyConfig.on('eleventy.after', () => archive.save())
  eleventyConfig.on('eleventy.contentMap', ({ inputPathToUrl }) => {
    checkLegalAddresses(policy, inputDir, inputPathToUrl, pages)
  })

  const tag = formatScriptTag(settings.collector)
  eleventyConfig.addShortcode('temoinScript', () => tag)
  // Shortcodes write in the page's language, or the one given first.
  const languageOf = (context: EleventyShortcodeContext, language: unknown): string =>
    typeof language === 'string' && language !== '' ? language : readPageLanguage(context, policy)
  const where = (context: EleventyShortcodeContext): string =>
    typeof context.page?.url === 'string' ? context.page.url : 'a page'
  /** Témoin's words for a page in `lang` (French, English); in another, the build stops. */
  const wordsFor = (
    context: EleventyShortcodeContext,
    lang: string,
    shortcode: string,
    fix: string,
  ) => {
    const texts = policyPageTexts(lang)
    if (texts !== undefined) return texts
    throw new AppError(
      'TEMPLATE_TEXT_MISSING',
      `temoin/eleventy: {% ${shortcode} %} in ${where(context)} writes for a page in "${lang}", which Témoin has no words in (French and English); ${fix}`,
    )
  }
  eleventyConfig.addShortcode('temoinManage', function (language) {
    return formatManageButton(policy, languageOf(this, language))
  })
  // The objection to the audience measurement, for a hand-written privacy page: in the page's
  // language (French or English), or the one given; in another language, with its words given.
  eleventyConfig.addShortcode('temoinObjection', function (language, label, objected) {
    if (
      typeof label === 'string' &&
      label !== '' &&
      typeof objected === 'string' &&
      objected !== ''
    )
      return formatObjectionControl({ objectLabel: label, objected })
    const fix = "give the button's label and the confirmation after the language."
    return formatObjectionControl(
      wordsFor(this, languageOf(this, language), 'temoinObjection', fix),
    )
  })
  // The visitor's own data (see it, erase it), for a hand-written privacy page.
  eleventyConfig.addShortcode('temoinVisitorData', function (language) {
    const lang = languageOf(this, language)
    const fix = 'give "fr" or "en" after the shortcode\'s name, or write the controls yourself.'
    const texts = wordsFor(this, lang, 'temoinVisitorData', fix)
    return formatVisitorDataControls(texts, lang, settings.collector)
  })
  // Sections of the generated page (the version history…), for a hand-written privacy page.
  eleventyConfig.addShortcode('temoinPolicy', function (...sections) {
    const lang = languageOf(this, undefined)
    wordsFor(this, lang, 'temoinPolicy', 'write that part of the page yourself.')
    return renderPolicySections(policy, lang, settings.collector, sections, where(this))
  })
  // The policy's values in the page's language, for a hand-written page's own sentences.
  eleventyConfig.addShortcode('temoinValue', function (key, language) {
    return escapeHtml(policyValue(policy, key, languageOf(this, language), where(this)))
  })
  eleventyConfig.addGlobalData('temoin', (): TemoinGlobalData => ({
    policy,
    collector: settings.collector,
    pages: privacyUrls(),
    figures,
    versions: archive.addresses(),
  }))
  eleventyConfig.addGlobalData('temoinLegalArchive', () => archive.pages())

  if (settings.inject) {
    eleventyConfig.addTransform('temoin-script', function (content) {
      return isHtmlOutput(this) ? injectScriptTag(content, tag) : content
    })
  }
  eleventyConfig.addLinter('temoin-embeds', function (content) {
    if (!isHtmlOutput(this)) return
    const where = `${this.inputPath ?? this.page?.inputPath ?? '?'} (${String(this.url)})`
    // Purposes asked for first: the fix suggests the first one, and embeds need consent.
    const purposes = Object.entries(policy.purposes)
      .sort(([, a], [, b]) => Number(a.basis === 'exempt') - Number(b.basis === 'exempt'))
      .map(([id]) => id)
    for (const problem of findEmbedProblems(content, purposes)) {
      warn(`${where}: ${problem.message}`)
    }
  })
  eleventyConfig.addCollection('temoinIndexable', (api) => api.getAll().filter(isIndexable))

  // Every version of the legal pages, their lists and comparisons: one paginated template, in
  // the site's layout. It reads what this build rendered of each page (collections.all).
  eleventyConfig.addTemplate('temoin-legal-archive.11ty.js', {
    data: {
      layout: settings.layout,
      ...settings.data,
      pagination: { data: 'temoinLegalArchive', size: 1, alias: 'temoinArchive' },
      permalink: (data: { temoinArchive: ArchivePage }) => data.temoinArchive.url,
      eleventyComputed: {
        title: (data: { temoinArchive: ArchivePage }) => data.temoinArchive.title,
        lang: (data: { temoinArchive: ArchivePage }) => data.temoinArchive.lang,
      },
      index: false,
      eleventyImport: { collections: ['all'] },
    },
    render: (data: {
      temoinArchive: ArchivePage
      collections: { all: readonly { inputPath: string; templateContent: unknown }[] }
    }) =>
      archive.render(data.temoinArchive, (path) => {
        const item = data.collections.all.find((i) => resolve(i.inputPath) === path)
        return typeof item?.templateContent === 'string' ? item.templateContent : undefined
      }),
  })

  // The pages are 11ty.js virtual templates: no template language reads their text, whatever the
  // site's settings, and a site that narrowed its formats still gets them.
  eleventyConfig.addTemplateFormats('11ty.js')
  for (const page of pages) {
    const texts = policyPageTexts(page.language)
    eleventyConfig.addTemplate(`temoin-privacy-${page.language}.11ty.js`, {
      data: {
        layout: settings.layout,
        permalink: page.permalink,
        title: texts?.title,
        lang: page.language,
        index: false,
        temoinPolicyPage: page.language,
        ...settings.data,
      },
      render: () => renderPolicyPage(policy, page.language, settings.collector),
    })
  }
}

/**
 * The build's day, UTC: from SOURCE_DATE_EPOCH when set (reproducible builds), else today.
 */
function buildDay(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH
  const ms = epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) * 1000 : Date.now()
  return toDate(ms)
}

/** Reads the policy; its warnings are logged, its errors fail the build with every problem. */
async function loadPolicy(path: string, warn: (message: string) => void): Promise<Policy> {
  try {
    const { policy } = await loadConfig(path, (p) => warn(`${path}: ${formatProblem(p)}`))
    return policy
  } catch (e) {
    if (!(e instanceof AppError)) throw e
    const problems = e.details.length === 0 ? '' : `\n  ${e.details.join('\n  ')}`
    throw new AppError(e.code, `temoin/eleventy: ${e.message}${problems}`, {
      ...(e.where === undefined ? {} : { where: e.where }),
      details: e.details,
      cause: e,
    })
  }
}

/** The banner links to `banner.privacyUrl`: say so when the generated page is elsewhere. */
function checkPrivacyUrls(
  policy: Policy,
  pages: readonly PolicyPage[],
  warn: (message: string) => void,
): void {
  for (const page of pages) {
    const linked = policy.banner.privacyUrl[page.language]
    if (linked !== undefined && linked !== page.url) {
      warn(
        `the ${page.language} privacy page is generated at ${page.url}, but the banner links to ${linked} (banner.privacyUrl.${page.language}); make them the same.`,
      )
    }
  }
}

function isHtmlOutput(context: EleventyPageContext): boolean {
  const output = context.outputPath ?? context.page?.outputPath
  return typeof output === 'string' && output.endsWith('.html')
}

/** An HTML page of the site that does not ask to stay out of indexes (`index: false`). */
function isIndexable(item: EleventyCollectionItem): boolean {
  return (
    item.url !== false &&
    typeof item.outputPath === 'string' &&
    item.outputPath.endsWith('.html') &&
    item.data.index !== false
  )
}
