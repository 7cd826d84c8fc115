/**
 * The part of Eleventy's configuration API the plugin uses, described structurally: Eleventy 3
 * ships no type declarations, and the plugin must not import `@11ty/eleventy` at run time (it is
 * an optional peer dependency; the site's own Eleventy calls the plugin).
 */

/** What `this` holds in a transform or a linter: the page being written. */
export interface EleventyPageContext {
  readonly inputPath?: string
  /** Where the page is written; `false` for a page with `permalink: false`. */
  readonly outputPath?: string | false
  readonly url?: string | false
  readonly page?: { readonly inputPath?: string; readonly outputPath?: string | false }
}

/**
 * What `this` holds in a shortcode: `page` and `eleventy`, and in Nunjucks and Liquid the whole
 * context as `ctx` (a plain object in Nunjucks, a scope with `get([key])` in Liquid).
 */
export interface EleventyShortcodeContext {
  readonly page?: { readonly lang?: unknown; readonly url?: unknown }
  readonly ctx?: unknown
}

/** An item of a collection. */
export interface EleventyCollectionItem {
  readonly url: string | false
  readonly outputPath: string | false
  readonly data: Readonly<Record<string, unknown>>
}

export interface EleventyCollectionApi {
  getAll(): EleventyCollectionItem[]
}

/** The logger Eleventy hands to plugins (a `ConsoleLogger`), or any object with `warn`. */
export interface EleventyLogger {
  warn(message: string): void
}

export interface EleventyConfig {
  addShortcode(
    name: string,
    shortcode: (this: EleventyShortcodeContext, ...args: unknown[]) => string,
  ): void
  addGlobalData(name: string, data: unknown): unknown
  addTransform(
    name: string,
    transform: (this: EleventyPageContext, content: string) => string,
  ): void
  addLinter(name: string, linter: (this: EleventyPageContext, content: string) => void): void
  addCollection(
    name: string,
    collection: (api: EleventyCollectionApi) => EleventyCollectionItem[],
  ): void
  addTemplate(virtualPath: string, content: unknown, data?: Record<string, unknown>): void
  addTemplateFormats(formats: string): void
  addWatchTarget(path: string): void
  on(
    event: 'eleventy.before',
    listener: (args: { readonly directories: { readonly input: string } }) => Promise<void>,
  ): void
  on(event: 'eleventy.after', listener: () => Promise<void>): void
  /**
   * Once every page's address is known, before any is rendered (Eleventy 3). Every input file
   * Eleventy renders has its list, empty when it publishes nothing (TemplateMap's
   * generateInputUrlContentMap); a file it ignores has none.
   */
  on(
    event: 'eleventy.contentMap',
    listener: (args: {
      readonly inputPathToUrl: Readonly<Record<string, readonly unknown[]>>
    }) => void,
  ): void
  readonly logger?: EleventyLogger
}
