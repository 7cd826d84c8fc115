import { html } from 'hono/html'
import type { AppError } from '../lib/app-error.js'
import { DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js'
import { renderShell, type Markup } from './page-shell.js'

/**
 * A dashboard page that could not be shown: what happened, its code and the next step, in the
 * page's own frame (a person reads it, not a script), with a link back to the dashboard.
 *
 * @example new Response((await renderErrorPage(error)).toString(), { status: error.status })
 */
export function renderErrorPage(error: AppError, t: DashboardTexts = DASHBOARD_TEXTS.en): Markup {
  const body = html`<main class="login">
    <h1>${t.dashboard}</h1>
    <div class="problem" role="alert">
      <p><strong>${error.code}</strong> ${error.message}</p>
      <p>${error.fix}</p>
    </div>
    <p><a href="/dashboard">${t.backToDashboard}</a></p>
  </main>`
  return renderShell({ title: error.code, body, lang: t.lang })
}
