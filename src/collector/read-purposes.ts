import type { AppError } from '../lib/app-error.js'
import { err, ok, type Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import type { Policy } from '../policy/policy-schema.js'
import { fieldError, kind, readText } from './payload-fields.js'

const CODE = 'CONSENT_INVALID'

/**
 * Reads `granted` and `refused` of a consent decision: lists of known purpose ids, no duplicates,
 * no purpose in both, and together exactly the policy's purposes. An `exempt` purpose is asked
 * too: its anonymous measurement needs no consent, but anything that identifies the visitor (the
 * visitor-id cookie read again on later visits) does, and the receipt must say which was chosen.
 *
 * @example readPurposes(['personalisation'], ['statistics'], policy) // ok({ granted: ['personalisation'], refused: ['statistics'] })
 */
export function readPurposes(
  grantedValue: unknown,
  refusedValue: unknown,
  policy: Pick<Policy, 'purposes'>,
): Result<{ granted: string[]; refused: string[] }, AppError> {
  const granted = readList(grantedValue, 'granted', policy)
  if (!granted.ok) return granted
  const refused = readList(refusedValue, 'refused', policy)
  if (!refused.ok) return refused
  const both = granted.value.find((p) => refused.value.includes(p))
  if (both !== undefined) {
    return err(fieldError(CODE, 'refused', `"${both}" is both granted and refused`))
  }
  const missing = Object.keys(policy.purposes)
    .filter((id) => !granted.value.includes(id) && !refused.value.includes(id))
    .map((id) => `"${id}"`)
  if (missing.length > 0) {
    return err(
      fieldError(
        CODE,
        'granted',
        `every purpose of the policy must be granted or refused; missing ${missing.join(', ')}`,
      ),
    )
  }
  return ok({ granted: granted.value, refused: refused.value })
}

function readList(
  value: unknown,
  where: 'granted' | 'refused',
  policy: Pick<Policy, 'purposes'>,
): Result<string[], AppError> {
  if (value === undefined)
    return err(fieldError(CODE, where, 'is required (an empty list when none)'))
  if (!Array.isArray(value))
    return err(fieldError(CODE, where, `must be a list of purpose ids, not ${kind(value)}`))
  if (value.length > LIMITS.purposeCount) {
    return err(
      fieldError(
        CODE,
        where,
        `lists ${value.length} purposes; the limit is ${LIMITS.purposeCount}`,
      ),
    )
  }
  const out: string[] = []
  for (const [i, item] of (value as unknown[]).entries()) {
    const at = `${where}[${i}]`
    const id = readText(item, at, 32, CODE)
    if (!id.ok) return id
    // Own properties only: "constructor" or "__proto__" are not purposes.
    const purpose = Object.hasOwn(policy.purposes, id.value) ? policy.purposes[id.value] : undefined
    if (!purpose) return err(fieldError(CODE, at, 'is not a purpose of the policy'))
    if (out.includes(id.value)) return err(fieldError(CODE, at, `"${id.value}" is listed twice`))
    out.push(id.value)
  }
  return ok(out)
}
