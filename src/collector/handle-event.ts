import { toHex } from '../protocol/to-hex.js'
import type { StoredEvent } from '../store/store.js'
import type { CollectorDeps } from './collector-deps.js'
import { createUserAgentClassifier } from './create-user-agent-classifier.js'
import { enrichRequest } from './enrich-request.js'
import { jsonResponse } from './json-response.js'
import { objectsByGpc } from './objects-by-gpc.js'
import { parseEventPayload } from './parse-event-payload.js'
import { readPayload } from './read-payload.js'
import { reject } from './reject.js'

/**
 * `POST /api/event`: parse, check the origin, drop bots and objections, enrich (country, device),
 * drop the address and the user agent, store. The answer (202) comes only once the writer has
 * committed the event (DESIGN.md rule 6); every refusal stores nothing. A browser sending Global
 * Privacy Control (`Sec-GPC: 1`) objects: where the policy honours it (`banner.gpc`), its events
 * are not counted at all, not even anonymously, whatever the page's script sent.
 *
 * @example
 * const handle = createEventHandler(deps)
 * await handle(new Request('http://collector/api/event', { method: 'POST', headers: { 'content-type': 'text/plain' }, body }), undefined)
 */
export function createEventHandler(
  deps: CollectorDeps,
): (req: Request, env: unknown) => Promise<Response> {
  const { policy } = deps.config
  const classify = createUserAgentClassifier()
  return async (req, env) => {
    const now = deps.clock.now()
    const parsed = await readPayload(req, policy, (body) =>
      parseEventPayload(body, { policy, now }),
    )
    if (!parsed.ok) return reject(parsed.error)

    const found = enrichRequest({
      userAgent: req.headers.get('user-agent'),
      address: deps.clientAddress(req, env),
      geo: deps.geo,
      classify,
    })
    if (found.bot)
      return jsonResponse(202, { ok: true, ignored: 'bot' }, { 'X-Temoin-Ignored': 'bot' })
    if (objectsByGpc(policy, req))
      return jsonResponse(202, { ok: true, ignored: 'gpc' }, { 'X-Temoin-Ignored': 'gpc' })

    const event: StoredEvent = {
      id: toHex(deps.randomBytes(16)),
      ...parsed.value,
      country: found.country,
      device: found.device,
      browser: found.browser,
      os: found.os,
    }
    await deps.writer.appendEvent(event)
    return jsonResponse(202, { ok: true })
  }
}
