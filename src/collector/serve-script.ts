import { createHash } from 'node:crypto'

/** How long browsers and proxies may keep the script: a policy change reaches pages within minutes. */
const MAX_AGE_SECONDS = 300

/**
 * Serves a rendered browser script (`/temoin.js`, `/temoin-tracker.js`) with a strong ETag, so
 * that a page view costs a 304 once the script is cached, and a short max-age, so that a new
 * policy version is picked up within minutes.
 *
 * @example const serve = createScriptResponder(script); return serve(request)
 */
export function createScriptResponder(body: string): (req: Request) => Response {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  const headers = {
    'Content-Type': 'text/javascript; charset=utf-8',
    'Cache-Control': `public, max-age=${MAX_AGE_SECONDS}`,
    ETag: etag,
    // The script may be embedded by any of the policy's sites; it reads no cookie of ours.
    'Cross-Origin-Resource-Policy': 'cross-origin',
  }
  return (req) =>
    req.headers.get('if-none-match') === etag
      ? new Response(null, { status: 304, headers })
      : new Response(req.method === 'HEAD' ? null : body, { status: 200, headers })
}
