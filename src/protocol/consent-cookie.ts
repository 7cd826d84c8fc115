/**
 * The choice cookie (`temoin_consent`), written by temoin.js and readable by the site's own
 * server code. It holds the first-deposit date, which no later write moves, the time of the last
 * decision, the policy version, the choices, and the receipt id only when something was granted
 * (DESIGN.md rule 4), and when the visitor last closed a policy change's notice. Encoded as a query string: short, no character a cookie forbids.
 *
 * @example
 * formatConsentCookie({ deposit: 1795687200000, decided: 1795687200000, version: '2026-11', granted: ['statistics'], refused: [], receipt: 'ab…' })
 * // 'd=1795687200&t=1795687200&v=2026-11&g=statistics&r=&id=ab…'
 */
export interface ConsentCookie {
  /** First deposit, epoch ms (whole seconds). */
  readonly deposit: number
  /** Last decision, epoch ms (whole seconds). */
  readonly decided: number
  readonly version: string
  readonly granted: readonly string[]
  readonly refused: readonly string[]
  /** Receipt id of the last decision, kept only when something is granted. */
  readonly receipt?: string
  /** When the visitor closed the notice of a policy change, epoch ms (whole seconds). */
  readonly seen?: number
}

export const CONSENT_COOKIE = 'temoin_consent'
export const VISITOR_COOKIE = 'temoin_id'

/** Epoch ms → whole seconds, as the cookie writes dates. */
const seconds = (ms: number) => String(Math.floor(ms / 1000))

/** @example formatConsentCookie(choice) // 'd=…&t=…&v=…&g=…&r=…' */
export function formatConsentCookie(c: ConsentCookie): string {
  const p = new URLSearchParams({
    d: seconds(c.deposit),
    t: seconds(c.decided),
    v: c.version,
    g: c.granted.join(','),
    r: c.refused.join(','),
  })
  if (c.receipt && c.granted.length > 0) p.set('id', c.receipt)
  if (c.seen) p.set('s', seconds(c.seen))
  return p.toString()
}

/** @example parseConsentCookie('d=1795687200&t=1795687200&v=1&g=&r=statistics')?.refused // ['statistics'] */
export function parseConsentCookie(value: string): ConsentCookie | null {
  const p = new URLSearchParams(value)
  const d = Number(p.get('d'))
  const t = Number(p.get('t'))
  const version = p.get('v')
  if (!(d > 0) || !(t >= d) || !version) return null
  const list = (k: string) => (p.get(k) ?? '').split(',').filter(Boolean)
  // Absent fields read as undefined (no receipt) and 0 (no notice closed).
  return {
    deposit: d * 1000,
    decided: t * 1000,
    version,
    granted: list('g'),
    refused: list('r'),
    receipt: p.get('id') || undefined,
    seen: Number(p.get('s')) * 1000,
  }
}
