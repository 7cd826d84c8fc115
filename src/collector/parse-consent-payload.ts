import { AppError } from '../lib/app-error.js'
import { addMonths } from '../protocol/months.js'
import { err, ok, type Result } from '../lib/result.js'
import type { ConsentReceipt } from '../protocol/consent-payload.js'
import { LIMITS } from '../protocol/limits.js'
import type { Policy } from '../policy/policy-schema.js'
import { checkVisitor } from './check-visitor.js'
import { readPageUrl } from './page-url.js'
import { fieldError, kind, readEpochMs, readPayloadObject, readText } from './payload-fields.js'
import { readPurposes } from './read-purposes.js'

/** A valid consent decision: everything a receipt needs except its id and recording time. */
export type ParsedConsent = Omit<ConsentReceipt, 'id' | 'time'>

const FIELDS = ['url', 'policyVersion', 'granted', 'refused', 'deposit', 'visitor', 'gpc'] as const
const CODE = 'CONSENT_INVALID'

/**
 * Parses the body of `POST /api/consent` (a `ConsentPayload`) against the policy and the time.
 * The purposes must be every purpose of the policy, each either granted or refused once; a visitor id comes only with a granted `statistics` (DESIGN.md rule 4: a refusal leaves
 * no identifier, so its receipt cannot be linked back to anyone).
 *
 * @example
 * const decision = parseConsentPayload(body, { policy, now: clock.now() })
 * if (!decision.ok) return reject(decision.error)
 */
export function parseConsentPayload(
  body: unknown,
  context: { readonly policy: Policy; readonly now: number },
): Result<ParsedConsent, AppError> {
  const { policy, now } = context
  const read = readPayloadObject(body, FIELDS, CODE, 'a consent decision')
  if (!read.ok) return read
  const b = read.value

  const page = readPageUrl(b.url, policy, CODE)
  if (!page.ok) return page

  const version = readText(b.policyVersion, 'policyVersion', LIMITS.policyVersionLength, CODE)
  if (!version.ok) return version
  const known = [policy.version, ...policy.history.map((h) => h.version)]
  if (!known.includes(version.value)) {
    return err(
      new AppError(
        'POLICY_VERSION_UNKNOWN',
        `policyVersion: this server knows ${known.map((v) => `"${v}"`).join(', ')}, not the version sent.`,
        {
          where: 'policyVersion',
        },
      ),
    )
  }

  const purposes = readPurposes(b.granted, b.refused, policy)
  if (!purposes.ok) return purposes
  const { granted, refused } = purposes.value

  const deposit = readEpochMs(b.deposit, 'deposit', CODE)
  if (!deposit.ok) return deposit
  if (deposit.value > now + LIMITS.futureSkewMs)
    return err(fieldError(CODE, 'deposit', 'is in the future'))
  // The choice cookie lives consent.validityMonths from its first deposit, whatever is decided
  // later (no write moves it). A refusal is remembered refusalMonths from the moment it is made,
  // never past the cookie: a withdrawal in month 10 keeps the first deposit and is still valid.
  const cookieEnd = addMonths(deposit.value, policy.consent.validityMonths)
  if (cookieEnd <= now) {
    return err(
      fieldError(
        CODE,
        'deposit',
        `is more than ${policy.consent.validityMonths} months old: this choice has expired and must be asked again`,
      ),
    )
  }
  const expires =
    granted.length > 0
      ? cookieEnd
      : Math.min(cookieEnd, addMonths(Math.max(now, deposit.value), policy.consent.refusalMonths))

  let visitor: string | null = null
  if (b.visitor !== undefined) {
    if (!granted.includes('statistics')) {
      return err(
        fieldError(
          CODE,
          'visitor',
          'is sent only when "statistics" is granted; a refusal leaves no identifier',
        ),
      )
    }
    const v = checkVisitor(b.visitor, {
      where: 'visitor',
      lifetimeMonths: policy.cookies.lifetimeMonths,
      now,
    })
    if (!v.ok) return v
    // An id is made under the consent that covers it, never before: an older id would outlive
    // its consent (the choice's first deposit is whole milliseconds, the id's whole seconds).
    if (v.value.deposit < Math.floor(deposit.value / 1000) * 1000) {
      return err(
        fieldError(
          CODE,
          'visitor',
          `was first deposited on ${new Date(v.value.deposit).toISOString()}, before this choice (${new Date(deposit.value).toISOString()}); drop it and make a new one under this consent`,
        ),
      )
    }
    visitor = v.value.id
  }

  if (b.gpc !== undefined && typeof b.gpc !== 'boolean') {
    return err(fieldError(CODE, 'gpc', `must be a boolean, not ${kind(b.gpc)}`))
  }

  return ok({
    site: page.value.site.domain,
    policyVersion: version.value,
    granted,
    refused,
    deposit: deposit.value,
    expires,
    visitor,
    gpc: b.gpc === true,
  })
}
