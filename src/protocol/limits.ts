/**
 * Limits of the wire format, shared by temoin.js and the collector so that the browser never
 * sends what the server would refuse. Each is generous for real pages and small enough that a
 * hostile client cannot make the server store or parse much.
 */
export const LIMITS = {
  /** Largest request body the collector reads, in bytes. */
  bodyBytes: 8 * 1024,
  /** Longest page URL or referrer, in characters. */
  urlLength: 2048,
  /** Longest custom event name. */
  eventNameLength: 64,
  /** Most properties on one custom event. */
  propCount: 16,
  /** Longest property key. */
  propKeyLength: 64,
  /** Longest string property value. */
  propValueLength: 256,
  /** Longest policy version string. */
  policyVersionLength: 64,
  /** Most purposes in one consent decision. */
  purposeCount: 32,
  /** How far in the future a client's clock may be, in ms (clock skew). */
  futureSkewMs: 5 * 60 * 1000,
  /** How old an event's own `time` may be when it arrives, in ms (a beacon queued offline). */
  eventAgeMs: 24 * 60 * 60 * 1000,
} as const
