/**
 * The Content-Security-Policy of every dashboard page: scripts and styles only from the server's
 * own files (no inline script or style, no eval), data fetched only from the same origin, forms
 * posted only to it, and no framing. Whatever a tracked URL or event name holds, a page that
 * let it through as markup still could not run it.
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The headers of every dashboard answer: the CSP above, no MIME sniffing, no Referer leaving
 * the dashboard (its URLs hold the filters), no framing by older browsers either, and a
 * browsing context of its own.
 *
 * @example for (const [k, v] of Object.entries(dashboardHeaders())) res.headers.set(k, v)
 */
export function dashboardHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': DASHBOARD_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
}
