import { escapeHtml } from './escape-html.js'
import type { PolicyPageTexts } from './policy-page-texts.js'

/**
 * Says under each objection control whether this browser objects to the audience measurement,
 * from `window.temoin.consent()` once the page has loaded and at each change. The click itself is
 * temoin.js's (`[data-temoin-object]`: statistics refused, nothing else changed), so that the
 * objection is one choice cookie and one receipt like any refusal. ES2017, no dependency; its
 * words come from the `data-objected` attribute, never written into code.
 */
export const OBJECTION_SCRIPT = `addEventListener('load', function () {
  var temoin = window.temoin
  if (!temoin || !temoin.consent) return
  function show() {
    var c = temoin.consent()
    var objected = !!c && c.refused.indexOf('statistics') >= 0
    document.querySelectorAll('[data-temoin-objection]').forEach(function (box) {
      box.querySelector('[data-temoin-output]').textContent = objected ? box.dataset.objected : ''
    })
  }
  temoin.on('change', show)
  show()
})`

/**
 * The objection to the audience measurement, for a page in the texts' language: a button that
 * refuses statistics in one click (even anonymous visits are no longer counted), a polite live
 * region that says when this browser objects, and the script that fills it. The privacy page has
 * it where statistics is exempt; a hand-written page gets it with `{% temoinObjection %}`.
 *
 * @example formatObjectionControl(POLICY_PAGE_FR)
 * // '<div data-temoin-objection data-objected="…"><button type="button" data-temoin-object>Je m’oppose à la mesure d’audience</button>…'
 */
export function formatObjectionControl(
  texts: Pick<PolicyPageTexts, 'objectLabel' | 'objected'>,
): string {
  return (
    `<div data-temoin-objection data-objected="${escapeHtml(texts.objected)}">` +
    `<button type="button" data-temoin-object>${escapeHtml(texts.objectLabel)}</button>` +
    `<div data-temoin-output role="status" aria-live="polite"></div>` +
    `</div>\n<script>${OBJECTION_SCRIPT}</script>`
  )
}
