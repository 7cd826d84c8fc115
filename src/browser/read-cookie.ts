/**
 * The value of a cookie visible to the page, or null.
 *
 * @example
 * parseConsentCookie(readCookie(CONSENT_COOKIE) ?? '')
 */
export function readCookie(name: string): string | null {
  for (const part of document.cookie.split('; ')) {
    const i = part.indexOf('=')
    if (part.slice(0, i) == name) return part.slice(i + 1)
  }
  return null
}
