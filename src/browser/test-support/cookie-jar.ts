import { commands } from 'vitest/browser'

/** A cookie as the browser stores it (vitest.browser-project.ts reads it from Playwright). */
export interface StoredCookie {
  readonly name: string
  readonly value: string
  /** The host for a host-only cookie, `.` + the domain for a domain cookie. */
  readonly domain: string
  /** Unix seconds; -1 for a session cookie. */
  readonly expires: number
  readonly secure: boolean
  /** `unspecified` when the cookie did not say (the browser's default then applies). */
  readonly sameSite: 'Strict' | 'Lax' | 'None' | 'unspecified'
}

declare module 'vitest/browser' {
  interface BrowserCommands {
    cookies: () => Promise<StoredCookie[]>
    clearCookies: () => Promise<void>
  }
}

/** Every cookie the browser keeps for the test page's context, with its attributes. */
export async function storedCookies(): Promise<StoredCookie[]> {
  return commands.cookies()
}

/** The one stored cookie of that name (fails the test when there are none or several). */
export async function storedCookie(name: string): Promise<StoredCookie> {
  const found = (await storedCookies()).filter((c) => c.name == name)
  if (found.length != 1)
    throw new Error(`${found.length} cookies named ${name}: ${JSON.stringify(found)}`)
  return found[0]!
}

/** Forgets every cookie: each test starts as a first visit (the browser context is shared). */
export async function clearCookies(): Promise<void> {
  await commands.clearCookies()
}

/** A cookie as a site's own script or server would set it, expiring in a day. */
export function setCookie(name: string, value: string, attributes = ''): void {
  document.cookie = `${name}=${value};path=/;max-age=86400${attributes}`
}

/** The page is the https project's `https://www.example.org` (vitest.browser-project.ts). */
export const onHttpsSite = location.protocol == 'https:'

/** A time near the real clock: the browser drops a cookie whose expiry is past on its own clock. */
export function nearNow(): number {
  return Math.floor(Date.now() / 1000) * 1000
}
