/**
 * Writes a first-party cookie on path `/`. `expires` is always given: Témoin never writes a
 * session cookie, and every expiry is computed from a first deposit (DESIGN.md rule 2). An
 * expiry in the past deletes the cookie. Lax keeps it off cross-site requests; Secure on https.
 *
 * @example
 * writeCookie('temoin_id', id, addMonths(deposit, 13))
 */
export function writeCookie(name: string, value: string, expires: number, domain?: string): void {
  document.cookie =
    `${name}=${value};path=/;expires=${new Date(expires).toUTCString()};SameSite=Lax` +
    (location.protocol == 'https:' ? ';Secure' : '') +
    (domain ? ';domain=' + domain : '')
}
