import { Hono } from 'hono'
import type { Auth } from '../auth/create-auth.js'
import type { ReadLimit } from '../auth/read-limit.js'
import { createFailureAnswer, fetchAnsweringFailures } from '../collector/answer-failure.js'
import { BUSY_RETRY_SECONDS, statsBusy } from '../collector/create-stats-api.js'
import { reject } from '../collector/reject.js'
import type { BoundedQueue } from '../lib/bounded-queue.js'
import { AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import type { RunVersion } from '../policy/admit-policy.js'
import type { Policy } from '../policy/policy-schema.js'
import { chooseLanguage } from './choose-language.js'
import { readDashboardQuery } from './dashboard-query.js'
import { DASHBOARD_TEXTS, type DashboardTexts } from './dashboard-texts.js'
import { readLoginForm } from './read-login-form.js'
import { countPageQueries, renderDashboard } from './render-dashboard.js'
import { renderConsentRecords } from './render-consent-records.js'
import { renderErrorPage } from './render-error-page.js'
import { renderLoginPage } from './render-login-page.js'
import { renderPolicyVersions } from './render-policy-versions.js'
import { dashboardHeaders } from './security-headers.js'
import { loginPath, toReturnPath } from './to-return-path.js'

/** What the dashboard is given. */
export interface DashboardDeps {
  readonly auth: Auth
  readonly policy: Policy
  readonly clock: Clock
  /** The client's address, for the rate limits only (never stored nor logged). */
  readonly clientAddress: (req: Request, env: unknown) => string | undefined
  /** The per-client budget of statistics queries, shared with `/api/stats/*`. */
  readonly readLimit: ReadLimit
  /** The built files served under /dashboard/assets/: name → content (a Map: the name comes from the URL). */
  readonly assets: ReadonlyMap<string, string>
  /** The operator's log (bugs, clients gone); never an address. */
  readonly log?: (line: string) => void
  /** The stats API (`/api/stats/*`), which the page reads in-process with the caller's credentials. */
  readonly stats: (req: Request) => Promise<Response>
  /** The consent records (`GET /api/receipts`), read in-process with the caller's credentials. */
  readonly receipts: (req: Request) => Promise<Response>
  /** The versions of the policy this data folder's server ran, oldest first (policy-versions.json). */
  readonly policyVersions: readonly RunVersion[]
  /** The stats API's server-wide line of queries: a page that would not fit in it is refused whole. */
  readonly queries: Pick<BoundedQueue, 'hasRoom'>
}

// A Map, like the assets: a name from the URL such as `__proto__` must find nothing.
const ASSET_TYPES: ReadonlyMap<string, string> = new Map([
  ['js', 'text/javascript; charset=utf-8'],
  ['css', 'text/css; charset=utf-8'],
])

/**
 * The dashboard at `/dashboard`: the login form (`GET|POST /dashboard/login`, which returns to
 * the view asked for before it, `?next=`), the logout
 * (`POST /dashboard/logout`), the page itself (`GET /dashboard`) and its files
 * (`/dashboard/assets/*`). Every answer carries the strict CSP and its companions; every request
 * but the page's own files spends the client's read budget (a page, the queries it makes) before
 * anything else; the login and logout refuse cross-site requests.
 *
 * @example
 * const dashboard = createDashboard({ auth, policy, clock, clientAddress, readLimit, assets, stats: statsApi.fetch, queries })
 * await dashboard.fetch(new Request('http://127.0.0.1:8080/dashboard/login'))
 */
export function createDashboard(deps: DashboardDeps): {
  fetch: (req: Request, env?: unknown) => Promise<Response>
} {
  const { auth } = deps
  const app = new Hono()

  app.use('*', async (c, next) => {
    await next()
    for (const [k, v] of Object.entries(dashboardHeaders())) c.res.headers.set(k, v)
    if (!c.req.path.startsWith('/dashboard/assets/')) c.res.headers.set('Cache-Control', 'no-store')
  })

  // The page's own files are served before the read limit: they cost the store nothing, are
  // fetched with every page, and a page whose style sheet is refused (429, JSON) breaks.
  app.get('/dashboard/assets/:name', (c) => {
    const name = c.req.param('name')
    const body = deps.assets.get(name)
    const type = ASSET_TYPES.get(name.split('.').pop() ?? '')
    if (body === undefined || type === undefined) {
      // The name came from the URL: it is not repeated (it may hold anything).
      return reject(new AppError('NOT_FOUND', 'No such dashboard file.'))
    }
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'no-cache' })
  })

  app.use('*', async (c, next) => {
    const url = new URL(c.req.url)
    const page = c.req.method === 'GET' && url.pathname === '/dashboard'
    const cost = page ? countPageQueries(readDashboardQuery(url, [])) : 1
    const limited = await deps.readLimit.take(deps.clientAddress(c.req.raw, c.env), cost)
    // A page's queries run together: one that the line cannot hold now is refused whole, rather
    // than shown with half its panels refused. (Its queries are still checked one by one.)
    const refused =
      limited ??
      (page && !deps.queries.hasRoom(cost)
        ? { error: statsBusy(), retryAfterSeconds: BUSY_RETRY_SECONDS }
        : null)
    if (refused === null) return next()
    const headers = { 'Retry-After': String(refused.retryAfterSeconds) }
    if (!page) return reject(refused.error, headers)
    const body = await renderErrorPage(refused.error, textsOf(c.req.raw))
    return new Response(body.toString(), {
      status: refused.error.status,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'X-Temoin-Error': refused.error.code,
        ...headers,
      },
    })
  })

  // Login and logout change state: they must come from the dashboard's own page.
  app.post('*', async (c, next) => {
    const refused = auth.checkSameOrigin(c.req.raw)
    if (refused) return reject(refused)
    await next()
  })

  // `next`: the view asked for before the login (a shared link), kept through it — only ever
  // the dashboard page of this server (toReturnPath), never an open redirect.
  app.get('/dashboard/login', async (c) => {
    const next = toReturnPath(c.req.query('next'))
    if ((await caller(c.req.raw)) !== null) return c.redirect(next, 303)
    return c.html(renderLoginPage({ next, t: textsOf(c.req.raw, next) }))
  })

  app.post('/dashboard/login', async (c) => {
    const next = toReturnPath(c.req.query('next'))
    const form = await readLoginForm(c.req.raw)
    const t = textsOf(c.req.raw, next)
    if (!form.ok) return loginRefused(form.error, {}, next, t)
    const outcome = await auth.login(form.value, c.req.raw, deps.clientAddress(c.req.raw, c.env))
    if (!outcome.ok) return loginRefused(outcome.error, outcome.headers, next, t)
    return new Response(null, {
      status: 303,
      headers: { Location: next, 'Set-Cookie': outcome.setCookie },
    })
  })

  app.post('/dashboard/logout', (c) => {
    const setCookie = auth.logout(c.req.raw)
    return new Response(null, {
      status: 303,
      headers: { Location: '/dashboard/login', 'Set-Cookie': setCookie },
    })
  })

  app.get('/dashboard', async (c) => {
    const who = await caller(c.req.raw)
    const sites = await auth.readableSites(c.req.raw)
    // Nobody logged in and nothing public: the login is the way in.
    const url = new URL(c.req.url)
    const asked = url.searchParams.get('site')
    if (who === null && (sites.length === 0 || (asked !== null && !sites.includes(asked)))) {
      return c.redirect(loginPath(`${url.pathname}${url.search}`), 303)
    }
    return renderDashboard(c.req.raw, {
      ...deps,
      sites,
      loggedIn: who !== null,
      t: textsOf(c.req.raw),
    })
  })

  // The consent records: never public, so only with a session or a token (a token for some
  // sites lists those).
  app.get('/dashboard/consent-records', async (c) => {
    const who = await caller(c.req.raw)
    const url = new URL(c.req.url)
    if (who === null) return c.redirect(loginPath(`${url.pathname}${url.search}`), 303)
    const all = deps.policy.sites.map((s) => s.domain)
    const sites =
      who.kind === 'token' && who.sites ? all.filter((d) => who.sites?.includes(d)) : all
    return renderConsentRecords(c.req.raw, {
      sites,
      policy: deps.policy,
      t: textsOf(c.req.raw),
      receipts: deps.receipts,
    })
  })

  // The versions the server ran: for whoever may log in (the texts are public on the privacy
  // page; the days a server started on each are the operator's).
  app.get('/dashboard/policy-versions', async (c) => {
    const url = new URL(c.req.url)
    if ((await caller(c.req.raw)) === null)
      return c.redirect(loginPath(`${url.pathname}${url.search}`), 303)
    return renderPolicyVersions({ versions: deps.policyVersions, t: textsOf(c.req.raw) })
  })

  app.get('/dashboard/', (c) => c.redirect('/dashboard', 301))
  app.notFound(() => reject(new AppError('NOT_FOUND', 'No such dashboard page.')))
  const failure = createFailureAnswer({
    log: deps.log ?? (() => undefined),
    messages: {
      store: 'The statistics could not be read; try again.',
      internal: 'The dashboard failed unexpectedly; the server log has the detail.',
    },
  })

  /** The session or token of a request; a bad token counts as nobody here. */
  async function caller(req: Request) {
    try {
      return await auth.identify(req)
    } catch (e) {
      if (e instanceof AppError) return null
      throw e
    }
  }

  async function loginRefused(
    error: AppError,
    headers: Readonly<Record<string, string>>,
    next: string,
    t: DashboardTexts,
  ) {
    const page = await renderLoginPage({ error, next, t })
    return new Response(page.toString(), {
      status: error.status,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'X-Temoin-Error': error.code,
        ...headers,
      },
    })
  }

  return { fetch: fetchAnsweringFailures(app, failure) }
}

/**
 * The texts of a request's page: its `?lang=` (else that of the view it returns to, for the
 * login), else its Accept-Language (chooseLanguage).
 */
function textsOf(req: Request, view?: string): DashboardTexts {
  const url = new URL(req.url)
  const asked =
    url.searchParams.get('lang') ??
    (view === undefined ? null : new URL(view, url).searchParams.get('lang'))
  return DASHBOARD_TEXTS[chooseLanguage(asked, req.headers.get('accept-language'))]
}
