/**
 * `temoin/eleventy`: the Eleventy plugin. See docs/eleventy.md.
 *
 * @example
 * import temoin from 'temoin/eleventy'
 * eleventyConfig.addPlugin(temoin, { policy: 'temoin.yaml', collector: 'https://stats.example.org' })
 */
import { temoinPlugin } from './temoin-plugin.js'

export default temoinPlugin
export { temoinPlugin, type TemoinGlobalData } from './temoin-plugin.js'
export type { TemoinPluginOptions, PolicyPage } from './plugin-options.js'
export type { EleventyConfig, EleventyLogger } from './eleventy-config.js'
export { renderPolicyPage } from './render-policy-page.js'
export { findEmbedProblems, THIRD_PARTY_HOSTS, type EmbedProblem } from './find-embed-problems.js'
export { formatManageButton } from './manage-button.js'
export { formatScriptTag } from './script-tag.js'
