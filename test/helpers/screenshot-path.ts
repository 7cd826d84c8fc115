import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT } from './server-process.js'

/** Where screenshots go when they are not asked for: one temp folder per test process. */
let scratch: string | undefined

/**
 * Where a browser test writes the screenshot `name` (e.g. 'dashboard.png'): under docs/ (the
 * README shows them) when `TEMOIN_SCREENSHOTS=1` (`npm run screenshots`), else into a temp
 * folder, so that a test run leaves the working tree as it found it.
 *
 * @example await page.screenshot({ path: screenshotPath('dashboard.png'), fullPage: true })
 */
export function screenshotPath(name: string): string {
  if (process.env.TEMOIN_SCREENSHOTS === '1') return join(ROOT, 'docs', name)
  scratch ??= mkdtempSync(join(tmpdir(), 'temoin-screenshots-'))
  return join(scratch, name)
}
