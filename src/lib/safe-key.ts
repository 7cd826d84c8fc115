/**
 * A field name fit for a message: an unknown key may be long or hold anything.
 *
 * @example safeKey('colour') // 'colour'
 */
export function safeKey(key: string): string {
  return /^[A-Za-z0-9_.-]{1,32}$/.test(key) ? key : '(an unknown field)'
}
