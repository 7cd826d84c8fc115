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
  /**
   * The domains whose visitors the lowering changes concern, in the policy's order; `[]` when one
   * concerns every site, or when nothing lowers. Visitors of the other sites keep their choices
   * and see no notice.
   */
  readonly sites: readonly string[]
}

/**
 * The notice for a new version of the policy: whether it lowers confidentiality, every change, the
 * purposes consent must be asked again for (a purpose that no longer exists is not asked), and
 * the sites whose visitors are asked.
 *
 * @example
 * noticeFor(old, { ...old, recipients: [...old.recipients, { name: 'Ads', role: 'controller', purposes: ['advertising'], country: 'US' }] })
 * // { lowers: true, changes: [{ key: 'recipients[Ads]', … }], purposes: ['advertising'], sites: [] }
 */
export function noticeFor(old: Policy, next: Policy): PolicyNotice {
  const changes = diffPolicies(old, next)
  const lowering = changes.filter((c) => c.kind === 'lowers-confidentiality')
  const ids = Object.keys(next.purposes)
  const everyPurpose = lowering.some((c) => c.purposes.length === 0)
  const touched = new Set(lowering.flatMap((c) => c.purposes))
  const everySite = lowering.some((c) => c.sites.length === 0)
  const concerned = new Set(lowering.flatMap((c) => c.sites))
  return {
    lowers: lowering.length > 0,
    changes,
    purposes: everyPurpose ? ids : ids.filter((id) => touched.has(id)),
    sites: everySite ? [] : next.sites.map((s) => s.domain).filter((d) => concerned.has(d)),
  }
}
