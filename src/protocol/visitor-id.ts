/**
 * The visitor id: a 128-bit random secret, held only in the visitor's own cookie, created when
 * the visitor consents to `statistics`. Its first-deposit date is part of the id itself
 * (`<unix seconds>.<32 lowercase hex digits>`), so that no later write can move it: a cookie
 * rewritten with a newer date is a different id, i.e. a new visitor, never an extended one. The
 * collector refuses an id whose deposit is older than the cookie lifetime.
 */
import { toHex } from './to-hex.js'

/** A parsed visitor id. */
export interface VisitorId {
  /** The whole id, as sent and stored. */
  readonly id: string
  /** First deposit, epoch milliseconds. */
  readonly deposit: number
}

const VISITOR_ID = /^([1-9]\d{8,10})\.[\da-f]{32}$/

/**
 * Reads a visitor id; `null` when it is not one.
 *
 * @example parseVisitorId('1767225600.8f14e45fceea167a5a36dedd4bea2543')?.deposit // 1767225600000
 */
export function parseVisitorId(value: unknown): VisitorId | null {
  if (typeof value !== 'string') return null
  const m = VISITOR_ID.exec(value)
  if (!m) return null
  return { id: value, deposit: Number(m[1]) * 1000 }
}

/**
 * Makes a new visitor id from its deposit time and 16 bytes of the platform's cryptographic
 * random source (Web Crypto, in browsers and in Node).
 *
 * @example newVisitorId(Date.now()) // '1767225600.8f14e45fceea167a5a36dedd4bea2543'
 */
export function newVisitorId(depositMs: number): string {
  return `${Math.floor(depositMs / 1000)}.${toHex(crypto.getRandomValues(new Uint8Array(16)))}`
}
