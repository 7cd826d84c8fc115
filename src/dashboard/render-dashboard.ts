import { html } from 'hono/html'
import type { DashboardDeps } from './create-dashboard.js'
import { renderShell } from './page-shell.js'

/**
 * The dashboard page for a request (placeholder until the panels land).
 *
 * @example return renderDashboard(req, { ...deps, sites, loggedIn: true })
 */
export async function renderDashboard(
  _req: Request,
  options: DashboardDeps & { readonly sites: readonly string[]; readonly loggedIn: boolean },
): Promise<Response> {
  const page = await renderShell({
    title: 'Dashboard',
    body: html`<main>
      <h1>Témoin dashboard</h1>
      <p>${options.sites.join(', ')}</p>
    </main>`,
  })
  return new Response(page.toString(), {
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
  })
}
