/**
 * A value as the collector stores it in a query string (URLSearchParams' spelling: a space is
 * '+', other bytes %XX), so that a filter compares with what is stored.
 *
 * @example toFormValue('été 2026') // '%C3%A9t%C3%A9+2026'
 */
export function toFormValue(value: string): string {
  return new URLSearchParams([['k', value]]).toString().slice(2)
}

/**
 * A stored query-string value, decoded for display; a malformed one is shown as stored.
 *
 * @example fromFormValue('%C3%A9t%C3%A9+2026') // 'été 2026'
 */
export function fromFormValue(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll('+', ' '))
  } catch {
    return value
  }
}
