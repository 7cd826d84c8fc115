import { scryptSync } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { loadTestConfig } from '../../test/helpers/collector-harness.js'
import { AppError } from '../lib/app-error.js'
import { createFakeClock, type FakeClock } from '../lib/clock.js'
import { createAuth } from './create-auth.js'
import type { SecretHash } from './hash-secret.js'
import { createTokenChecker } from './token-checker.js'
import { createApiToken } from './token-file.js'

/**
 * The dashboard's authentication in-process, on a fake clock: a session ends at its fixed
 * lifetime however often it is used, the cookie's flags follow how the request arrived, the
 * refusals say why. test/auth.test.ts drives the same code through a real server on the real
 * clock; these are the cases it cannot reach (time) or does not look at (each path's text).
 */
const SITE = 'demo.temoin.example'
const OTHER = 'localhost'
const SECRET = 'the admin secret of these tests'
const HOUR = 3_600_000

/**
 * A stored hash at N = 2^10 instead of 2^15: verifySecret uses the stored parameters, so a
 * login costs a millisecond, not 0.1 s (the tests below log in dozens of times).
 */
function cheapHash(secret: string): SecretHash {
  const salt = Buffer.alloc(16, 4)
  const key = scryptSync(secret.normalize('NFC'), salt, 32, { N: 1024, r: 8, p: 1 })
  return {
    algorithm: 'scrypt',
    N: 1024,
    r: 8,
    p: 1,
    salt: salt.toString('base64'),
    hash: key.toString('base64'),
  }
}

let dir: string
let clock: FakeClock
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-create-auth-'))
  clock = createFakeClock('2026-11-26T10:00:00Z')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

async function auth(server: Record<string, unknown> = {}, tokensFile = join(dir, 'tokens.json')) {
  const config = await loadTestConfig({ server: { trustProxy: false, ...server } })
  let n = 0
  return createAuth({
    config,
    secret: cheapHash(SECRET),
    tokens: createTokenChecker(tokensFile),
    clock,
    // Different bytes at each call: every session gets its own id.
    randomBytes: (size) => {
      n++
      return new Uint8Array(size).map((_, i) => (n * 13 + i * 7) & 255)
    },
  })
}

function request(
  path: string,
  headers: Record<string, string> = {},
  init: { method?: string; base?: string } = {},
) {
  return new Request(`${init.base ?? 'http://127.0.0.1:8080'}${path}`, {
    method: init.method ?? 'GET',
    headers,
  })
}
const summary = (site = SITE) => `/api/stats/summary?site=${site}`
const pair = (setCookie: string) => setCookie.split(';')[0]!
const attributes = (setCookie: string) => setCookie.split(/;\s*/).slice(1)

async function loggedIn(a: Awaited<ReturnType<typeof auth>>, req = request('/dashboard/login')) {
  const outcome = await a.login(SECRET, req, '203.0.113.5')
  if (!outcome.ok) throw new Error(`login refused: ${outcome.error.message}`)
  return outcome.setCookie
}

/** The error code of a refusal (null when the request may go on). */
async function refusal(res: Response | null) {
  if (res === null) return null
  expect(res.status).toBe(401)
  expect(res.headers.get('www-authenticate')).toBe('Bearer realm="temoin"')
  const { error } = (await res.json()) as { error: { code: string; message: string } }
  return `${error.code}: ${error.message}`
}

/** A 403 of a good token outside its scope: no WWW-Authenticate (no other credential helps). */
async function forbidden(res: Response | null) {
  expect(res?.status).toBe(403)
  expect(res?.headers.get('www-authenticate')).toBeNull()
  const { error } = (await res!.json()) as {
    error: { code: string; message: string; where: string }
  }
  // The query parameter to change: the site.
  expect(error.where).toBe('site')
  return `${error.code}: ${error.message}`
}

describe('a dashboard session', () => {
  // The example: a session extended at each use. Used every 10 minutes, it must still
  // end sessionHours after the login, and the cookie says so from the start.
  // kills: create-auth.ts:69 ArithmeticOperator (sessionHours / 3_600_000)
  it('ends sessionHours after the login, to the millisecond, however often it is used', async () => {
    const a = await auth({ dashboard: { sessionHours: 2 } })
    const setCookie = await loggedIn(a)
    expect(attributes(setCookie)).toContain('Max-Age=7200')
    const withSession = () => request(summary(), { cookie: pair(setCookie) })
    const start = clock.now()
    while (clock.now() < start + 2 * HOUR - 10 * 60_000) {
      expect(await a.authorize(withSession())).toBeNull()
      expect(await a.identify(withSession())).toEqual({ kind: 'session' })
      clock.advance(10 * 60_000)
    }
    clock.set(start + 2 * HOUR - 1)
    expect(await a.authorize(withSession())).toBeNull()
    clock.set(start + 2 * HOUR)
    expect(await refusal(await a.authorize(withSession()))).toBe(
      `AUTH_REQUIRED: The statistics of ${SITE} are not public: log in, or send an API token.`,
    )
    expect(await a.identify(withSession())).toBeNull()
    expect(await a.readableSites(withSession())).toEqual([])
  })

  it('a new login after the end gives a new session of the full lifetime', async () => {
    const a = await auth({ dashboard: { sessionHours: 1 } })
    const first = await loggedIn(a)
    clock.advance(HOUR)
    const second = await loggedIn(a, request('/dashboard/login', { cookie: pair(first) }))
    expect(pair(second)).not.toBe(pair(first))
    clock.advance(HOUR - 1)
    expect(await a.identify(request('/dashboard', { cookie: pair(second) }))).toEqual({
      kind: 'session',
    })
  })

  // kills: create-auth.ts:186 ConditionalExpression → false (logout keeps the session), and
  // :187 the logout's cookie not Secure over HTTPS (the browser would keep the __Host- one)
  it('logout ends the session and clears the cookie it was set in', async () => {
    const a = await auth()
    const https = request('/dashboard/login', {}, { base: 'https://dash.example' })
    const setCookie = await loggedIn(a, https)
    expect(setCookie).toMatch(/^__Host-temoin_session=/)
    const cleared = a.logout(
      request('/dashboard/logout', { cookie: pair(setCookie) }, { base: 'https://dash.example' }),
    )
    expect(cleared).toMatch(/^__Host-temoin_session=;/)
    expect(attributes(cleared)).toEqual(expect.arrayContaining(['Max-Age=0', 'Secure']))
    expect(await a.identify(request('/dashboard', { cookie: pair(setCookie) }))).toBeNull()
  })
})

describe('the session cookie is Secure when the request came over HTTPS', () => {
  const secure = async (server: Record<string, unknown>, req: Request) =>
    attributes(await loggedIn(await auth(server), req)).includes('Secure')

  // kills: create-auth.ts:81 LogicalOperator (&&), StringLiteral ('https:'), EqualityOperator
  it('directly (an https: URL), or always with secureCookie; not over plain HTTP', async () => {
    expect(
      await secure({}, request('/dashboard/login', {}, { base: 'https://dash.example' })),
    ).toBe(true)
    expect(await secure({}, request('/dashboard/login'))).toBe(false)
    expect(await secure({ dashboard: { secureCookie: true } }, request('/dashboard/login'))).toBe(
      true,
    )
  })

  // kills: create-auth.ts:82 UnaryOperator (at(+1)) and the trim removed, :83 LogicalOperator (||)
  it('behind a trusted proxy, as the last X-Forwarded-Proto says; never on the header alone', async () => {
    const proto = (value: string) => request('/dashboard/login', { 'x-forwarded-proto': value })
    expect(await secure({ trustProxy: true }, proto('https'))).toBe(true)
    expect(await secure({ trustProxy: true }, proto('http, http, https'))).toBe(true)
    expect(await secure({ trustProxy: true }, proto('https, http'))).toBe(false)
    expect(await secure({ trustProxy: false }, proto('https'))).toBe(false)
  })
})

describe('API tokens', () => {
  // kills: the Bearer pattern's mutants, and the two texts of TOKEN_INVALID
  it('Bearer, in any case and with spaces, names the token; anything else is TOKEN_INVALID, and says which', async () => {
    const file = join(dir, 'tokens.json')
    const { token } = await createApiToken({
      file,
      name: 'ci',
      clock,
      randomBytes: (n) => new Uint8Array(n).fill(1),
    })
    const a = await auth({}, file)
    const bearer = (value: string) => request(summary(OTHER), { authorization: value })
    for (const value of [`Bearer ${token}`, `bearer   ${token}  `]) {
      expect(await a.identify(bearer(value)), value).toEqual({ kind: 'token', name: 'ci' })
      expect(await a.authorize(bearer(value)), value).toBeNull()
    }
    for (const value of [
      token,
      `Basic ${token}`,
      `NotBearer ${token}`,
      'Bearer',
      `Bearer ${token} extra`,
    ]) {
      expect(await refusal(await a.authorize(bearer(value))), value).toBe(
        'TOKEN_INVALID: The Authorization header is not "Bearer <token>".',
      )
    }
    await expect(a.identify(bearer(`Bearer ${token}x`))).rejects.toMatchObject({
      code: 'TOKEN_INVALID',
      where: 'Authorization',
      message: 'This API token is unknown or was revoked.',
    })
  })

  // kills: create-auth.ts:113 ConditionalExpression → true and :135 (an I/O error taken for a
  // bad token): an operator must see that tokens.json cannot be read
  it('an error reading tokens.json is thrown, not answered as a bad token', async () => {
    const notADir = join(dir, 'plain-file')
    await writeFile(notADir, '')
    const a = await auth({}, join(notADir, 'tokens.json'))
    const req = () => request(summary(), { authorization: `Bearer temoin_${'x'.repeat(43)}` })
    await expect(a.authorize(req())).rejects.toMatchObject({ code: 'ENOTDIR' })
    await expect(a.readableSites(req())).rejects.toMatchObject({ code: 'ENOTDIR' })
  })
})

describe('API tokens for some sites (token create --site)', () => {
  // A client's token reads that client's site: another site is TOKEN_SCOPE (403, not 401: the
  // token is good), a public site stays readable as without any token, and so does nothing else.
  it('reads its sites and the public ones only; another site, or none named, is TOKEN_SCOPE', async () => {
    const file = join(dir, 'tokens.json')
    const { token } = await createApiToken({
      file,
      name: 'client-a',
      clock,
      randomBytes: (n) => new Uint8Array(n).fill(7),
      sites: [OTHER],
    })
    const a = await auth({ dashboard: { publicSites: [SITE] } }, file)
    const headers = { authorization: `Bearer ${token}` }
    expect(await a.identify(request('/dashboard', headers))).toEqual({
      kind: 'token',
      name: 'client-a',
      sites: [OTHER],
    })
    expect(await a.authorize(request(summary(OTHER), headers))).toBeNull()
    expect(await a.authorize(request(summary(OTHER.toUpperCase()), headers))).toBeNull()
    expect(await a.authorize(request(summary(SITE), headers))).toBeNull() // public
    const denied = await a.authorize(request(summary(SITE), headers, { method: 'POST' }))
    expect(await forbidden(denied)).toBe(
      `TOKEN_SCOPE: The API token "client-a" reads ${OTHER} only, not ${SITE}.`,
    )
    expect(await forbidden(await a.authorize(request('/api/stats/summary', headers)))).toBe(
      `TOKEN_SCOPE: The API token "client-a" reads ${OTHER} only; name the site with ?site=.`,
    )
    // Its own site and the public one.
    expect([...(await a.readableSites(request('/dashboard', headers)))].sort()).toEqual(
      [SITE, OTHER].sort(),
    )
  })

  // kills: create-auth.ts:134 the ', ' of the scope's list, :152 `caller.sites !== undefined`
  it('a token for two sites names both when it refuses; a token for every site reads every site', async () => {
    const file = join(dir, 'tokens.json')
    const two = await createApiToken({
      file,
      name: 'client-c',
      clock,
      randomBytes: (n) => new Uint8Array(n).fill(11),
      sites: [SITE, 'b.example'],
    })
    const every = await createApiToken({
      file,
      name: 'ci',
      clock,
      randomBytes: (n) => new Uint8Array(n).fill(12),
    })
    const a = await auth({}, file)
    const denied = await a.authorize(
      request(summary(OTHER), { authorization: `Bearer ${two.token}` }),
    )
    expect(await forbidden(denied)).toBe(
      `TOKEN_SCOPE: The API token "client-c" reads ${SITE}, b.example only, not ${OTHER}.`,
    )
    const all = await a.readableSites(
      request('/dashboard', { authorization: `Bearer ${every.token}` }),
    )
    expect([...all].sort()).toEqual(['127.0.0.1', SITE, OTHER].sort())
  })

  it('a private site outside its scope is refused, and readableSites lists the scope alone', async () => {
    const file = join(dir, 'tokens.json')
    const { token } = await createApiToken({
      file,
      name: 'client-b',
      clock,
      randomBytes: (n) => new Uint8Array(n).fill(9),
      sites: [SITE],
    })
    const a = await auth({}, file)
    const headers = { authorization: `Bearer ${token}` }
    expect(await a.authorize(request(summary(SITE), headers))).toBeNull()
    const denied = await a.authorize(request(summary(OTHER), headers))
    expect(await forbidden(denied)).toBe(
      `TOKEN_SCOPE: The API token "client-b" reads ${SITE} only, not ${OTHER}.`,
    )
    expect(await a.readableSites(request('/dashboard', headers))).toEqual([SITE])
  })
})

describe('without credentials', () => {
  // kills: create-auth.ts:119 LogicalOperator and StringLiterals (GET, HEAD), :121 the case
  // of ?site=, and :125 the refusal's two texts
  it('a public site is readable with GET or HEAD, in any letter case; nothing else is', async () => {
    const a = await auth({ dashboard: { publicSites: [SITE] } })
    expect(await a.authorize(request(summary()))).toBeNull()
    expect(await a.authorize(request(summary(), {}, { method: 'HEAD' }))).toBeNull()
    expect(await a.authorize(request(summary(SITE.toUpperCase())))).toBeNull()
    expect(await refusal(await a.authorize(request(summary(), {}, { method: 'POST' })))).toBe(
      `AUTH_REQUIRED: The statistics of ${SITE} are not public: log in, or send an API token.`,
    )
    expect(await refusal(await a.authorize(request(summary(OTHER))))).toBe(
      `AUTH_REQUIRED: The statistics of ${OTHER} are not public: log in, or send an API token.`,
    )
    expect(await refusal(await a.authorize(request(summary(OTHER.toUpperCase()))))).toBe(
      `AUTH_REQUIRED: The statistics of ${OTHER.toUpperCase()} are not public: log in, or send an API token.`,
    )
    for (const path of ['/api/stats/summary', '/api/stats/summary?site=nowhere.example']) {
      expect(await refusal(await a.authorize(request(path))), path).toBe(
        'AUTH_REQUIRED: Log in, or send an API token.',
      )
    }
  })

  // kills: create-auth.ts:133 ConditionalExpression and :137 the filter of public sites
  it('readableSites: every site with a session, the public ones without, or with a bad token', async () => {
    const a = await auth({ dashboard: { publicSites: [SITE] } })
    const cookie = pair(await loggedIn(a))
    const all = await a.readableSites(request('/dashboard', { cookie }))
    expect(all).toContain(SITE)
    expect(all).toContain(OTHER)
    expect(await a.readableSites(request('/dashboard'))).toEqual([SITE])
    expect(
      await a.readableSites(request('/dashboard', { authorization: 'Bearer nothing' })),
    ).toEqual([SITE])
  })
})

describe('the login', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('a wrong secret: LOGIN_FAILED on the secret field, no session', async () => {
    const a = await auth()
    const outcome = await a.login('not it', request('/dashboard/login'), '203.0.113.5')
    expect(outcome).toMatchObject({ ok: false, headers: {} })
    if (outcome.ok) return
    expect(outcome.error).toBeInstanceOf(AppError)
    expect(outcome.error).toMatchObject({
      code: 'LOGIN_FAILED',
      where: 'secret',
      message: 'This is not the admin secret.',
    })
  })

  // The login limit's window runs on rate-limiter-flexible's Date.now(): fake timers move it.
  // kills: create-auth.ts:146 the wait in minutes (Math.ceil, / 60) and its plural (wait > 60)
  it('rate-limited: the wait in whole minutes, "minute" for one, and Retry-After in seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] })
    vi.setSystemTime(new Date('2026-11-26T10:00:00Z'))
    const a = await auth()
    const from = '203.0.113.6'
    for (let i = 0; i < 5; i++) await a.login('not it', request('/dashboard/login'), from)
    const limited = async () => {
      const outcome = await a.login(SECRET, request('/dashboard/login'), from)
      if (outcome.ok) throw new Error('expected a refusal')
      expect(outcome.error.code).toBe('LOGIN_RATE_LIMITED')
      return `${outcome.headers['Retry-After']} ${outcome.error.message}`
    }
    expect(await limited()).toBe(
      '900 Too many wrong secrets from this client; try again in 15 minutes.',
    )
    vi.advanceTimersByTime(14 * 60_000 - 1)
    expect(await limited()).toBe(
      '61 Too many wrong secrets from this client; try again in 2 minutes.',
    )
    vi.advanceTimersByTime(1)
    expect(await limited()).toBe(
      '60 Too many wrong secrets from this client; try again in 1 minute.',
    )
    vi.advanceTimersByTime(60_000)
    expect((await a.login(SECRET, request('/dashboard/login'), from)).ok).toBe(true)
  })
})

describe('checkSameOrigin', () => {
  // kills: create-auth.ts:189 the server's trustProxy not passed on
  it('uses the server’s trustProxy for X-Forwarded-Host', async () => {
    const req = () =>
      request(
        '/dashboard/logout',
        { origin: 'https://dash.example', 'x-forwarded-host': 'dash.example' },
        { method: 'POST' },
      )
    expect((await auth({ trustProxy: true })).checkSameOrigin(req())).toBeNull()
    expect((await auth({ trustProxy: false })).checkSameOrigin(req())?.code).toBe(
      'CROSS_SITE_REFUSED',
    )
  })
})
