import type { HttpBindings } from '@hono/node-server'

/**
 * The client's address for a request served by @hono/node-server: the socket's peer, or — only
 * when the operator says a proxy of theirs stands in front (`server.trustProxy`) — the last
 * address of X-Forwarded-For, the one that proxy added. It is used for the country lookup and the rate limit, then dropped.
 *
 * @example createClientAddress(false)(request, env) // '127.0.0.1'
 */
export function createClientAddress(
  trustProxy: boolean,
): (req: Request, env: unknown) => string | undefined {
  return (req, env) => {
    if (trustProxy) {
      // The proxy appends the address it saw on the right; anything left of it was written by
      // the client itself and would let it pick its country and dodge the rate limit.
      const forwarded = req.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim()
      if (forwarded) return forwarded
    }
    return (env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress
  }
}
