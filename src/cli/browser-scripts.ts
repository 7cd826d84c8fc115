import { readFile } from 'node:fs/promises'
import { renderBrowserScript } from '../collector/render-browser-script.js'
import { AppError } from '../lib/app-error.js'
import type { Policy } from '../policy/policy-schema.js'
import { toBrowserConfig } from '../policy/to-browser-config.js'

/** The builds the collector serves, by the name they are served under. */
const BUILDS = ['temoin.js', 'temoin-tracker.js'] as const

/**
 * The browser scripts, rendered for this policy, as the collector serves them at `/temoin.js`
 * (banner + tracker) and `/temoin-tracker.js` (tracker only). The endpoint is left empty: the
 * script talks to the origin it was loaded from.
 *
 * @example const scripts = await loadBrowserScripts(policy)
 */
export async function loadBrowserScripts(policy: Policy): Promise<Record<string, string>> {
  const config = toBrowserConfig(policy, { endpoint: '' })
  const scripts: Record<string, string> = {}
  for (const name of BUILDS) {
    // Two levels below the package root from both src/cli and dist/cli.
    const file = new URL(`../../dist/browser/${name}`, import.meta.url)
    const bundle = await readFile(file, 'utf8').catch((e: unknown) => {
      throw new AppError('BUILD_MISSING', `cannot read ${file.pathname}`, { cause: e })
    })
    scripts[name] = renderBrowserScript(bundle, config)
  }
  return scripts
}
