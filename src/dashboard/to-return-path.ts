import { findUnsafeChar } from '../protocol/unsafe-text.js'

/** Where a login goes when it was not sent from a view, or the view asked for is not safe. */
export const DASHBOARD_PATH = '/dashboard'

/** A link's length past which it is not a dashboard view (filters are at most 2048 characters each). */
const MAX_LENGTH = 32_768

/**
 * Besides what the text rule refuses (protocol/unsafe-text.ts: controls, which URL parsers drop,
 * lone surrogates, noncharacters): a space, which they trim, and a backslash, which browsers
 * read as a slash.
 */
const URL_UNSAFE = /[ \\]/

/**
 * The dashboard view a login returns to: `raw` (the `next` parameter of the login URL) when it
 * is the dashboard page itself — the path `/dashboard` of this server, with its query string
 * (site, period, filters) — re-written from its parsed form; anything else gives `/dashboard`.
 * Never an open redirect: another origin (`https://evil.example`, `//evil.example`), a path that
 * browsers read as one (`/\evil.example`, or one holding a tab or a line break, which URL parsers
 * drop), an encoded path that escapes (`/dashboard/..%2F`), or any other path of the server are
 * all refused. The answer always starts with `/dashboard` and a `?` or nothing.
 *
 * @example toReturnPath('/dashboard?site=a.example&filter.page=%2Fb') // '/dashboard?site=a.example&filter.page=%2Fb'
 * @example toReturnPath('//evil.example/dashboard') // '/dashboard'
 */
export function toReturnPath(raw: string | null | undefined): string {
  if (
    typeof raw !== 'string' ||
    raw.length > MAX_LENGTH ||
    findUnsafeChar(raw) !== null ||
    URL_UNSAFE.test(raw)
  )
    return DASHBOARD_PATH
  if (raw !== DASHBOARD_PATH && !raw.startsWith(`${DASHBOARD_PATH}?`)) return DASHBOARD_PATH
  // The string check above already fixes the origin; parsing against a placeholder one is the
  // second, independent check, and gives the path in its canonical spelling.
  const base = 'http://dashboard.invalid'
  let url: URL
  try {
    url = new URL(raw, base)
  } catch {
    return DASHBOARD_PATH
  }
  if (url.origin !== base || url.pathname !== DASHBOARD_PATH) return DASHBOARD_PATH
  return `${url.pathname}${url.search}`
}

/**
 * The login page's URL for a view: `/dashboard/login`, with `?next=` when the view is not the
 * plain dashboard (and only when toReturnPath keeps it).
 *
 * @example loginPath('/dashboard?site=a.example') // '/dashboard/login?next=%2Fdashboard%3Fsite%3Da.example'
 */
export function loginPath(view: string): string {
  const next = toReturnPath(view)
  return next === DASHBOARD_PATH
    ? `${DASHBOARD_PATH}/login`
    : `${DASHBOARD_PATH}/login?${new URLSearchParams({ next }).toString()}`
}
