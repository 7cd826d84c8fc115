/** How long a browser keeps to HTTPS after an answer with HSTS: one year, as commonly advised. */
export const HSTS_MAX_AGE_SECONDS = 31_536_000

/**
 * The Strict-Transport-Security header of the dashboard's and the stats API's answers, when
 * `server.dashboard.secureCookie` says the server is reached over HTTPS only (a TLS proxy in
 * front): browsers then never send the session cookie, nor load the page, over plain HTTP on
 * this host for a year. Browsers honour it only when received over HTTPS. Not sent otherwise:
 * pinning a host that is also served over plain HTTP would lock its visitors out. No
 * `includeSubDomains` and no `preload`: other hosts of the domain are not ours to decide.
 *
 * @example for (const [k, v] of Object.entries(strictTransportHeaders(config.server.dashboard))) headers.set(k, v)
 */
export function strictTransportHeaders(settings: {
  readonly secureCookie: boolean
}): Readonly<Record<string, string>> {
  return settings.secureCookie
    ? { 'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}` }
    : {}
}

/**
 * The response with `headers` added (a copy: some responses' headers are immutable).
 *
 * @example return withHeaders(await dashboard.fetch(req), strictTransportHeaders(settings))
 */
export function withHeaders(res: Response, headers: Readonly<Record<string, string>>): Response {
  const entries = Object.entries(headers)
  if (entries.length === 0) return res
  const merged = new Headers(res.headers)
  for (const [k, v] of entries) merged.set(k, v)
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers: merged })
}
