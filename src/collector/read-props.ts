import type { AppError, ErrorCode } from '../lib/app-error.js'
import { err, ok, type Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import { safeKey } from '../lib/safe-key.js'
import { fieldError, kind } from './payload-fields.js'

type PropValue = string | number | boolean

/**
 * Reads the properties of a custom event: a flat object of at most LIMITS.propCount keys whose
 * values are short strings, finite numbers or booleans. Nesting is refused rather than flattened,
 * so that no one can push a document through the event table.
 *
 * @example readProps({ plan: 'pro', seats: 3 }, 'EVENT_INVALID') // ok({ plan: 'pro', seats: 3 })
 */
export function readProps(
  value: unknown,
  code: ErrorCode,
): Result<Readonly<Record<string, PropValue>>, AppError> {
  if (value === undefined) return ok({})
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return err(fieldError(code, 'props', `must be an object, not ${kind(value)}`))
  }
  const entries = Object.entries(value)
  if (entries.length > LIMITS.propCount) {
    return err(
      fieldError(code, 'props', `has ${entries.length} keys; the limit is ${LIMITS.propCount}`),
    )
  }
  const out: [string, PropValue][] = []
  for (const [key, v] of entries) {
    if (key.length === 0) return err(fieldError(code, 'props', 'has an empty key'))
    if (key.length > LIMITS.propKeyLength) {
      return err(
        fieldError(code, 'props', `has a key longer than ${LIMITS.propKeyLength} characters`),
      )
    }
    const where = `props.${safeKey(key)}`
    if (typeof v === 'string') {
      if (v.length > LIMITS.propValueLength) {
        return err(fieldError(code, where, `is longer than ${LIMITS.propValueLength} characters`))
      }
    } else if (typeof v === 'number') {
      // JSON cannot carry NaN or Infinity, but 1e999 parses to Infinity.
      if (!Number.isFinite(v)) return err(fieldError(code, where, 'must be a finite number'))
    } else if (typeof v !== 'boolean') {
      return err(fieldError(code, where, `must be a string, a number or a boolean, not ${kind(v)}`))
    }
    out.push([key, v])
  }
  // fromEntries defines own properties, so a "__proto__" key stays a plain key.
  return ok(Object.fromEntries(out))
}
