/**
 * What temoin.js sends to `POST /api/consent` for every decision (accept, refuse, choose,
 * change, withdraw), and the receipt the collector returns and keeps as proof.
 *
 * @example
 * const decision: ConsentPayload = {
 *   url: 'https://example.org/', policyVersion: '2026-11', granted: ['statistics'], refused: ['advertising'],
 *   deposit: Date.parse('2026-11-26T10:00:00Z'), visitor: '1795687200.8f14e45fceea167a5a36dedd4bea2543',
 * }
 */
export interface ConsentPayload {
  /** Page on which the decision was made (its host is the site). */
  readonly url: string
  /** Version of the policy the visitor was shown. */
  readonly policyVersion: string
  /** Purposes granted; with `refused`, every purpose of the policy (exempt ones too), once. */
  readonly granted: readonly string[]
  readonly refused: readonly string[]
  /** First deposit of the choice cookie, epoch ms; never moved by a later decision. */
  readonly deposit: number
  /** Visitor id: only when `statistics` is granted (a refusal leaves no identifier). */
  readonly visitor?: string
  /** The decision came from Global Privacy Control, not from a click. */
  readonly gpc?: boolean
}

/** The proof of one decision, as stored and returned. Dates are epoch ms. */
export interface ConsentReceipt {
  readonly id: string
  /** When the collector recorded it. */
  readonly time: number
  readonly site: string
  readonly policyVersion: string
  readonly granted: readonly string[]
  readonly refused: readonly string[]
  readonly deposit: number
  /** deposit + consent validity when something is granted; for a refusal, refusal validity from the decision, never past deposit + consent validity. */
  readonly expires: number
  readonly visitor: string | null
  readonly gpc: boolean
}
