import type { AppError } from '../lib/app-error.js'
import { err, ok, type Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import type { StoredEvent } from '../store/store.js'
import type { Policy } from '../policy/policy-schema.js'
import { checkVisitor } from './check-visitor.js'
import { readPageUrl, readReferrer } from './page-url.js'
import { fieldError, readEpochMs, readPayloadObject, readText } from './payload-fields.js'
import { readProps } from './read-props.js'

/** A valid event, reduced to what may be stored; the enrichment (country, device…) comes later. */
export type ParsedEvent = Omit<StoredEvent, 'id' | 'country' | 'device' | 'browser' | 'os'>

const FIELDS = ['type', 'url', 'referrer', 'time', 'visitor', 'name', 'props'] as const
const CODE = 'EVENT_INVALID'

/**
 * Parses the body of `POST /api/event` (an `EventPayload`) against the policy and the time:
 * every field checked, nothing unknown accepted, the first problem reported with its field.
 *
 * @example
 * const event = parseEventPayload(body, { policy, now: clock.now() })
 * if (!event.ok) return reject(event.error)
 */
export function parseEventPayload(
  body: unknown,
  context: { readonly policy: Policy; readonly now: number },
): Result<ParsedEvent, AppError> {
  const { policy, now } = context
  const read = readPayloadObject(body, FIELDS, CODE, 'an event')
  if (!read.ok) return read
  const b = read.value

  if (b.type !== 'pageview' && b.type !== 'event') {
    return err(fieldError(CODE, 'type', 'must be "pageview" or "event"'))
  }
  const type = b.type

  const page = readPageUrl(b.url, policy, CODE)
  if (!page.ok) return page
  const referrer = readReferrer(b.referrer, CODE)
  if (!referrer.ok) return referrer

  let name = ''
  if (type === 'event') {
    const n = readText(b.name, 'name', LIMITS.eventNameLength, CODE)
    if (!n.ok) return n
    name = n.value
  } else if (b.name !== undefined) {
    return err(fieldError(CODE, 'name', 'is only for events of type "event", not page views'))
  }

  let time = now
  if (b.time !== undefined) {
    const t = readEpochMs(b.time, 'time', CODE)
    if (!t.ok) return t
    if (t.value < now - LIMITS.eventAgeMs) {
      return err(fieldError(CODE, 'time', `is older than ${LIMITS.eventAgeMs / 3_600_000} hours`))
    }
    if (t.value > now + LIMITS.futureSkewMs)
      return err(fieldError(CODE, 'time', 'is in the future'))
    // A client clock a little ahead is tolerated, but nothing is stored as happening later than now.
    time = Math.min(t.value, now)
  }

  let visitor: string | null = null
  if (b.visitor !== undefined) {
    const v = checkVisitor(b.visitor, {
      where: 'visitor',
      lifetimeMonths: policy.cookies.lifetimeMonths,
      now,
    })
    if (!v.ok) return v
    visitor = v.value.id
  }

  const props = readProps(b.props, CODE)
  if (!props.ok) return props

  return ok({
    site: page.value.site.domain,
    type,
    name,
    path: page.value.path,
    query: page.value.query,
    referrer: referrer.value,
    time,
    visitor,
    props: props.value,
  })
}
