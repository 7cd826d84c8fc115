import type { StartOptions } from './temoin-api.js'

/**
 * The options written on the script tag: `data-outbound`, `data-downloads[="pdf,zip"]`, and the
 * origin of its `src` (the collector, when the config names no endpoint). Read while the script
 * first runs: `document.currentScript` is null afterwards.
 *
 * @example
 * readScriptOptions(document.currentScript) // { origin: 'https://stats.example.org', outbound: true, downloads: true }
 */
export function readScriptOptions(script: HTMLOrSVGScriptElement | null): StartOptions {
  const s = script as HTMLScriptElement | null
  const downloads = s?.getAttribute('data-downloads')
  return {
    origin: s?.src && new URL(s.src).origin,
    outbound: s?.hasAttribute('data-outbound'),
    downloads: downloads != null && (downloads || true),
  }
}
