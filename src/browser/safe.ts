/**
 * Wraps a function so that it never throws: temoin.js runs inside someone else's page, and a
 * bug of ours (or a browser that lacks an API) must cost the site a statistic, never its page.
 *
 * @example
 * addEventListener('popstate', safe(onNavigate))
 */
export function safe<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R | undefined {
  return (...args) => {
    try {
      return fn(...args)
    } catch {
      return undefined
    }
  }
}
