// The demo site of Témoin: a small Eleventy 3 site using the plugin (docs/eleventy.md).
// Build it from this folder (`npm run demo:build` does), serve it with `temoin demo`.
import temoin from '../../dist/eleventy/index.js'

export default function (eleventyConfig) {
  // collector '' : `temoin demo` serves the site and the collector on the same origin.
  eleventyConfig.addPlugin(temoin, { policy: '../temoin.yaml', collector: '' })
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
