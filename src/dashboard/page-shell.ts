import { html } from 'hono/html'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { DashboardLanguage } from './dashboard-texts.js'

/** Markup made by hono's `html` template: every interpolated value was escaped. */
export type Markup = HtmlEscapedString | Promise<HtmlEscapedString>

/**
 * The frame of every dashboard page: language, viewport, the stylesheets and (optionally) the
 * dashboard's module, all served by our own server; the color scheme follows the system's.
 *
 * @example const page = renderShell({ title: 'Log in', body: html`<main>…</main>` })
 */
export function renderShell(options: {
  readonly title: string
  readonly body: Markup
  readonly script?: boolean
  /** The page's language (its `lang` attribute); English when absent. */
  readonly lang?: DashboardLanguage
}): Markup {
  return html`<!doctype html>
    <html lang="${options.lang ?? 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="referrer" content="no-referrer" />
        <title>${options.title} · Témoin</title>
        <link rel="stylesheet" href="/dashboard/assets/uplot.min.css" />
        <link rel="stylesheet" href="/dashboard/assets/dashboard.css" />
        ${options.script ? html`<script type="module" src="/dashboard/assets/dashboard.js"></script>` : ''}
      </head>
      <body>
        ${options.body}
      </body>
    </html> `
}
