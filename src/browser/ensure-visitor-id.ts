import { VISITOR_COOKIE } from '../protocol/consent-cookie.js'
import { addMonths } from '../protocol/months.js'
import { newVisitorId, parseVisitorId } from '../protocol/visitor-id.js'
import { readCookie } from './read-cookie.js'
import { writeCookie } from './write-cookie.js'

/**
 * The visitor id under a consent to `statistics` given at `deposit`: the one in `temoin_id` when
 * it was made under this choice (deposited at or after `deposit`) and is younger than its
 * lifetime, else a new one (128 random bits). Its cookie expires at
 * `min(id deposit + lifetimeMonths, choiceExpires)`, the same instant at every write.
 *
 * @example
 * const id = ensureVisitorId(choice.deposit, Date.now(), 13, addMonths(choice.deposit, 13))
 */
export function ensureVisitorId(
  deposit: number,
  now: number,
  lifetimeMonths: number,
  choiceExpires: number,
): string {
  const old = parseVisitorId(readCookie(VISITOR_COOKIE))
  const visitor =
    old && old.deposit >= deposit && now < addMonths(old.deposit, lifetimeMonths)
      ? old
      : {
          id: newVisitorId(now),
          deposit: now - (now % 1000),
        }
  const end = Math.min(addMonths(visitor.deposit, lifetimeMonths), choiceExpires)
  writeCookie(VISITOR_COOKIE, visitor.id, end)
  return visitor.id
}
