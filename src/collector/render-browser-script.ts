import type { BrowserConfig } from '../protocol/browser-config.js'

/** The identifier the built temoin.js reads its configuration from (scripts/build-browser.ts). */
export const CONFIG_TOKEN = '__TEMOIN_CONFIG__'

/**
 * The script a site receives: the built bundle with the policy's browser configuration written
 * in place of its one `__TEMOIN_CONFIG__`. The JSON is made safe for any embedding: `<` and the
 * two JavaScript line terminators JSON allows are escaped.
 *
 * @example renderBrowserScript(await readFile('dist/browser/temoin.js', 'utf8'), toBrowserConfig(policy, { endpoint: '' }))
 */
export function renderBrowserScript(bundle: string, config: BrowserConfig): string {
  const at = bundle.indexOf(CONFIG_TOKEN)
  // Stryker disable next-line EqualityOperator: a search from at + 1 ≥ 1 finds -1 or a position ≥ 1, never 0, so `>= 0` and `> 0` are the same test; `< 0` and the other operators are killed by render-browser-script.test.ts
  if (at < 0 || bundle.indexOf(CONFIG_TOKEN, at + 1) >= 0) {
    throw new RangeError(
      `the browser bundle must hold ${CONFIG_TOKEN} exactly once; rebuild it (npm run build)`,
    )
  }
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
  return bundle.slice(0, at) + json + bundle.slice(at + CONFIG_TOKEN.length)
}
