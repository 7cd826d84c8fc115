import { generateCookie } from 'hono/cookie'
import { parse } from 'hono/utils/cookie'

/** The cookie's name: with the `__Host-` prefix when Secure (then the browser pins it to this host and path /). */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-temoin_session' : 'temoin_session'
}

/**
 * The Set-Cookie value of a dashboard session: HttpOnly (no script reads it), SameSite=Strict
 * (no other site's page sends it), Path=/, Secure when the request came over HTTPS, and a
 * Max-Age equal to the session's fixed remaining life.
 *
 * @example res.headers.append('Set-Cookie', formatSessionCookie(id, { secure: false, maxAgeSeconds: 43_200 }))
 */
export function formatSessionCookie(
  id: string,
  options: { readonly secure: boolean; readonly maxAgeSeconds: number },
): string {
  return generateCookie(sessionCookieName(options.secure), id, {
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: options.secure,
    maxAge: Math.max(0, Math.floor(options.maxAgeSeconds)),
  })
}

/**
 * The Set-Cookie value that removes the session cookie (logout).
 *
 * @example res.headers.append('Set-Cookie', clearSessionCookie({ secure: false }))
 */
export function clearSessionCookie(options: { readonly secure: boolean }): string {
  return formatSessionCookie('', { ...options, maxAgeSeconds: 0 })
}

/**
 * The session id a request carries, under either name, or undefined.
 *
 * @example readSessionCookie(req) // 'k3J…' or undefined
 */
export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.get('cookie')
  if (!header) return undefined
  const cookies = parse(header)
  return cookies[sessionCookieName(true)] ?? cookies[sessionCookieName(false)] ?? undefined
}
