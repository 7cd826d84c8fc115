import type { BrowserConfig } from '../protocol/browser-config.js'
import { forSite } from './for-site.js'
import {
  CONSENT_COOKIE,
  VISITOR_COOKIE,
  formatConsentCookie,
  type ConsentCookie,
} from '../protocol/consent-cookie.js'
import type { ConsentPayload } from '../protocol/consent-payload.js'
import { addMonths } from '../protocol/months.js'
import { applyContent } from './apply-content.js'
import { BANNER_STYLE } from './banner-style.js'
import { createBanner } from './create-banner.js'
import { createTracker } from './create-tracker.js'
import { deleteCookies } from './delete-cookies.js'
import { ensureVisitorId } from './ensure-visitor-id.js'
import { h } from './h.js'
import { forgetPages, readPageHistory, recordPage } from './page-history.js'
import { pickLanguage } from './pick-language.js'
import { readChoice } from './read-choice.js'
import { safe } from './safe.js'
import { signalConsentMode } from './signal-consent-mode.js'
import type { ConsentState, StartOptions, TemoinApi } from './temoin-api.js'
import { whenReady } from './when-ready.js'
import { writeCookie } from './write-cookie.js'

/**
 * temoin.js in one page: consent store, banner, tracker, content unblocking. The choice lives in
 * `temoin_consent`, whose first deposit no decision moves; each decision takes effect at once
 * (cookies of refused purposes deleted, beacons stopped or identified, content blocked or run)
 * and is sent to `POST /api/consent`, whose receipt id is kept when something is granted.
 *
 * @example
 * window.temoin = createTemoin(config, { outbound: true })
 */
export function createTemoin(policy: BrowserConfig, options: StartOptions = {}): TemoinApi {
  const config = forSite(policy, location.hostname)
  const { purposes } = config
  const endpoint = config.endpoint || options.origin || location.origin
  const exempt = purposes.some((p) => p.id == 'statistics' && p.exempt)
  const language = pickLanguage(config)
  const { t } = language
  const gpc =
    config.gpc && (navigator as { globalPrivacyControl?: unknown }).globalPrivacyControl === true
  const listeners: ((c: ConsentState | null) => void)[] = []
  const read = readChoice(config, Date.now())
  const { ask } = read
  let { live: cookie, valid: choice } = read
  let visitor = ''

  const granted = () => choice?.granted ?? []
  const has = (purpose: string) => granted().includes(purpose)
  const expires = (c: ConsentCookie) => addMonths(c.deposit, config.consentMonths)
  const save = (c: ConsentCookie) => writeCookie(CONSENT_COOKIE, formatConsentCookie(c), expires(c))
  const state = (): ConsentState | null => choice && { ...choice, expires: expires(choice) }
  const placeholder = (purpose: string) => {
    const title = language.local(purposes.find((p) => p.id == purpose)?.title ?? {}, purpose)
    return h(
      'div',
      { class: 'temoin-ph', 'data-temoin-ph': purpose },
      h('p', {}, t.blocked + title),
      h('button', { type: 'button', 'data-temoin-allow': purpose }, t.allow + title),
    )
  }
  const content = () => whenReady(() => applyContent(granted(), placeholder))

  /**
   * Makes the device match the choice `c`: the visitor id made or kept under a consent to
   * statistics, else deleted; the cookies and storage of every purpose it does not grant deleted
   * (also at each start, in case a script of the site set them anyway, and with no valid choice:
   * an expired consent leaves nothing behind); the signals and the content updated.
   */
  const apply = (c: ConsentCookie | null, now: number) => {
    visitor = has('statistics')
      ? ensureVisitorId(c!.deposit, now, config.lifetimeMonths, expires(c!))
      : ''
    deleteCookies(
      purposes.flatMap((p) => (has(p.id) ? [] : p.cookies)).concat(visitor ? [] : VISITOR_COOKIE),
    )
    if (!has('personalisation')) forgetPages()
    if (c && config.consentMode) signalConsentMode(config.consentMode, 'update', c.granted)
    content()
  }

  if (config.consentMode) signalConsentMode(config.consentMode, 'default', [])
  // Before the first hit, so that the landing page view carries the id; and before anything of
  // the site runs, so that what an expired choice allowed is gone.
  apply(choice, Date.now())

  const tracker = createTracker({
    ...options,
    collector: endpoint,
    keptKeys: config.queryKeys,
    // Nothing under GPC (an objection, whatever was accepted before: the collector stores none of
    // it either); else the id under consent; else an anonymous hit if statistics is exempt and
    // not refused (a refusal objects to the exempt measurement too); else nothing.
    who: () =>
      gpc
        ? null
        : has('statistics')
          ? visitor
          : exempt && !cookie?.refused.includes('statistics')
            ? ''
            : null,
    onPage: () => {
      if (has('personalisation')) recordPage(Date.now())
      content()
    },
  })

  /**
   * Records a decision: `list` granted, every other purpose of the policy refused, except during
   * a re-ask (`ask`), where the purposes not asked keep their choice.
   */
  const decide = safe((list: readonly string[], byGpc?: boolean) => {
    const now = Date.now()
    const second = now - (now % 1000)
    const before = granted()
    // The first deposit stays while the cookie lives; an expired (or no) cookie starts anew.
    const deposit = cookie ? cookie.deposit : second
    const ids = purposes.map((p) => p.id)
    // Asked again for some purposes only: the choices about the others stay.
    const yes = ids.filter((id) => list.includes(id) || (ask.length && before.includes(id)))
    const c: ConsentCookie = {
      deposit,
      decided: Math.max(second, deposit),
      version: config.version,
      granted: yes,
      refused: ids.filter((id) => !yes.includes(id)),
    }
    cookie = choice = c
    ask.length = 0
    save(c)
    apply(c, now)
    if (has('personalisation') && !before.includes('personalisation')) recordPage(now)
    banner.close()
    tracker.pageview()

    const payload: ConsentPayload = {
      url: location.origin + location.pathname,
      policyVersion: config.version,
      granted: c.granted,
      refused: c.refused,
      deposit,
      // JSON leaves undefined fields out: no visitor with a refusal, gpc only when true.
      visitor: visitor || undefined,
      gpc: byGpc || undefined,
    }
    fetch(endpoint + '/api/consent', {
      method: 'POST',
      body: JSON.stringify(payload),
      keepalive: true,
    })
      .then((r) => r.json() as Promise<{ id?: unknown }>)
      .then(({ id }) => {
        // Kept only with the decision it proves, and only when something is granted (rule 4).
        if (choice == c && c.granted.length && typeof id == 'string')
          save((choice = cookie = { ...c, receipt: id }))
      })
      .catch(() => undefined)
    for (const listener of listeners) safe(listener)(state())
  })

  // While `ask` is not empty (a re-ask), the banner shows those purposes alone.
  const banner = createBanner(config, language, gpc, granted, decide, ask)

  // Global Privacy Control answers for a visitor who has not decided, and wins over an earlier
  // acceptance: every purpose refused, from this page on.
  if (gpc && !(choice && !granted().length)) {
    ask.length = 0
    decide([], true)
  }

  const open = () => whenReady(() => banner.show(2, !!choice))

  document.addEventListener(
    'click',
    safe((e: MouseEvent) => {
      const el = (e.target as Element).closest<HTMLElement>(
        '[data-temoin-manage],[data-temoin-allow],[data-temoin-object]',
      )
      const allow = el?.dataset.temoinAllow
      if (allow) decide([...granted(), allow])
      // The objection (the privacy page's control): statistics refused, nothing else changed.
      else if (el?.dataset.temoinObject != null) decide(granted().filter((p) => p != 'statistics'))
      else if (el) {
        e.preventDefault()
        open()
      }
    }),
  )

  whenReady(() => {
    document.head.append(h('style', {}, BANNER_STYLE))
    if (!choice) banner.show(1)
    else if (ask.length) banner.show(2)
    // A change since the choice: announced until closed (a legal page's, once), which the
    // choice cookie remembers.
    else if (read.notice) banner.notify(read.notice, () => save({ ...cookie!, seen: Date.now() }))
  })

  return {
    open,
    track: tracker.track,
    history: () => (has('personalisation') ? readPageHistory() : []),
    consent: state,
    on: (event, listener) => {
      if (event == 'change') listeners.push(listener)
    },
    manageLink: () =>
      h('button', { type: 'button', 'data-temoin-manage': '' }, t.manage) as HTMLButtonElement,
  }
}
