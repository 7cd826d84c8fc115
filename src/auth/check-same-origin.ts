import { AppError } from '../lib/app-error.js'
import { parseOrigin } from '../lib/parse-origin.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Cross-site request forgery: a request that changes state (any method but GET, HEAD, OPTIONS)
 * must say it comes from the dashboard's own pages, on top of the SameSite=Strict cookie. With
 * `Sec-Fetch-Site` (every current browser sends it) that means `same-origin`; without it, the
 * `Origin` header's host must be the request's (`X-Forwarded-Host` when `trustProxy`, since a
 * proxy may rewrite Host; schemes are not compared, because a TLS proxy forwards plain HTTP).
 * A request with neither header is refused: browsers send Origin with every POST, and scripts
 * use API tokens, which need no form. Hono's `csrf` middleware checks only form content types;
 * this checks every content type.
 *
 * @example
 * const refused = checkSameOrigin(req, { trustProxy: false })
 * if (refused) return reject(refused)
 */
export function checkSameOrigin(
  req: Request,
  options: { readonly trustProxy: boolean },
): AppError | null {
  if (SAFE_METHODS.has(req.method)) return null
  const fetchSite = req.headers.get('sec-fetch-site')
  if (fetchSite !== null) {
    if (fetchSite === 'same-origin') return null
    return refuse(`Sec-Fetch-Site is "${fetchSite}"`)
  }
  const origin = req.headers.get('origin')
  if (origin === null) return refuse('it has neither Sec-Fetch-Site nor Origin')
  // Exactly scheme://host[:port]: `http://evil@dashboard.example` is no page of the dashboard.
  const originUrl = parseOrigin(origin)
  if (originUrl === undefined)
    return refuse(`its Origin "${origin.slice(0, 100)}" is not exactly scheme://host[:port]`)
  const originHost = originUrl.host
  const forwarded = options.trustProxy
    ? req.headers.get('x-forwarded-host')?.split(',').at(-1)?.trim()
    : undefined
  const host = forwarded || new URL(req.url).host
  if (originHost.toLowerCase() === host.toLowerCase()) return null
  return refuse(`it comes from ${originHost}, not ${host}`)
}

function refuse(why: string): AppError {
  return new AppError(
    'CROSS_SITE_REFUSED',
    `This request changes state but does not come from the dashboard's own page: ${why}.`,
  )
}
