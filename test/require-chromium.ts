import { existsSync } from 'node:fs'

/** Debian's Chromium: the browser tests never download one (no `npx playwright install`). */
export const CHROMIUM = '/usr/bin/chromium'

/**
 * Global setup of the browser-mode tests (vitest.browser-project.ts): a missing browser fails the
 * run with the way to install it, before Playwright's own, less helpful, launch error. A browser
 * test that skips would prove nothing.
 */
export default function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the tests of src/browser/ run in Debian's Chromium. ` +
        'Install it with `apt-get install -y chromium` (or run scripts/setup.sh as root).',
    )
  }
}
