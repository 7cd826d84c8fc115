import { AppError } from '../lib/app-error.js'
import { addMonths } from '../protocol/months.js'
import { err, ok, type Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import { parseVisitorId, type VisitorId } from '../protocol/visitor-id.js'

/**
 * Checks a visitor id sent with an event or a consent: well formed, not deposited in the future
 * (beyond clock skew), and younger than the cookie lifetime. The lifetime counts from the first
 * deposit written inside the id, and nothing the client sends can move it (DESIGN.md rule 2):
 * on the instant `deposit + lifetimeMonths`, the id is refused.
 *
 * @example
 * const v = checkVisitor(body.visitor, { where: 'visitor', lifetimeMonths: 13, now: clock.now() })
 * if (!v.ok) return reject(v.error)
 */
export function checkVisitor(
  value: unknown,
  options: { readonly where: string; readonly lifetimeMonths: number; readonly now: number },
): Result<VisitorId, AppError> {
  const { where, lifetimeMonths, now } = options
  const id = parseVisitorId(value)
  if (!id) {
    return err(
      new AppError(
        'VISITOR_INVALID',
        `${where}: is not "<first deposit, unix seconds>.<32 lower-case hex digits>".`,
        { where },
      ),
    )
  }
  if (id.deposit > now + LIMITS.futureSkewMs) {
    return err(
      new AppError('VISITOR_INVALID', `${where}: its deposit date is in the future.`, { where }),
    )
  }
  const expires = addMonths(id.deposit, lifetimeMonths)
  if (expires <= now) {
    return err(
      new AppError(
        'VISITOR_EXPIRED',
        `${where}: first deposited on ${new Date(id.deposit).toISOString()}, it expired on ${new Date(expires).toISOString()} (cookies.lifetimeMonths = ${lifetimeMonths}).`,
        { where },
      ),
    )
  }
  return ok(id)
}
