import { reject } from '../collector/reject.js'
import { AppError } from '../lib/app-error.js'
import { checkSameOrigin } from './check-same-origin.js'
import type { Clock } from '../lib/clock.js'
import type { Config } from '../policy/policy-schema.js'
import type { SecretHash } from './hash-secret.js'
import { verifySecret } from './hash-secret.js'
import { createLoginLimit } from './login-limit.js'
import { clearSessionCookie, formatSessionCookie, readSessionCookie } from './session-cookie.js'
import { createSessionStore } from './session-store.js'
import type { TokenChecker } from './token-checker.js'
import { createVerifyGate } from './verify-gate.js'

/** When a login refused as busy may try again: the queue of checks drains in about a second. */
const BUSY_RETRY_SECONDS = 2

/** Who is making a request. */
export type Caller =
  | { readonly kind: 'session' }
  /** `sites`: the only sites the token may read; absent, every site. */
  | { readonly kind: 'token'; readonly name: string; readonly sites?: readonly string[] }

/** The outcome of a login attempt. */
export type LoginOutcome =
  | { readonly ok: true; readonly setCookie: string }
  | {
      readonly ok: false
      readonly error: AppError
      readonly headers: Readonly<Record<string, string>>
    }

/** Authentication of the dashboard and the stats API. */
export interface Auth {
  /**
   * The stats API's `authorize` hook: null when the caller may read what the request asks
   * (a session, a valid token, or a GET of a public site), else the 401 refusal to send.
   */
  authorize(req: Request): Promise<Response | null>
  /** The session or token a request carries; null when none; AppError TOKEN_INVALID for a bad token. */
  identify(req: Request): Promise<Caller | null>
  /**
   * The domains the caller may read: every site with a session or a token for all sites, its
   * own sites with a scoped token, and the public ones.
   */
  readableSites(req: Request): Promise<readonly string[]>
  /** Checks a login attempt from `address` and, when right, starts a session. */
  login(secret: string, req: Request, address: string | undefined): Promise<LoginOutcome>
  /** Ends the request's session; returns the Set-Cookie that removes the cookie. */
  logout(req: Request): string
  /** The cross-site check of a state-changing request (null when it may go on). */
  checkSameOrigin(req: Request): AppError | null
}

/**
 * The authentication of `/dashboard` and `/api/stats/*`: the admin secret's login (rate-limited
 * per client, compared through scrypt in constant time, with a server-wide cap on the checks
 * running at once), sessions in an HttpOnly SameSite=Strict
 * cookie with a fixed lifetime, API tokens (`Authorization: Bearer …`), the cross-site check, and
 * the sites the configuration makes public read-only.
 *
 * @example
 * const auth = createAuth({ config, secret: admin.hash, tokens: createTokenChecker(file), clock, randomBytes })
 * const refusal = await auth.authorize(req) // null: go on
 */
export function createAuth(deps: {
  readonly config: Config
  readonly secret: SecretHash
  readonly tokens: TokenChecker
  readonly clock: Clock
  readonly randomBytes: (n: number) => Uint8Array
}): Auth {
  const { server, policy } = deps.config
  const settings = server.dashboard
  const lifetimeMs = settings.sessionHours * 3_600_000
  const sessions = createSessionStore({
    clock: deps.clock,
    randomBytes: deps.randomBytes,
    lifetimeMs,
  })
  const limit = createLoginLimit({ randomBytes: deps.randomBytes })
  const gate = createVerifyGate()
  const publicSites = new Set(settings.publicSites)
  const allSites = policy.sites.map((s) => s.domain)

  const isSecure = (req: Request) => {
    if (settings.secureCookie || new URL(req.url).protocol === 'https:') return true
    const proto = req.headers.get('x-forwarded-proto')?.split(',').at(-1)?.trim()
    return server.trustProxy && proto === 'https'
  }

  const identify = async (req: Request): Promise<Caller | null> => {
    const authorization = req.headers.get('authorization')
    if (authorization !== null) {
      // Stryker disable next-line Regex: a Request's header values have no trailing whitespace (Fetch normalises them), so `\s*$` and the mutant `\S*$` both match only the end after the greedy `(\S+)`; the other Regex mutants of this line are killed by create-auth.test.ts ('Bearer, in any case…')
      const token = /^Bearer +(\S+)\s*$/i.exec(authorization)?.[1]
      const record = token === undefined ? null : await deps.tokens.check(token)
      if (record === null) {
        throw new AppError(
          'TOKEN_INVALID',
          token === undefined
            ? 'The Authorization header is not "Bearer <token>".'
            : 'This API token is unknown or was revoked.',
          { where: 'Authorization' },
        )
      }
      return { kind: 'token', name: record.name, ...(record.sites ? { sites: record.sites } : {}) }
    }
    const id = readSessionCookie(req)
    return id !== undefined && sessions.isValid(id) ? { kind: 'session' } : null
  }

  return {
    identify,
    async authorize(req) {
      let caller: Caller | null
      try {
        caller = await identify(req)
      } catch (e) {
        if (e instanceof AppError) return refusal(e)
        throw e
      }
      const url = new URL(req.url)
      const site = url.searchParams.get('site')
      const reading = req.method === 'GET' || req.method === 'HEAD'
      // `/api/stats/sites` asks once per site (`?site=`), so it lists only the public ones.
      const isPublic = reading && site !== null && publicSites.has(site.toLowerCase())
      if (caller?.kind === 'token' && caller.sites !== undefined) {
        // A token for some sites reads those (and the public ones) only, and nothing that is not
        // one site's.
        if (isPublic || (site !== null && caller.sites.includes(site.toLowerCase()))) return null
        return reject(
          new AppError(
            'TOKEN_SCOPE',
            `The API token "${caller.name}" reads ${caller.sites.join(', ')} only${site === null ? '; name the site with ?site=' : `, not ${site}`}.`,
            { where: 'site' },
          ),
        )
      }
      if (caller !== null || isPublic) return null
      return refusal(
        new AppError(
          'AUTH_REQUIRED',
          site !== null && allSites.includes(site.toLowerCase())
            ? `The statistics of ${site} are not public: log in, or send an API token.`
            : 'Log in, or send an API token.',
        ),
      )
    },
    async readableSites(req) {
      try {
        const caller = await identify(req)
        if (caller?.kind === 'token' && caller.sites !== undefined)
          return allSites.filter((d) => caller.sites?.includes(d) || publicSites.has(d))
        if (caller !== null) return allSites
      } catch (e) {
        if (!(e instanceof AppError)) throw e
      }
      return allSites.filter((d) => publicSites.has(d))
    },
    async login(secret, req, address): Promise<LoginOutcome> {
      const wait = await limit.attempt(address)
      if (wait > 0) {
        return {
          ok: false,
          error: new AppError(
            'LOGIN_RATE_LIMITED',
            `Too many wrong secrets from this client; try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''}.`,
          ),
          headers: { 'Retry-After': String(wait) },
        }
      }
      const checked = gate.run(() => verifySecret(secret, deps.secret))
      if (checked === null) {
        await limit.notChecked(address)
        return {
          ok: false,
          error: new AppError(
            'LOGIN_BUSY',
            'The server is checking too many logins at once; this one was not checked.',
          ),
          headers: { 'Retry-After': String(BUSY_RETRY_SECONDS) },
        }
      }
      if (!(await checked)) {
        return {
          ok: false,
          error: new AppError('LOGIN_FAILED', 'This is not the admin secret.', {
            where: 'secret',
          }),
          headers: {},
        }
      }
      await limit.succeeded(address)
      // A login never keeps the session the browser came with: a new id, and the old one ends.
      const before = readSessionCookie(req)
      if (before !== undefined) sessions.remove(before)
      const session = sessions.create()
      // The cookie lives exactly as long as the session it names.
      const maxAgeSeconds = lifetimeMs / 1000
      return {
        ok: true,
        setCookie: formatSessionCookie(session.id, { secure: isSecure(req), maxAgeSeconds }),
      }
    },
    logout(req) {
      const id = readSessionCookie(req)
      if (id !== undefined) sessions.remove(id)
      return clearSessionCookie({ secure: isSecure(req) })
    },
    checkSameOrigin: (req) => checkSameOrigin(req, { trustProxy: server.trustProxy }),
  }
}

/** RFC 9110: a 401 names the scheme that would work. */
function refusal(error: AppError): Response {
  return reject(error, { 'WWW-Authenticate': 'Bearer realm="temoin"' })
}
