/**
 * Emits a Google Consent Mode v2 signal through `window.dataLayer`, as `gtag('consent', …)`
 * (the type → purpose mapping comes from the policy, `banner.consentMode`)
 * does: `default` (everything denied, waiting 500 ms for an update) at start, then `update` for
 * the current choice. gtag.js reads only `arguments` objects from the data layer, not arrays.
 *
 * @example
 * signalConsentMode(config.consentMode, 'update', ['statistics']) // analytics_storage: 'granted', the rest 'denied'
 */
export function signalConsentMode(
  types: Readonly<Record<string, string>>,
  kind: 'default' | 'update',
  granted: readonly string[],
): void {
  const state: Record<string, string | number> = {}
  for (const type in types) state[type] = granted.includes(types[type]!) ? 'granted' : 'denied'
  if (kind == 'default') state.wait_for_update = 500
  const w = window as unknown as { dataLayer?: unknown[] }
  ;(w.dataLayer ||= []).push(gtagArguments('consent', kind, state))
}

function gtagArguments(..._args: unknown[]): IArguments {
  // eslint-disable-next-line prefer-rest-params -- gtag.js needs an Arguments object, not an array
  return arguments
}
