import type { Policy } from '../policy/policy-schema.js'

/**
 * Whether a request carries Global Privacy Control (`Sec-GPC: 1`) where the policy honours it
 * (`banner.gpc`): an objection. Its events are not stored, and a receipt it carries keeps no
 * visitor id and is marked `gpc`.
 *
 * @example if (objectsByGpc(policy, req)) return jsonResponse(202, { ok: true, ignored: 'gpc' })
 */
export function objectsByGpc(policy: Pick<Policy, 'banner'>, req: Request): boolean {
  // Headers strip a value's surrounding whitespace: ` 1 ` reads '1'.
  return policy.banner.gpc && req.headers.get('sec-gpc') === '1'
}
