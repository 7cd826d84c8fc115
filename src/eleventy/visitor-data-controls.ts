import { VISITOR_COOKIE } from '../protocol/consent-cookie.js'
import { escapeHtml } from './escape-html.js'
import type { PolicyPageTexts } from './policy-page-texts.js'

/**
 * The code behind "see my data" and "erase my data", inline in the policy page so that it works
 * whatever temoin.js does (and without it): it reads the visitor id from its cookie and calls the
 * collector's `GET` / `DELETE /api/visitor/<id>` (docs/api.md). Everything it needs — the
 * collector's address, the messages — comes from the `data-*` attributes of its container, so
 * that no value of the policy is ever written into code. ES2017, no dependency. After an
 * erasure it drops the erased id from its cookie, so that new visits are not linked to the old
 * ones (temoin.js makes a new id if statistics stays granted).
 *
 * @example html += `<script>${VISITOR_DATA_SCRIPT}</script>`
 */
export const VISITOR_DATA_SCRIPT = `(function () {
  var box = document.getElementById('temoin-visitor-data')
  if (!box || !window.fetch) return
  var d = box.dataset
  var out = box.querySelector('[data-temoin-output]')
  function visitor() {
    var m = document.cookie.match(/(?:^|;\\s*)${VISITOR_COOKIE}=([^;]*)/)
    return m ? decodeURIComponent(m[1]) : ''
  }
  function say(text, counts) {
    out.textContent = counts ? text.replace('{events}', counts.events).replace('{receipts}', counts.receipts) : text
  }
  function call(method, id) {
    return fetch(d.endpoint + '/api/visitor/' + encodeURIComponent(id), { method: method, credentials: 'omit' })
      .then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) throw new Error((body && body.error && body.error.message) || 'HTTP ' + r.status)
          return body
        })
      })
  }
  function fail(e) { say(d.failed + ' ' + ((e && e.message) || e)) }
  box.querySelector('[data-temoin-see]').addEventListener('click', function () {
    var id = visitor()
    if (!id) return say(d.none)
    call('GET', id).then(function (body) {
      say(d.seen, { events: body.events.length, receipts: body.receipts.length })
      var list = document.createElement('ul')
      body.events.slice(-100).reverse().forEach(function (e) {
        var item = document.createElement('li')
        item.textContent = new Date(e.time).toLocaleString(d.lang) + ' — ' + e.site + e.path + (e.name ? ' (' + e.name + ')' : '')
        list.appendChild(item)
      })
      var link = document.createElement('a')
      link.href = URL.createObjectURL(new Blob([JSON.stringify(body, null, 2)], { type: 'application/json' }))
      link.download = 'temoin-data.json'
      link.textContent = d.download
      out.appendChild(list)
      out.appendChild(link)
    }, fail)
  })
  box.querySelector('[data-temoin-erase]').addEventListener('click', function () {
    var id = visitor()
    if (!id) return say(d.none)
    if (!window.confirm(d.confirm)) return
    call('DELETE', id).then(function (body) {
      document.cookie = '${VISITOR_COOKIE}=;path=/;max-age=0;SameSite=Lax' + (location.protocol == 'https:' ? ';Secure' : '')
      say(d.erased, body.removed)
    }, fail)
  })
})()`

/**
 * The "see my data" and "erase my data" buttons, their result area (a polite live region) and
 * the script that runs them, for the policy page in `language`. `collector` is the collector's
 * origin, or '' when it serves the site itself.
 *
 * @example formatVisitorDataControls(POLICY_PAGE_FR, 'fr', 'https://stats.example.org')
 * // '<div id="temoin-visitor-data" data-endpoint="https://stats.example.org" …><button …>Voir mes données</button>…'
 */
export function formatVisitorDataControls(
  texts: PolicyPageTexts,
  language: string,
  collector: string,
): string {
  const data = {
    endpoint: collector,
    lang: language,
    ...texts.script,
  }
  const attributes = Object.entries(data)
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('')
  return (
    `<div id="temoin-visitor-data"${attributes}>` +
    `<button type="button" data-temoin-see>${escapeHtml(texts.seeLabel)}</button> ` +
    `<button type="button" data-temoin-erase>${escapeHtml(texts.eraseLabel)}</button>` +
    `<div data-temoin-output role="status" aria-live="polite"></div>` +
    `<noscript><p>${escapeHtml(texts.noScript)}</p></noscript>` +
    `</div>\n<script>${VISITOR_DATA_SCRIPT}</script>`
  )
}
