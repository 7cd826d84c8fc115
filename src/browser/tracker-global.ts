import type { BrowserConfig } from '../protocol/browser-config.js'
import { createTracker } from './create-tracker.js'
import { readScriptOptions } from './read-script-options.js'

/**
 * The server replaces this identifier with the site's BrowserConfig (JSON) when it serves the
 * file: it must stay a bare global, referenced once (scripts/build-browser.ts checks it).
 */
declare const __TEMOIN_CONFIG__: BrowserConfig

/*
 * temoin-tracker.js: the tracker alone, for sites whose statistics are `exempt` and that set
 * nothing needing consent. It stores nothing on the device and sends anonymous hits only; with
 * a policy where statistics needs consent it sends nothing at all (that takes temoin.js).
 * `window.temoin` has only `track`.
 */
try {
  const config = __TEMOIN_CONFIG__
  const options = readScriptOptions(document.currentScript)
  const exempt = config.purposes.some((p) => p.id == 'statistics' && p.exempt)
  const w = window as unknown as { temoin?: object }
  w.temoin ||= {
    track: createTracker({
      ...options,
      collector: config.endpoint || options.origin || location.origin,
      keptKeys: config.queryKeys,
      who: () => (exempt ? '' : null),
    }).track,
  }
} catch {
  // never into the host page
}
