import type { AppError } from '../lib/app-error.js'
import { err, type Result } from '../lib/result.js'
import type { Policy } from '../policy/policy-schema.js'
import { LIMITS } from '../protocol/limits.js'
import { checkOrigin } from './check-origin.js'
import { readJsonBody } from './read-json-body.js'

/**
 * The edge of every write: read the body within its limit, parse it against the policy, and
 * check that the page sending it (Origin) belongs to the same site as the URL it reports.
 *
 * @example
 * const parsed = await readPayload(req, policy, (body) => parseEventPayload(body, { policy, now }))
 * if (!parsed.ok) return reject(parsed.error)
 */
export async function readPayload<T extends { readonly site: string }>(
  req: Request,
  policy: Policy,
  parse: (body: Record<string, unknown>) => Result<T, AppError>,
): Promise<Result<T, AppError>> {
  const body = await readJsonBody(req, LIMITS.bodyBytes)
  if (!body.ok) return body
  const parsed = parse(body.value)
  if (!parsed.ok) return parsed
  const site = policy.sites.find((s) => s.domain === parsed.value.site)
  const forbidden = checkOrigin(policy, req.headers.get('origin'), site)
  return forbidden ? err(forbidden) : parsed
}
