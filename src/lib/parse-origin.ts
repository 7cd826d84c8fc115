/**
 * An `Origin` header as a URL, only when it is exactly `scheme://host[:port]` with an http or
 * https scheme, as browsers send it (RFC 6454 §6.2): no userinfo (`http://a@site`), no path (not
 * even `/`), no query, no fragment, no spaces around, no default port written out. Letter case is
 * normalised (`HTTP://Site.example` is `http://site.example`). Anything else is undefined: a
 * header a browser would never send is a forgery or a broken client, and is not guessed at.
 *
 * @example parseOrigin('https://www.example.org')?.hostname // 'www.example.org'
 * @example parseOrigin('http://a@localhost') // undefined
 */
export function parseOrigin(origin: string): URL | undefined {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  // The URL parser drops what an origin cannot hold (userinfo, path, query, fragment, a default
  // port, surrounding spaces): if its serialisation differs from the header, the header held more.
  return url.origin === origin.toLowerCase() ? url : undefined
}
