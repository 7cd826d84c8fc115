import type { Policy } from '../policy/policy-schema.js'
import { escapeHtml } from './escape-html.js'

/** The built-in labels, the same words as temoin.js (`manage` in src/browser/banner-texts.ts). */
const LABELS: Readonly<Record<string, string>> = {
  fr: 'Gérer mes cookies',
  en: 'Manage my cookies',
}

/**
 * The "manage my cookies" control: a button that temoin.js opens the choices from
 * (`[data-temoin-manage]`), labelled in `language`. The policy's `banner.texts.<lang>.manage`
 * wins over the built-in label, as on the banner; an unknown language falls back to the
 * policy's first language, then to English.
 *
 * @example formatManageButton(policy, 'fr') // '<button type="button" data-temoin-manage>Gérer mes cookies</button>'
 */
export function formatManageButton(policy: Policy, language: string): string {
  return `<button type="button" data-temoin-manage>${escapeHtml(manageLabel(policy, language))}</button>`
}

/**
 * The words of the "manage my cookies" control in `language` (plain text), as described for
 * {@link formatManageButton}.
 *
 * @example manageLabel(policy, 'en') // 'Manage my cookies'
 */
export function manageLabel(policy: Policy, language: string): string {
  return (
    labelIn(policy, language) ?? labelIn(policy, policy.languages[0] ?? 'en') ?? LABELS.en ?? ''
  )
}

function labelIn(policy: Policy, language: string): string | undefined {
  const base = language.slice(0, 2)
  return policy.banner.texts[language]?.manage ?? policy.banner.texts[base]?.manage ?? LABELS[base]
}
