import { describe, expect, test } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import type { AppError } from '../lib/app-error.js'
import type { Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import { readPurposes } from './read-purposes.js'

/**
 * The purposes of a consent decision (docs/api.md, `POST /api/consent`): every purpose of the
 * policy granted or refused, at most LIMITS.purposeCount in a list. A refusal says which field
 * and what to do.
 */

function refusal<T>(result: Result<T, AppError>): AppError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`)
  return result.error
}

// The example: statistics (exempt) and personalisation (consent).
const example = examplePolicy()
// A policy of exactly as many purposes as a list may hold.
const ids = Array.from({ length: LIMITS.purposeCount }, (_, i) => `p${i}`)
const crowded = examplePolicy({
  purposes: Object.fromEntries(
    ids.map((id) => [
      id,
      { basis: 'consent', title: { fr: id, en: id }, description: { fr: id, en: id } },
    ]),
  ),
  recipients: [],
})

describe('readPurposes', () => {
  // kills: read-purposes.ts:37 StringLiteral → "" and :38 StringLiteral → "" (the client is told
  // which purposes it left out, on the field it should add them to)
  test('a decision that leaves a purpose out is refused, naming it', () => {
    const e = refusal(readPurposes(['personalisation'], [], example))
    expect(e.code).toBe('CONSENT_INVALID')
    expect(e.where).toBe('granted')
    expect(e.message).toBe(
      'granted: every purpose of the policy must be granted or refused; missing "statistics".',
    )
  })

  // kills: read-purposes.ts:38 StringLiteral → "" (the names left out would run together)
  test('a decision that leaves several purposes out names each, separated by commas', () => {
    const e = refusal(readPurposes([], [], example))
    expect(e.message).toBe(
      `granted: every purpose of the policy must be granted or refused; missing ${Object.keys(
        example.purposes,
      )
        .map((id) => `"${id}"`)
        .join(', ')}.`,
    )
    expect(Object.keys(example.purposes).length).toBeGreaterThan(1)
  })

  // kills: read-purposes.ts:54 EqualityOperator → value.length >= LIMITS.purposeCount
  test('a list of exactly 32 purposes is read', () => {
    expect(readPurposes(ids, [], crowded)).toEqual({
      ok: true,
      value: { granted: ids, refused: [] },
    })
    expect(readPurposes([], ids, crowded)).toEqual({
      ok: true,
      value: { granted: [], refused: ids },
    })
  })

  // kills: read-purposes.ts:54 BlockStatement → {} and :59 StringLiteral → `` (without the count
  // check, a long list is read item by item; with it, the client is told the numbers)
  test.each(['granted', 'refused'] as const)(
    'a %s list of 33 purposes is refused by its length',
    (field) => {
      const long = [...ids, 'p0']
      const e = refusal(
        field === 'granted' ? readPurposes(long, [], crowded) : readPurposes([], long, crowded),
      )
      expect(e.code).toBe('CONSENT_INVALID')
      expect(e.where).toBe(field)
      expect(e.message).toBe(`${field}: lists 33 purposes; the limit is 32.`)
    },
  )
})
