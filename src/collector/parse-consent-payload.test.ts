import { describe, expect, test } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import type { AppError } from '../lib/app-error.js'
import type { Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import { parseConsentPayload } from './parse-consent-payload.js'

/**
 * `POST /api/consent`'s body (docs/api.md): a refusal names the field and what to do (an unknown
 * policy version lists the versions the server knows, so the script can reload), and a deposit
 * may be ahead of the server's clock by the skew allowed, that edge included.
 */

function refusal<T>(result: Result<T, AppError>): AppError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`)
  return result.error
}

// Version 2026-11, with an earlier 2026-05 in its history: the server knows both.
const policy = examplePolicy({
  history: [
    {
      version: '2026-05',
      published: '2026-05-01',
      effective: '2026-05-01',
      summary: { fr: 'Première version.', en: 'First version.' },
    },
  ],
})
// The server's time, passed in as the handler passes its clock's.
const NOW = Date.parse('2026-11-26T10:00:00.000Z')
const parse = (body: unknown) => parseConsentPayload(body, { policy, now: NOW })
const decision = (extra: Record<string, unknown> = {}) => ({
  url: 'https://demo.temoin.example/',
  policyVersion: '2026-11',
  granted: ['personalisation'],
  refused: ['statistics'],
  deposit: NOW,
  ...extra,
})

describe('parseConsentPayload', () => {
  // kills: parse-consent-payload.ts:32 StringLiteral → "" (the message says what the body is)
  test('an unknown field is refused as not a field of a consent decision', () => {
    const e = refusal(parse(decision({ colour: 'red' })))
    expect(e.code).toBe('CONSENT_INVALID')
    expect(e.where).toBe('colour')
    expect(e.message).toBe('colour: is not a field of a consent decision.')
  })

  // kills: parse-consent-payload.ts:46 ArrowFunction → () => undefined, StringLiteral → "" (the
  // separator) and StringLiteral → `` (each version quoted), :47 ObjectLiteral → {} and :48
  // StringLiteral → "" (where: 'policyVersion')
  test('an unknown policy version is refused, listing every version the server knows', () => {
    const e = refusal(parse(decision({ policyVersion: '2025-01' })))
    expect(e.code).toBe('POLICY_VERSION_UNKNOWN')
    expect(e.where).toBe('policyVersion')
    expect(e.message).toBe(
      'policyVersion: this server knows "2026-11", "2026-05", not the version sent.',
    )
  })

  test('a version of the history is accepted', () => {
    const read = parse(decision({ policyVersion: '2026-05' }))
    expect(read.ok && read.value.policyVersion).toBe('2026-05')
  })

  // kills: parse-consent-payload.ts:60 EqualityOperator → deposit.value >= now + LIMITS.futureSkewMs
  test('a deposit exactly the allowed skew ahead is accepted, a millisecond more is refused', () => {
    const edge = NOW + LIMITS.futureSkewMs
    const read = parse(decision({ deposit: edge }))
    expect(read.ok && read.value.deposit).toBe(edge)
    const e = refusal(parse(decision({ deposit: edge + 1 })))
    expect(e.code).toBe('CONSENT_INVALID')
    expect(e.where).toBe('deposit')
    expect(e.message).toBe('deposit: is in the future.')
  })

  // kills: parse-consent-payload.ts:112 StringLiteral → `` (the client is told the type it sent)
  test.each([
    ['yes', 'a string'],
    [1, 'a number'],
    [null, 'null'],
  ])('a gpc of %j is refused: it must be a boolean, not %s', (gpc, named) => {
    const e = refusal(parse(decision({ gpc })))
    expect(e.code).toBe('CONSENT_INVALID')
    expect(e.where).toBe('gpc')
    expect(e.message).toBe(`gpc: must be a boolean, not ${named}.`)
  })
})
