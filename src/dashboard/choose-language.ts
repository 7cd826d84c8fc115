import { parseAccept } from 'hono/utils/accept'
import { DASHBOARD_LANGUAGES, type DashboardLanguage } from './dashboard-texts.js'

/**
 * The language of a dashboard page: `asked` (the `?lang=` of its URL) when it is one of the
 * dashboard's, else the first of the browser's `Accept-Language` (by q-value, then order) whose
 * primary subtag is one (`fr-CA` → `fr`; `*` → the default), else English.
 *
 * @example chooseLanguage(null, 'fr-FR,fr;q=0.9,en;q=0.8') // 'fr'
 * @example chooseLanguage('en', 'fr-FR') // 'en'
 */
export function chooseLanguage(
  asked: string | null | undefined,
  acceptLanguage: string | null | undefined,
): DashboardLanguage {
  if (isDashboardLanguage(asked)) return asked
  // parseAccept orders by q-value, keeping the header's order among equals.
  for (const { type, q } of parseAccept(acceptLanguage ?? '')) {
    if (q <= 0) continue
    if (type === '*') break
    const primary = type.split('-')[0]?.toLowerCase()
    if (isDashboardLanguage(primary)) return primary
  }
  return DASHBOARD_LANGUAGES[0]
}

/** Whether a value names a dashboard language. @example isDashboardLanguage('fr') // true */
export function isDashboardLanguage(value: unknown): value is DashboardLanguage {
  return (DASHBOARD_LANGUAGES as readonly unknown[]).includes(value)
}
