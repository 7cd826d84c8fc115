/**
 * The programmatic API of Eleventy 3 that the plugin's tests use (Eleventy ships no type
 * declarations). Only tests import `@11ty/eleventy`; the plugin itself never does.
 */
declare module '@11ty/eleventy' {
  export interface EleventyPageJson {
    readonly url: string | false
    readonly inputPath: string
    readonly outputPath: string | false
    readonly content: string
  }
  export default class Eleventy {
    constructor(
      input?: string,
      output?: string,
      options?: {
        quietMode?: boolean
        configPath?: string | false
        config?: (eleventyConfig: {
          addPlugin(plugin: unknown, options?: unknown): unknown
          setTemplateFormats(formats: string | string[]): void
        }) => unknown
      },
    )
    toJSON(): Promise<EleventyPageJson[]>
    write(): Promise<unknown>
  }
}
