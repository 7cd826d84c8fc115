import { html } from 'hono/html'
import type { AppError } from '../lib/app-error.js'
import {
  DASHBOARD_LANGUAGES,
  DASHBOARD_TEXTS,
  type DashboardLanguage,
  type DashboardTexts,
} from './dashboard-texts.js'
import { renderShell, type Markup } from './page-shell.js'
import { DASHBOARD_PATH, loginPath } from './to-return-path.js'

/**
 * The login form: one field, the admin secret, posted to `/dashboard/login` (with `?next=`, the
 * view to return to, when there is one), in the page's language, with a link to the same login
 * in the other one. A refused attempt is shown above the form with its code and next step (the
 * secret typed is never echoed).
 *
 * @example c.html(renderLoginPage({ error: new AppError('LOGIN_FAILED', 'This is not the admin secret.') }), 401)
 */
export function renderLoginPage(
  options: { readonly error?: AppError; readonly next?: string; readonly t?: DashboardTexts } = {},
): Markup {
  const { error } = options
  const t = options.t ?? DASHBOARD_TEXTS.en
  // The form posts to the same URL, so the view asked for (`next`) survives a wrong secret.
  const next = options.next ?? DASHBOARD_PATH
  const action = loginPath(next)
  // Another language: the same login, returning to the same view in that language.
  const inLanguage = (lang: DashboardLanguage) => {
    const view = new URL(next, 'http://dashboard.invalid')
    view.searchParams.set('lang', lang)
    return loginPath(`${view.pathname}${view.search}`)
  }
  const body = html`<main class="login">
    <nav class="languages" aria-label="${t.languages}">
      ${DASHBOARD_LANGUAGES.filter((l) => l !== t.lang).map(
        (l) =>
          html`<a href="${inLanguage(l)}" lang="${l}" hreflang="${l}"
            >${DASHBOARD_TEXTS[l].name}</a
          >`,
      )}
    </nav>
    <h1>${t.dashboard}</h1>
    ${
      error
        ? html`<p class="error" role="alert" id="login-error">
            <strong>${error.message}</strong> <span class="code">${error.code}</span> ${error.fix}
          </p>`
        : ''
    }
    <form method="post" action="${action}">
      <label for="secret">${t.login.secret}</label>
      <input
        id="secret"
        name="secret"
        type="password"
        autocomplete="current-password"
        required
        autofocus
        ${error ? html`aria-describedby="login-error" aria-invalid="true"` : ''}
      />
      <button type="submit">${t.login.submit}</button>
    </form>
    <p class="hint">
      ${t.login.hint} <code>TEMOIN_ADMIN_SECRET</code>. ${t.login.hintTokens}
      <code>temoin token create --name NAME</code>.
    </p>
  </main>`
  return renderShell({ title: t.login.title, body, lang: t.lang })
}
