// The demo site of Témoin: a small Eleventy 3 site using the plugin (docs/eleventy.md).
// Build it from this folder (`npm run demo:build` does), serve it with `temoin demo`.
import temoin from '../../dist/eleventy/index.js'

export default function (eleventyConfig) {
  // collector '' : `temoin demo` serves the site and the collector on the same origin. The policy
  // file is the one `temoin demo` reads: TEMOIN_CONFIG when set (as for the CLI), else ours.
  const policy = process.env.TEMOIN_CONFIG ?? '../temoin.yaml'
  eleventyConfig.addPlugin(temoin, { policy, collector: '' })
  // The default output folder is left out of the input even when a build writes elsewhere.
  eleventyConfig.ignores.add('_site/**')
  eleventyConfig.addPassthroughCopy('files')
  eleventyConfig.addPassthroughCopy('style.css')
  eleventyConfig.addFilter('dateFr', (date) =>
    new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(date),
  )
}

export const config = {
  dir: { input: '.', includes: '_includes', data: '_data', output: '_site' },
  markdownTemplateEngine: 'njk',
}
