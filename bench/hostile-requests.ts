/** One request of the hostile load, as the generator sends it. */
export interface HostileRequest {
  /** What the request tries (a label counted in the report). */
  readonly kind: string
  readonly method: string
  /** Path and query, from the server's root. */
  readonly path: string
  readonly headers: Record<string, string>
  readonly body?: string
}

const SITE = 'http://localhost:4000'
const HEX = '0123456789abcdef'

/** Each kind of hostile (or valid) request, built from its number n and a random draw. */
const KINDS: readonly ((n: number, random: () => number, base: string) => HostileRequest)[] = [
  // A valid page view, from a fresh client and browser: what a flood of spoofed visitors sends.
  (n) => ({
    kind: 'valid event',
    method: 'POST',
    path: '/api/event',
    headers: { 'content-type': 'text/plain', origin: SITE },
    body: JSON.stringify({
      type: 'pageview',
      url: `${SITE}/p/${n}`,
      referrer: `https://r${n}.example/`,
    }),
  }),
  () => ({
    kind: 'bad JSON',
    method: 'POST',
    path: '/api/event',
    headers: { 'content-type': 'text/plain', origin: SITE },
    body: '{"type":"pageview","url":',
  }),
  (n) => ({
    kind: 'wrong types',
    method: 'POST',
    path: n % 2 === 0 ? '/api/event' : '/api/consent',
    headers: { 'content-type': 'application/json', origin: SITE },
    body: JSON.stringify({ type: 7, url: [n], props: 'x', purposes: { a: null }, version: {} }),
  }),
  // Past the collector's 8 KiB: read no further than the limit, answered 413.
  (n, random) => ({
    kind: 'oversized body',
    method: 'POST',
    path: n % 2 === 0 ? '/api/event' : '/api/consent',
    headers: { 'content-type': 'text/plain', origin: SITE },
    body: `{"type":"pageview","url":"${'x'.repeat(16_000 + Math.floor(random() * 48_000))}"}`,
  }),
  (n) => ({
    kind: 'deep nesting',
    method: 'POST',
    path: '/api/event',
    headers: { 'content-type': 'text/plain', origin: SITE },
    body: `${'['.repeat(2000 + (n % 1000))}${']'.repeat(2000 + (n % 1000))}`,
  }),
  (n) => ({
    kind: 'unknown path, long URL',
    method: 'GET',
    path: `/${n.toString(36)}/${'a'.repeat(4000 + (n % 3000))}?q=${n}`,
    headers: {},
  }),
  (n, random) => ({
    kind: 'bad visitor id',
    method: random() < 0.5 ? 'GET' : 'DELETE',
    path: `/api/visitor/${n}.${'z'.repeat(n % 80)}`,
    headers: { origin: SITE },
  }),
  (n, random) => ({
    kind: 'stats, bad token',
    method: 'GET',
    path: `/api/stats/${random() < 0.5 ? 'summary' : 'pages'}?site=localhost&from=${n}`,
    headers: { authorization: `Bearer ${token(random)}` },
  }),
  (n, random, base) => ({
    kind: 'dashboard login, bad secret',
    method: 'POST',
    path: '/dashboard/login',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: base,
      'sec-fetch-site': 'same-origin',
    },
    body: `secret=${token(random)}${n}`,
  }),
  (n) => ({
    kind: 'dashboard, no session',
    method: 'GET',
    path: n % 3 === 0 ? `/dashboard/assets/__x${n}` : `/dashboard?site=localhost&lang=${n}`,
    headers: { cookie: `temoin_session=${'A'.repeat(43)}` },
  }),
  () => ({
    kind: 'foreign origin',
    method: 'POST',
    path: '/api/event',
    headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
    body: '{}',
  }),
  (n) => ({
    kind: 'preflight',
    method: 'OPTIONS',
    path: n % 2 === 0 ? '/api/event' : '/api/consent',
    headers: { origin: SITE, 'access-control-request-method': 'POST' },
  }),
]

/** Kinds of request the generator sends, in the order `hostileRequest` cycles through them. */
export const HOSTILE_KINDS = KINDS.length

/**
 * The n-th request of the hostile load: a cycle over malformed, oversized, unauthenticated
 * and valid requests against every endpoint. Each one comes from a client of its own (a fresh
 * X-Forwarded-For address, read when the server trusts a proxy) with a user agent of its own,
 * so that anything the server keeps per client or per user agent grows with the count.
 *
 * @example hostileRequest(7, createSeededRandom(1), 'http://127.0.0.1:8080').kind // 'bad visitor id'
 */
export function hostileRequest(n: number, random: () => number, base: string): HostileRequest {
  const made = KINDS[n % KINDS.length]!(n, random, base)
  return {
    ...made,
    headers: {
      ...made.headers,
      // Distinct addresses (10.x.y.z) and browser-like user agents, one per request.
      'x-forwarded-for': `203.0.113.9, 10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`,
      'user-agent': `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.${n}.0 Safari/537.36`,
    },
  }
}

function token(random: () => number): string {
  let s = ''
  for (let i = 0; i < 64; i++) s += HEX[Math.floor(random() * 16)]
  return s
}
