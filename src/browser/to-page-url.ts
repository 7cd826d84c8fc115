/**
 * The page URL as the tracker sends it: the query reduced to the keys the policy keeps and no
 * fragment, so that what the collector would drop never leaves the browser.
 *
 * @example
 * toPageUrl('https://example.org/a?utm_source=x&token=s#top', ['utm_source']) // 'https://example.org/a?utm_source=x'
 */
export function toPageUrl(href: string, queryKeys: readonly string[]): string {
  const url = new URL(href)
  url.hash = ''
  url.search = new URLSearchParams(
    [...url.searchParams].filter(([key]) => queryKeys.includes(key)),
  ).toString()
  return url.href
}
