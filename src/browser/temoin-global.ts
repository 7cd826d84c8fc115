import type { BrowserConfig } from '../protocol/browser-config.js'
import { createTemoin } from './create-temoin.js'
import { readScriptOptions } from './read-script-options.js'
import type { TemoinApi } from './temoin-api.js'

/**
 * The server replaces this identifier with the site's BrowserConfig (JSON) when it serves the
 * file: it must stay a bare global, referenced once (scripts/build-browser.ts checks it).
 */
declare const __TEMOIN_CONFIG__: BrowserConfig

// temoin.js: banner + consent + tracker, as `window.temoin`; loaded twice, it starts once.
try {
  const w = window as unknown as { temoin?: TemoinApi }
  w.temoin ||= createTemoin(__TEMOIN_CONFIG__, readScriptOptions(document.currentScript))
} catch {
  // never into the host page
}
