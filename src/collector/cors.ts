import type { Policy } from '../policy/policy-schema.js'
import { findOriginSite } from './check-origin.js'

/** Headers a page's script may read on a collector answer: the reason of a refusal, mostly. */
const EXPOSED = 'X-Temoin-Error, X-Temoin-Ignored, Retry-After'
/** How long a browser may reuse a preflight answer (a day: the policy's sites rarely change). */
const MAX_AGE_SECONDS = 86_400

/**
 * CORS headers for an answer to `origin`: the origin itself when it is a page of one of the
 * policy's sites (never `*`: other sites must not read what the collector says), nothing
 * otherwise. No credentials are ever allowed: the collector reads no cookie.
 *
 * @example corsHeaders(policy, 'https://demo.temoin.example') // { 'Access-Control-Allow-Origin': 'https://demo.temoin.example', … }
 */
export function corsHeaders(
  policy: Pick<Policy, 'sites'>,
  origin: string | null,
): Record<string, string> {
  if (origin === null || !findOriginSite(policy, origin)) return {}
  return { 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': EXPOSED }
}

/**
 * The answer to an OPTIONS preflight on an API path that accepts `methods`: 204 with the
 * allowed methods and the `Content-Type` header (JSON bodies sent by fetch), for a site's
 * origin; without CORS headers for any other origin, so the browser blocks the real request.
 *
 * @example preflight(policy, req.headers.get('origin'), ['POST']) // 204
 */
export function preflight(
  policy: Pick<Policy, 'sites'>,
  origin: string | null,
  methods: readonly string[],
): Response {
  const allow = [...methods, 'OPTIONS'].join(', ')
  const cors = corsHeaders(policy, origin)
  const allowed = cors['Access-Control-Allow-Origin'] !== undefined
  return new Response(null, {
    status: 204,
    headers: {
      Allow: allow,
      Vary: 'Origin',
      ...cors,
      ...(allowed
        ? {
            'Access-Control-Allow-Methods': allow,
            'Access-Control-Allow-Headers': 'Content-Type',
            'Access-Control-Max-Age': String(MAX_AGE_SECONDS),
          }
        : {}),
    },
  })
}
