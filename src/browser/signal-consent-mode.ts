/** Each Consent Mode v2 type and the purpose that grants it. */
const CONSENT_TYPES =
  'analytics_storage:statistics ad_storage:advertising ad_user_data:advertising ad_personalization:advertising personalization_storage:personalisation functionality_storage:personalisation'

/**
 * Emits a Google Consent Mode v2 signal through `window.dataLayer`, as `gtag('consent', …)`
 * does: `default` (everything denied, waiting 500 ms for an update) at start, then `update` for
 * the current choice. gtag.js reads only `arguments` objects from the data layer, not arrays.
 *
 * @example
 * signalConsentMode('update', ['statistics']) // analytics_storage: 'granted', the rest 'denied'
 */
export function signalConsentMode(kind: 'default' | 'update', granted: readonly string[]): void {
  const state: Record<string, string | number> = {}
  for (const pair of CONSENT_TYPES.split(' ')) {
    const [type, purpose] = pair.split(':') as [string, string]
    state[type] = granted.includes(purpose) ? 'granted' : 'denied'
  }
  if (kind == 'default') state.wait_for_update = 500
  const w = window as unknown as { dataLayer?: unknown[] }
  ;(w.dataLayer ||= []).push(gtagArguments('consent', kind, state))
}

function gtagArguments(..._args: unknown[]): IArguments {
  // eslint-disable-next-line prefer-rest-params -- gtag.js needs an Arguments object, not an array
  return arguments
}
