import type { HttpBindings } from '@hono/node-server'

/**
 * The client's address for a request served by @hono/node-server: the socket's peer, or — only
 * when the operator says a proxy of theirs stands in front (`server.trustProxy`) — the first
 * address of X-Forwarded-For. It is used for the country lookup and the rate limit, then dropped.
 *
 * @example createClientAddress(false)(request, env) // '127.0.0.1'
 */
export function createClientAddress(
  trustProxy: boolean,
): (req: Request, env: unknown) => string | undefined {
  return (req, env) => {
    if (trustProxy) {
      const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
      if (forwarded) return forwarded
    }
    const socket = (env as Partial<HttpBindings> | undefined)?.incoming?.socket
    const address = socket?.remoteAddress
    // IPv4 clients of a dual-stack socket appear as ::ffff:a.b.c.d.
    return address?.startsWith('::ffff:') ? address.slice(7) : address
  }
}
