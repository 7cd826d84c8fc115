import { writeCookie } from './write-cookie.js'

/**
 * Deletes the page's cookies named by `patterns` (a trailing `*` is a prefix), as a withdrawal
 * must (DESIGN.md rule 3). A cookie is deleted only with the domain it was set with, which the
 * page cannot read: so each is expired host-only and on the host and every parent domain (the
 * browser ignores a domain it would not have accepted).
 *
 * @example
 * deleteCookies(['_ga', '_ga_*'])
 */
export function deleteCookies(patterns: readonly string[]): void {
  const labels = location.hostname.split('.')
  for (const part of document.cookie.split('; ')) {
    const name = part.split('=')[0]
    if (
      !name ||
      !patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name == p))
    )
      continue
    // Stryker disable next-line StringLiteral: an expired cookie's value is never stored; whatever value goes with an expiry in 1970, the browser deletes the cookie.
    writeCookie(name, '', 0)
    // Stryker disable next-line EqualityOperator,ArithmeticOperator,StringLiteral: `<=` and `length + 1` only add writes for the top-level label (a public suffix: no browser accepts it as a cookie's domain; on a one-label host such as localhost, Domain=<host> is the host-only cookie deleted above) and, for `+ 1`, the host-only write again; the value, as above. This line's `>=` and `join('')` are killed by delete-cookies.browser.test.ts (parent domain).
    for (let i = 0; i < labels.length - 1; i++) writeCookie(name, '', 0, labels.slice(i).join('.'))
  }
}
