import type { Policy } from '../policy/policy-schema.js'
import type { EleventyShortcodeContext } from './eleventy-config.js'

/**
 * The language of the page a shortcode is rendered in: its `lang` data (front matter, directory
 * or global data), else `page.lang` (set by Eleventy's i18n plugin), else the policy's first
 * language. Nunjucks hands shortcodes the data as a plain object, Liquid as a scope read with
 * `get([key])`.
 *
 * @example readPageLanguage(this, policy) // 'en' on a page whose front matter says `lang: en`
 */
export function readPageLanguage(context: EleventyShortcodeContext, policy: Policy): string {
  const fromData = readData(context.ctx, 'lang')
  if (typeof fromData === 'string' && fromData !== '') return fromData
  const fromPage = context.page?.lang
  if (typeof fromPage === 'string' && fromPage !== '') return fromPage
  return policy.languages[0] ?? 'en'
}

function readData(ctx: unknown, key: string): unknown {
  if (typeof ctx !== 'object' || ctx === null) return undefined
  const scope = ctx as { get?: unknown } & Record<string, unknown>
  if (typeof scope.get === 'function') {
    try {
      return (scope.get as (path: string[]) => unknown)([key])
    } catch {
      // Liquid with strictVariables throws on an undefined variable: no language given.
      return undefined
    }
  }
  return scope[key]
}
