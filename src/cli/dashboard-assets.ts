import { readFile } from 'node:fs/promises'
import { AppError } from '../lib/app-error.js'

/** The dashboard's built files (scripts/build-dashboard.ts), by the name they are served under. */
const FILES = ['dashboard.js', 'dashboard.css', 'uplot.min.css'] as const

/**
 * Reads the dashboard's browser files from dist/dashboard-client, for the server to serve under
 * `/dashboard/assets/`. A missing build is BUILD_MISSING at start, not a broken page later.
 *
 * @example const assets = await loadDashboardAssets()
 */
export async function loadDashboardAssets(): Promise<Map<string, string>> {
  // A Map: the dashboard looks a file up by a name taken from the URL.
  const assets = new Map<string, string>()
  for (const name of FILES) {
    // Two levels below the package root from both src/cli and dist/cli.
    const file = new URL(`../../dist/dashboard-client/${name}`, import.meta.url)
    const text = await readFile(file, 'utf8').catch((e: unknown) => {
      throw new AppError('BUILD_MISSING', `cannot read ${file.pathname}`, { cause: e })
    })
    assets.set(name, text)
  }
  return assets
}
