import { html, raw } from 'hono/html'
import type { Markup } from './page-shell.js'

/**
 * Data for the browser module in `<script type="application/json" id="…">`, which the CSP lets
 * through because it is not script. `<`, `>`, `&` and the two JavaScript line separators are
 * written as \u escapes, so no value (a page path holding `</script><script>…`) can end the
 * element or be read as markup; JSON.parse gives back the same values.
 *
 * @example jsonScript('series-data', { rows })
 */
export function jsonScript(id: string, value: unknown): Markup {
  const json = JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
  return html`<script type="application/json" id="${id}">
    ${raw(json)}
  </script>`
}
