/**
 * The outcome of a parse or a check: a value, or the reason it failed. Parsers return it at the
 * edge (`unknown → Result<T, E>`); code past the edge holds the typed value and trusts it.
 *
 * @example
 * const r = parsePort('80a')
 * if (!r.ok) return reject(r.error)
 * listen(r.value)
 */
export type Result<T, E> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

/** @example return ok(42) */
export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value })

/** @example return err({ code: 'EVENT_INVALID', message: 'url: required' }) */
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({
  ok: false,
  error,
})
