import { diffPolicies } from './diff-policies.js'
import type { PolicyChange } from './diff-policies.js'
import type { Policy } from './policy-schema.js'

/** What visitors must be told, and asked again, when `next` replaces `old`. */
export interface PolicyNotice {
  /** Some change lowers confidentiality: announce it `notice.days` ahead, then ask again. */
  readonly lowers: boolean
  /** Every change, minor ones included (the notice lists them). */
  readonly changes: readonly PolicyChange[]
  /**
   * The purposes of `next` to ask again for from its effective date, in the policy's order: those
   * touched by a lowering change, every purpose when one touches all, none when nothing lowers.
   * Choices about the other purposes stay as they are.
   */
  readonly purposes: readonly string[]
}

/**
 * The notice for a new version of the policy: whether it lowers confidentiality, every change, and
 * the purposes consent must be asked again for (a purpose that no longer exists is not asked).
 *
 * @example
 * noticeFor(old, { ...old, recipients: [...old.recipients, { name: 'Ads', role: 'controller', purposes: ['advertising'], country: 'US' }] })
 * // { lowers: true, changes: [{ key: 'recipients[Ads]', … }], purposes: ['advertising'] }
 */
export function noticeFor(old: Policy, next: Policy): PolicyNotice {
  const changes = diffPolicies(old, next)
  const lowering = changes.filter((c) => c.kind === 'lowers-confidentiality')
  const ids = Object.keys(next.purposes)
  const everyPurpose = lowering.some((c) => c.purposes.length === 0)
  const touched = new Set(lowering.flatMap((c) => c.purposes))
  return {
    lowers: lowering.length > 0,
    changes,
    purposes: everyPurpose ? ids : ids.filter((id) => touched.has(id)),
  }
}
