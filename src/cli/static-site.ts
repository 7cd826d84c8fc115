import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

/** Paths the collector answers even when a site is served on the same port. */
const COLLECTOR_PATHS = new Set(['/temoin.js', '/temoin-tracker.js', '/healthz'])

/**
 * Whether a request goes to the served site rather than the collector: a GET or HEAD outside
 * `/api/` and the collector's own paths.
 *
 * @example isSiteRequest('GET', '/articles/') // true
 */
export function isSiteRequest(method: string, pathname: string): boolean {
  return (
    (method === 'GET' || method === 'HEAD') &&
    !pathname.startsWith('/api/') &&
    !COLLECTOR_PATHS.has(pathname)
  )
}

/**
 * The built static site in `root` (absolute), served by Hono's node static-file middleware
 * (`index.html` for folders, ranges, no `..`); anything else is a plain 404.
 *
 * @example const site = createStaticSite('/srv/site/_site'); await site.fetch(request)
 */
export function createStaticSite(root: string): {
  fetch(req: Request): Response | Promise<Response>
} {
  const app = new Hono()
  app.use('*', serveStatic({ root }))
  app.notFound((c) => c.text('Not found', 404))
  return app
}
