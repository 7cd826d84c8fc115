import type { ConsentReceipt } from '../protocol/consent-payload.js'
import { toHex } from '../protocol/to-hex.js'
import type { CollectorDeps } from './collector-deps.js'
import { jsonResponse } from './json-response.js'
import { objectsByGpc } from './objects-by-gpc.js'
import { parseConsentPayload } from './parse-consent-payload.js'
import { readPayload } from './read-payload.js'
import { reject } from './reject.js'

/**
 * `POST /api/consent`: every decision gets a receipt (DESIGN.md rule 4), stored before the answer
 * (201 with the receipt) so that the proof exists whenever the browser believes it does. A
 * decision sent with Global Privacy Control (`Sec-GPC: 1`, where the policy honours it) is
 * recorded as made, marked `gpc`, and without a visitor id: nothing links it to one.
 *
 * @example
 * const handle = createConsentHandler(deps)
 * const res = await handle(request, undefined) // 201 { id, time, site, policyVersion, granted, refused, deposit, expires, visitor, gpc }
 */
export function createConsentHandler(
  deps: CollectorDeps,
): (req: Request, env: unknown) => Promise<Response> {
  const { policy } = deps.config
  return async (req) => {
    const now = deps.clock.now()
    const parsed = await readPayload(req, policy, (body) =>
      parseConsentPayload(body, { policy, now }),
    )
    if (!parsed.ok) return reject(parsed.error)

    const receipt: ConsentReceipt = {
      id: toHex(deps.randomBytes(16)),
      time: now,
      ...parsed.value,
      ...(objectsByGpc(policy, req) ? { visitor: null, gpc: true } : {}),
    }
    await deps.writer.appendReceipt(receipt)
    return jsonResponse(201, receipt)
  }
}
