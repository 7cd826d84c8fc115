import { describe, expect, test } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import type { AppError } from '../lib/app-error.js'
import type { Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import { parseEventPayload } from './parse-event-payload.js'

/**
 * `POST /api/event`'s body (docs/api.md): a refusal names the field and what to do, and an
 * event's own `time` is kept only within the last 24 hours, that edge included.
 */

function refusal<T>(result: Result<T, AppError>): AppError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`)
  return result.error
}

const policy = examplePolicy()
// The server's time, passed in as the handler passes its clock's.
const NOW = Date.parse('2026-11-26T10:00:00.000Z')
const parse = (body: unknown) => parseEventPayload(body, { policy, now: NOW })
const pageview = (extra: Record<string, unknown> = {}) => ({
  type: 'pageview',
  url: 'https://demo.temoin.example/a',
  ...extra,
})

describe('parseEventPayload', () => {
  // kills: parse-event-payload.ts:30 StringLiteral → "" (the message says what the body is)
  test('an unknown field is refused as not a field of an event', () => {
    const e = refusal(parse(pageview({ colour: 'red' })))
    expect(e.code).toBe('EVENT_INVALID')
    expect(e.where).toBe('colour')
    expect(e.message).toBe('colour: is not a field of an event.')
  })

  // kills: parse-event-payload.ts:35 StringLiteral → "" (the client is told the two types)
  test.each([undefined, 'click', 1])('a type of %j is refused, naming the two types', (type) => {
    const e = refusal(parse(pageview({ type })))
    expect(e.code).toBe('EVENT_INVALID')
    expect(e.where).toBe('type')
    expect(e.message).toBe('type: must be "pageview" or "event".')
  })

  // kills: parse-event-payload.ts:57 EqualityOperator → t.value <= now - LIMITS.eventAgeMs
  test('a time exactly 24 hours old is kept as it is', () => {
    const read = parse(pageview({ time: NOW - LIMITS.eventAgeMs }))
    expect(read.ok && read.value.time).toBe(NOW - LIMITS.eventAgeMs)
  })

  // kills: parse-event-payload.ts:58 ArithmeticOperator → LIMITS.eventAgeMs * 3_600_000 (the
  // message gives the limit in hours)
  test('a time one millisecond older than 24 hours is refused, giving the limit', () => {
    const e = refusal(parse(pageview({ time: NOW - LIMITS.eventAgeMs - 1 })))
    expect(e.code).toBe('EVENT_INVALID')
    expect(e.where).toBe('time')
    expect(e.message).toBe('time: is older than 24 hours.')
  })
})
