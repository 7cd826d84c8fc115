import type { Policy } from '../policy/policy-schema.js'
import type { ReleaseSpec } from './release-spec.js'

/**
 * Who a release protects, in plain words for its sidecar and page — including where the
 * guarantee is weaker: a hit without a visitor id cannot be tied to the others of the same
 * person, so it is protected as one event.
 *
 * @example describeProtectedUnit(spec, policy) // 'a visitor with a visitor id (…)…'
 */
export function describeProtectedUnit(spec: ReleaseSpec, policy: Policy): string {
  const k = policy.publication.minGroupSize
  if (spec.mechanism === 'exact') {
    return spec.anonymousHits === 'include'
      ? `every published figure counts at least ${k} distinct visitors; a hit without a visitor id counts as one visitor of its own, so a person who made several anonymous hits may count as several.`
      : `every published figure counts at least ${k} distinct visitors with a visitor id; anonymous hits are not counted.`
  }
  return spec.anonymousHits === 'include'
    ? 'a visitor with a visitor id (consented statistics), all of their events in the period together; a hit without a visitor id is protected as one event only — a person who made several anonymous hits is protected less, in proportion to their number.'
    : 'a visitor with a visitor id (consented statistics), all of their events in the period together; anonymous hits are not counted.'
}
