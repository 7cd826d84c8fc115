import { AppError, type ErrorCode } from '../lib/app-error.js'
import { err, ok, type Result } from '../lib/result.js'
import { safeKey } from '../lib/safe-key.js'
import { LIMITS } from '../protocol/limits.js'

/**
 * Field readers shared by the event and consent parsers. Each takes the raw value, the field's
 * name (for `where` and the message) and the error code of the payload, and never echoes the
 * value back: a hostile value must not reach a log line or an error page.
 */

/** The error a field produces. @example fieldError('EVENT_INVALID', 'name', 'is required') */
export function fieldError(code: ErrorCode, where: string, problem: string): AppError {
  return new AppError(code, `${where}: ${problem}.`, { where })
}

/**
 * A string of 1..max characters. Its characters were checked by `readJsonBody` (the text rule,
 * `find-unsafe-text.ts`), which every body passes before a parser sees it.
 *
 * @example readText(body.name, 'name', 64, 'EVENT_INVALID')
 */
export function readText(
  value: unknown,
  where: string,
  max: number,
  code: ErrorCode,
): Result<string, AppError> {
  if (value === undefined) return err(fieldError(code, where, 'is required'))
  if (typeof value !== 'string')
    return err(fieldError(code, where, `must be a string, not ${kind(value)}`))
  if (value.length === 0) return err(fieldError(code, where, 'must not be empty'))
  if (value.length > max) {
    return err(fieldError(code, where, `is ${value.length} characters long; the limit is ${max}`))
  }
  return ok(value)
}

/**
 * An absolute http(s) URL of at most LIMITS.urlLength characters. The URL parser silently removes
 * tabs and newlines: the text rule refused them on the raw string before (`readJsonBody`).
 *
 * @example readHttpUrl(body.url, 'url', 'EVENT_INVALID')
 */
export function readHttpUrl(value: unknown, where: string, code: ErrorCode): Result<URL, AppError> {
  const text = readText(value, where, LIMITS.urlLength, code)
  if (!text.ok) return text
  // Leading/trailing spaces would also be trimmed by the parser: refuse what we would not store.
  if (text.value.trim() !== text.value)
    return err(fieldError(code, where, 'has surrounding spaces'))
  let url: URL
  try {
    url = new URL(text.value)
  } catch {
    return err(fieldError(code, where, 'must be an absolute http(s) URL'))
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return err(fieldError(code, where, `must be an http(s) URL, not ${url.protocol.slice(0, 16)}`))
  }
  // A guard no input reaches: the URL parser throws on an http(s) URL without a host.
  // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, so no mutant of it can be observed: new URL() throws on 'http://', 'https://:80', 'http://@/' (payload-fields.test.ts, 'an http(s) URL without a host'), and a host never holds a space, so it is never 'Stryker was here!' either
  if (url.hostname === '') return err(fieldError(code, where, 'has no host'))
  return ok(url)
}

/**
 * An epoch-milliseconds integer.
 *
 * @example readEpochMs(body.time, 'time', 'EVENT_INVALID')
 */
export function readEpochMs(
  value: unknown,
  where: string,
  code: ErrorCode,
): Result<number, AppError> {
  if (typeof value !== 'number')
    return err(fieldError(code, where, `must be a number (epoch ms), not ${kind(value)}`))
  if (!Number.isSafeInteger(value) || value < 0) {
    return err(fieldError(code, where, 'must be a whole, positive number of milliseconds'))
  }
  return ok(value)
}

/**
 * Reads a payload's top level: one JSON object holding only the fields of its kind.
 *
 * @example const b = readPayloadObject(body, ['url', 'type'], 'EVENT_INVALID', 'an event')
 */
export function readPayloadObject(
  body: unknown,
  fields: readonly string[],
  code: 'EVENT_INVALID' | 'CONSENT_INVALID',
  what: string,
): Result<Record<string, unknown>, AppError> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return err(fieldError(code, 'body', `must be a JSON object, not ${kind(body)}`))
  }
  const b = body as Record<string, unknown>
  const extra = unknownKey(b, fields)
  if (extra !== undefined) return err(fieldError(code, safeKey(extra), `is not a field of ${what}`))
  return ok(b)
}

/**
 * Keys that are not part of the payload: refused, so that a typo (or an attempt to smuggle data)
 * is a clear 400 rather than silently dropped.
 *
 * @example unknownKey(body, ['type', 'url']) // 'colour' when the body has a `colour` key
 */
export function unknownKey(
  body: Record<string, unknown>,
  known: readonly string[],
): string | undefined {
  return Object.keys(body).find((k) => !known.includes(k))
}

/** A short, safe description of a JSON value's type for messages. @example kind([]) // 'an array' */
export function kind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}
