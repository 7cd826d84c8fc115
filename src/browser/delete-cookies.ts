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
    writeCookie(name, '', 0)
    for (let i = 0; i < labels.length - 1; i++) writeCookie(name, '', 0, labels.slice(i).join('.'))
  }
}
