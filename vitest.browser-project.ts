import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { playwright } from '@vitest/browser-playwright'
import type { TestProjectInlineConfiguration } from 'vitest/config'
import type { BrowserCommand } from 'vitest/node'
import { CHROMIUM } from './test/require-chromium.js'

/** The tests of src/browser/ that run in Chromium: the consent state as a visitor's browser keeps it. */
export const BROWSER_TESTS = 'src/browser/**/*.browser.test.ts'

/** The ones that need a parent domain, run by the https project only. */
const HTTPS_ONLY_TESTS = 'src/browser/**/*.https.browser.test.ts'

/** The host of the https project: a site's real shape (a subdomain of a registrable domain). */
export const HTTPS_HOST = 'www.example.org'

/**
 * What the browser keeps of each cookie (expiry, Secure, domain, SameSite), which
 * `document.cookie` does not show: read from the browser's own cookie store through the Chrome
 * DevTools Protocol, which, unlike Playwright's `context.cookies()`, tells an explicit
 * `SameSite=Lax` from an attribute left to the browser's default (None in Firefox and Safari).
 */
const cookies: BrowserCommand<[]> = async ({ context, page }) => {
  const cdp = await context.newCDPSession(page)
  try {
    const { cookies } = await cdp.send('Network.getAllCookies')
    return cookies.map(({ name, value, domain, expires, secure, sameSite }) => ({
      name,
      value,
      domain,
      expires,
      secure,
      sameSite: sameSite ?? 'unspecified',
    }))
  } finally {
    await cdp.detach()
  }
}

/** Each test starts as a first visit: the browser context, and its cookies, outlive a test. */
const clearCookies: BrowserCommand<[]> = async ({ context }) => {
  await context.clearCookies()
}

/**
 * The projects of the browser-mode tests, shared by `npm test` (vitest.config.ts) and the mutation
 * run of the browser group (vitest.mutate.browser.config.ts). Vitest serves the modules of
 * src/browser/ to a real, headless Chromium (Debian's, never a downloaded one), so a test reads
 * and writes real cookies, and Stryker's mutants, planted in the served modules, are what runs.
 *
 * The same tests run twice: on `http://localhost`, a developer's page, and on
 * `https://www.example.org`, a site as deployed (Secure cookies, a parent domain). Chromium maps
 * that name to 127.0.0.2, where Vite listens with a throwaway self-signed certificate; Vite opens
 * the page at the certificate's name.
 */
export function browserProjects(): TestProjectInlineConfiguration[] {
  return [
    browserProject('browser', [], [HTTPS_ONLY_TESTS]),
    {
      ...browserProject('browser-https', [`--host-resolver-rules=MAP ${HTTPS_HOST} 127.0.0.2`]),
      server: { host: '127.0.0.2', https: certificate(), allowedHosts: [HTTPS_HOST] },
    },
  ]
}

function browserProject(
  name: string,
  args: string[],
  exclude: string[] = [],
): TestProjectInlineConfiguration {
  return {
    test: {
      name,
      include: [BROWSER_TESTS],
      exclude,
      globalSetup: ['test/require-chromium.ts'],
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: {
            executablePath: CHROMIUM,
            args: ['--no-sandbox', '--disable-gpu', ...args],
          },
        }),
        instances: [{ browser: 'chromium' }],
        commands: { cookies, clearCookies },
      },
    },
  }
}

/** A self-signed certificate for HTTPS_HOST, made once per machine with openssl (~50 ms). */
function certificate(): { key: Buffer; cert: Buffer } {
  const dir = join(tmpdir(), 'temoin-browser-https')
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  if (!existsSync(cert)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-nodes', '-days', '3650', '-subj', `/CN=${HTTPS_HOST}`],
        ...['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
        ...['-addext', `subjectAltName=DNS:${HTTPS_HOST}`, '-keyout', key, '-out', cert],
      ],
      { stdio: 'ignore' },
    )
  }
  return { key: readFileSync(key), cert: readFileSync(cert) }
}
