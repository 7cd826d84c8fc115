import { escapeHtml } from './escape-html.js'

/** A `<script>` already loading temoin.js (or the tracker alone), whatever its other attributes. */
const TEMOIN_SCRIPT = /<script\b[^>]*\bsrc\s*=\s*["']?[^"'\s>]*\/temoin(?:-tracker)?\.js\b/i

/**
 * The tag that loads temoin.js from the collector: `defer`, so it never blocks rendering.
 * `collector` is the collector's origin, or '' when it serves the site itself.
 *
 * @example formatScriptTag('https://stats.example.org') // '<script src="https://stats.example.org/temoin.js" defer></script>'
 */
export function formatScriptTag(collector: string): string {
  return `<script src="${escapeHtml(collector)}/temoin.js" defer></script>`
}

/**
 * The page with `tag` inserted before its `</head>`; unchanged when it already loads temoin.js
 * (the `{% temoinScript %}` shortcode, or a tag written by hand) or has no `</head>` (a fragment).
 *
 * @example injectScriptTag('<html><head></head></html>', tag) // '<html><head><script …></script></head></html>'
 */
export function injectScriptTag(html: string, tag: string): string {
  if (TEMOIN_SCRIPT.test(html)) return html
  const at = html.search(/<\/head\s*>/i)
  return at === -1 ? html : html.slice(0, at) + tag + html.slice(at)
}
