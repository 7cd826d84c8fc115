import { describe, expect, test } from 'vitest'
import type { AppError } from '../lib/app-error.js'
import type { Result } from '../lib/result.js'
import { LIMITS } from '../protocol/limits.js'
import { readEpochMs, readHttpUrl, readPayloadObject, readText } from './payload-fields.js'

/**
 * The field readers every payload goes through. A refusal is what a client sees in the 400's
 * body: the code, `where` (the field at fault) and a message saying what was wrong; these tests
 * pin all three, and the exact edge of every limit.
 */

/** The error of a refused read; fails the test when the read succeeded. */
function refusal<T>(result: Result<T, AppError>): AppError {
  if (result.ok) throw new Error(`expected a refusal, got ${String(result.value)}`)
  return result.error
}

describe('readText', () => {
  // kills: payload-fields.ts:14 ObjectLiteral → {} (the error would name no field)
  test('a refusal names its field in `where` and in the message', () => {
    const e = refusal(readText(undefined, 'name', 64, 'EVENT_INVALID'))
    expect(e.code).toBe('EVENT_INVALID')
    expect(e.where).toBe('name')
    expect(e.message).toBe('name: is required.')
  })

  // kills: payload-fields.ts:33 EqualityOperator → value.length >= max
  // 'é' is one code point, one UTF-16 unit and two UTF-8 bytes: the limit counts characters (the
  // docs' word), not bytes, so 64 of them are still within a limit of 64.
  test('a text of exactly the limit is kept, one character more is refused with both numbers', () => {
    expect(readText('é'.repeat(64), 'name', 64, 'EVENT_INVALID')).toEqual({
      ok: true,
      value: 'é'.repeat(64),
    })
    const e = refusal(readText('é'.repeat(65), 'name', 64, 'EVENT_INVALID'))
    expect(e.where).toBe('name')
    expect(e.message).toBe('name: is 65 characters long; the limit is 64.')
  })

  // kills: payload-fields.ts:117 ConditionalExpression → true, :118 ConditionalExpression → true
  // and → false, :118 StringLiteral → "", :119 ConditionalExpression → true and → false,
  // :119 EqualityOperator → typeof value !== 'object', :119 StringLiteral → "" and → ``
  // (the type a message names is the one the client sent, so it can fix it)
  test.each([
    [null, 'null'],
    [['a'], 'an array'],
    [{ a: 1 }, 'an object'],
    [42, 'a number'],
    [true, 'a boolean'],
  ])('a %j where text is due is refused naming its type (%s)', (value, named) => {
    const e = refusal(readText(value, 'name', 64, 'EVENT_INVALID'))
    expect(e.where).toBe('name')
    expect(e.message).toBe(`name: must be a string, not ${named}.`)
  })
})

describe('readHttpUrl', () => {
  // kills: payload-fields.ts:49 ConditionalExpression → false, :49 MethodExpression → text.value,
  // :50 StringLiteral → "" (the URL parser would trim the spaces and accept a URL other than the
  // one sent)
  test.each([' https://demo.temoin.example/a', 'https://demo.temoin.example/a '])(
    'a URL with surrounding spaces (%j) is refused, not trimmed',
    (url) => {
      const e = refusal(readHttpUrl(url, 'url', 'EVENT_INVALID'))
      expect(e.code).toBe('EVENT_INVALID')
      expect(e.where).toBe('url')
      expect(e.message).toBe('url: has surrounding spaces.')
    },
  )

  // kills: payload-fields.ts:57 ConditionalExpression → true, :57 StringLiteral → "" (both
  // schemes the docs promise are accepted)
  test.each(['http://demo.temoin.example/a', 'https://demo.temoin.example/a'])(
    '%s is accepted',
    (url) => {
      const read = readHttpUrl(url, 'url', 'EVENT_INVALID')
      expect(read.ok && read.value.href).toBe(url)
    },
  )

  // Why payload-fields.ts:60 (`url.hostname === ''`) is marked equivalent: no http(s) URL
  // without a host gets past the URL parser, so that line never refuses anything.
  test.each(['http://', 'https://:80', 'http://@/', 'http://?q', 'https:'])(
    'an http(s) URL without a host (%j) is refused by the URL parser itself',
    (url) => {
      const e = refusal(readHttpUrl(url, 'url', 'EVENT_INVALID'))
      expect(e.message).toBe('url: must be an absolute http(s) URL.')
    },
  )

  test('another scheme is refused, naming it', () => {
    const e = refusal(readHttpUrl('ftp://demo.temoin.example/a', 'referrer', 'EVENT_INVALID'))
    expect(e.where).toBe('referrer')
    expect(e.message).toBe('referrer: must be an http(s) URL, not ftp:.')
  })

  // kills: payload-fields.ts:58 MethodExpression → url.protocol (a scheme is the client's text:
  // only its first 16 characters are repeated back)
  test('a long scheme is cut to 16 characters in the message', () => {
    const scheme = `${'x'.repeat(40)}:`
    const e = refusal(readHttpUrl(`${scheme}//demo.temoin.example/`, 'url', 'EVENT_INVALID'))
    expect(e.message).toBe(`url: must be an http(s) URL, not ${'x'.repeat(16)}.`)
  })

  test('a URL of exactly the limit is accepted, one character more is refused', () => {
    const base = 'https://demo.temoin.example/'
    const atLimit = base + 'a'.repeat(LIMITS.urlLength - base.length)
    expect(readHttpUrl(atLimit, 'url', 'EVENT_INVALID').ok).toBe(true)
    const e = refusal(readHttpUrl(`${atLimit}a`, 'url', 'EVENT_INVALID'))
    expect(e.message).toBe(`url: is ${LIMITS.urlLength + 1} characters long; the limit is 2048.`)
  })
})

describe('readEpochMs', () => {
  // kills: payload-fields.ts:76 EqualityOperator → value <= 0 (the epoch itself is a time)
  test('0 and a large whole number are times', () => {
    expect(readEpochMs(0, 'time', 'EVENT_INVALID')).toEqual({ ok: true, value: 0 })
    expect(readEpochMs(Number.MAX_SAFE_INTEGER, 'time', 'EVENT_INVALID')).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER,
    })
  })

  // kills: payload-fields.ts:76 ConditionalExpression → false (either half of the test)
  test.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1])('%d is refused', (value) => {
    const e = refusal(readEpochMs(value, 'deposit', 'CONSENT_INVALID'))
    expect(e.code).toBe('CONSENT_INVALID')
    expect(e.where).toBe('deposit')
    expect(e.message).toBe('deposit: must be a whole, positive number of milliseconds.')
  })
})

describe('readPayloadObject', () => {
  // kills: payload-fields.ts:93 BlockStatement → {}, the four ConditionalExpression → false, both
  // LogicalOperator mutants, and :94 StringLiteral → "" and → ``. A parser is called with any
  // JSON value (readJsonBody refuses non-objects first, but the parsers take `unknown`): a string
  // must not be read as an object of its characters, nor an array as an object of its indices.
  test.each([
    [null, 'null'],
    [['pageview'], 'an array'],
    ['pageview', 'a string'],
    [42, 'a number'],
    [true, 'a boolean'],
  ])('%j is refused as a payload: %s is not a JSON object', (body, named) => {
    const e = refusal(readPayloadObject(body, ['type', 'url'], 'EVENT_INVALID', 'an event'))
    expect(e.code).toBe('EVENT_INVALID')
    expect(e.where).toBe('body')
    expect(e.message).toBe(`body: must be a JSON object, not ${named}.`)
  })

  test('an object of known fields is read as it is', () => {
    const body = { type: 'pageview', url: 'https://demo.temoin.example/' }
    expect(readPayloadObject(body, ['type', 'url'], 'EVENT_INVALID', 'an event')).toEqual({
      ok: true,
      value: body,
    })
  })
})
