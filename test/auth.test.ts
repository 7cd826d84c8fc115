import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { run } from '../src/cli/run.js'
import { startServer, type RunningServer } from '../src/cli/start-server.js'
import { DASHBOARD_CSP } from '../src/dashboard/security-headers.js'
import { systemClock } from '../src/lib/clock.js'
import { captureIo } from './helpers/capture-io.js'
import { loadTestConfig } from './helpers/collector-harness.js'

/**
 * Issue 5's authentication, through the real server on a real port: the admin secret (made,
 * hashed, or taken from the environment), the login and its rate limit, the session cookie, the
 * cross-site refusal, API tokens made by the CLI while the server runs, and public sites.
 */
const SITE = 'demo.temoin.example'
const OTHER = 'localhost'

interface Started {
  server: RunningServer
  dataDir: string
  secret: string
}

const started: Started[] = []

async function start(
  options: { server?: Record<string, unknown>; adminSecret?: string; dataDir?: string } = {},
): Promise<Started> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'temoin-auth-')))
  const config = await loadTestConfig({
    server: { host: '127.0.0.1', port: 0, trustProxy: true, ...options.server },
  })
  const server = await startServer({
    config,
    dataDir,
    clock: systemClock,
    log: () => undefined,
    ...(options.adminSecret === undefined ? {} : { adminSecret: options.adminSecret }),
  })
  const secret =
    server.adminSecret.source === 'created'
      ? server.adminSecret.secret
      : (options.adminSecret ?? '')
  const s = { server, dataDir, secret }
  started.push(s)
  return s
}

async function stop(s: Started, removeData = true) {
  started.splice(started.indexOf(s), 1)
  await s.server.close()
  if (removeData) await rm(s.dataDir, { recursive: true, force: true })
}

afterEach(async () => {
  for (const s of [...started]) await stop(s)
})

/** A login POST as Chromium sends it from the dashboard's own page. */
function login(
  url: string,
  secret: string,
  headers: Record<string, string> = {},
  search = '',
): Promise<Response> {
  return fetch(`${url}/dashboard/login${search}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      origin: url,
      ...headers,
    },
    body: new URLSearchParams({ secret }).toString(),
  })
}

/** The `name=value` part of a Set-Cookie. */
const cookiePair = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''

const summary = (url: string, site = SITE) => `${url}/api/stats/summary?site=${site}`

describe('admin secret', () => {
  it('is made at the first start, printed once, stored only as a scrypt hash (0600), and kept across restarts', async () => {
    const first = await start()
    expect(first.server.adminSecret.source).toBe('created')
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{24}$/)
    const file = join(first.dataDir, 'admin-secret.json')
    const stored = await readFile(file, 'utf8')
    expect(stored).not.toContain(first.secret)
    expect(JSON.parse(stored)).toMatchObject({ algorithm: 'scrypt', N: 32768, r: 8, p: 1 })
    expect((await stat(file)).mode & 0o777).toBe(0o600)

    await stop(first, false)
    const second = await start({ dataDir: first.dataDir })
    expect(second.server.adminSecret.source).toBe('file')
    expect(await readFile(file, 'utf8')).toBe(stored)
    expect((await login(second.server.url, first.secret)).status).toBe(303)
  })

  it('server.json (the admin API token) is 0600 even over a stale copy left open to all by a killed server', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'temoin-auth-'))
    const file = join(dataDir, 'server.json')
    await writeFile(file, '{}', { mode: 0o644 })
    await chmod(file, 0o644)
    await start({ dataDir })
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(file, 'utf8'))).toHaveProperty('adminToken')
  })

  it('TEMOIN_ADMIN_SECRET takes precedence over the file and writes nothing; a short one stops the start', async () => {
    const first = await start()
    await stop(first, false)
    const own = 'a long secret of my own choosing'
    const second = await start({ dataDir: first.dataDir, adminSecret: own })
    expect(second.server.adminSecret.source).toBe('env')
    expect((await login(second.server.url, first.secret)).status).toBe(401)
    expect((await login(second.server.url, own)).status).toBe(303)
    await stop(second)

    const dataDir = await mkdtemp(join(tmpdir(), 'temoin-auth-'))
    await expect(start({ dataDir, adminSecret: 'short' })).rejects.toMatchObject({
      code: 'ADMIN_SECRET_WEAK',
    })
    await expect(stat(join(dataDir, 'admin-secret.json'))).rejects.toThrow(/ENOENT/)
    await rm(dataDir, { recursive: true, force: true })
  })

  it('serve prints the secret on the first start only, with the dashboard URL and how to replace it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-auth-cli-'))
    const config = join(dir, 'temoin.yaml')
    await writeFile(config, await readFile(new URL('../examples/temoin.yaml', import.meta.url)))
    const runOnce = async () => {
      const stopper = new AbortController()
      const io = captureIo(dir, stopper.signal)
      const exit = run(
        ['serve', '--config', config, '--data', join(dir, 'data'), '--port', '0'],
        io,
      )
      for (let i = 0; i < 200 && !io.out().includes('Dashboard:'); i++) {
        await new Promise((r) => setTimeout(r, 50))
      }
      stopper.abort()
      expect(await exit, io.err()).toBe(0)
      return io.out()
    }
    const out1 = await runOnce()
    const secret = /^ {4}(\S{24})$/m.exec(out1)?.[1]
    expect(secret, out1).toBeDefined()
    expect(out1).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+\/dashboard/)
    expect(out1).toContain('TEMOIN_ADMIN_SECRET')
    const out2 = await runOnce()
    expect(out2).toContain('Dashboard:')
    expect(out2).not.toContain(secret!)
    await rm(dir, { recursive: true, force: true })
  })
})

describe('login', () => {
  it('a right secret gives a session cookie: HttpOnly, SameSite=Strict, Path=/, bounded, Secure only over HTTPS', async () => {
    const { server, secret } = await start()
    const res = await login(server.url, secret)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/dashboard')
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^temoin_session=[A-Za-z0-9_-]{43};/)
    const attributes = cookie.split(/;\s*/).slice(1)
    expect(attributes).toEqual(
      expect.arrayContaining(['Max-Age=43200', 'Path=/', 'HttpOnly', 'SameSite=Strict']),
    )
    expect(attributes).not.toContain('Secure')

    // Behind a TLS proxy (trustProxy): Secure, and the __Host- prefix pins it to this host.
    const https = await login(server.url, secret, { 'x-forwarded-proto': 'https' })
    const secure = https.headers.get('set-cookie') ?? ''
    expect(secure).toMatch(/^__Host-temoin_session=/)
    expect(secure.split(/;\s*/)).toContain('Secure')
  })

  it('a login ends the session the browser held before (a new id each time, the old one no longer works)', async () => {
    const { server, secret } = await start()
    const first = cookiePair(await login(server.url, secret))
    const second = cookiePair(await login(server.url, secret, { cookie: first }))
    expect(second).toMatch(/^temoin_session=/)
    expect(second).not.toBe(first)
    expect((await fetch(summary(server.url), { headers: { cookie: first } })).status).toBe(401)
    expect((await fetch(summary(server.url), { headers: { cookie: second } })).status).toBe(200)
  })

  it('secureCookie: true marks the cookie Secure even over plain HTTP and sends HSTS; sessionHours bounds it', async () => {
    const { server, secret } = await start({
      server: { dashboard: { secureCookie: true, sessionHours: 2 } },
    })
    const res = await login(server.url, secret)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie.split(/;\s*/)).toEqual(expect.arrayContaining(['Secure', 'Max-Age=7200']))
    // The server is HTTPS-only, says the operator: the dashboard and the stats API send HSTS.
    const session = cookiePair(res)
    const answers = {
      login: res,
      'login page': await fetch(`${server.url}/dashboard/login`),
      dashboard: await fetch(`${server.url}/dashboard?site=${SITE}`, {
        headers: { cookie: session },
      }),
      asset: await fetch(`${server.url}/dashboard/assets/dashboard.js`),
      'stats API': await fetch(summary(server.url), { headers: { cookie: session } }),
      'refused stats API': await fetch(summary(server.url)),
    }
    expect(answers.dashboard.status).toBe(200)
    expect(answers['stats API'].status).toBe(200)
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers.get('strict-transport-security'), name).toBe('max-age=31536000')
    }
    // The visitors' side is the sites' business: the collector sends none.
    const health = await fetch(`${server.url}/healthz`)
    expect(health.headers.get('strict-transport-security')).toBeNull()
  })

  it('five wrong secrets from one client are refused, then it is rate-limited (429, Retry-After) even with the right one; other clients are not', async () => {
    const { server, secret } = await start()
    const from = { 'x-forwarded-for': '203.0.113.7' }
    for (let i = 0; i < 5; i++) {
      const res = await login(server.url, `wrong guess number ${i}`, from)
      expect(res.status).toBe(401)
      expect(res.headers.get('x-temoin-error')).toBe('LOGIN_FAILED')
      expect(res.headers.get('set-cookie')).toBeNull()
      expect(await res.text()).toContain('This is not the admin secret.')
    }
    const limited = await login(server.url, secret, from)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('x-temoin-error')).toBe('LOGIN_RATE_LIMITED')
    const retry = Number(limited.headers.get('retry-after'))
    expect(retry).toBeGreaterThan(14 * 60)
    expect(retry).toBeLessThanOrEqual(15 * 60)
    expect(limited.headers.get('set-cookie')).toBeNull()

    const other = await login(server.url, secret, { 'x-forwarded-for': '198.51.100.9' })
    expect(other.status).toBe(303)
  })

  it('wrong secrets sent all at once from one client are limited too: at most five are checked', async () => {
    const { server, secret } = await start()
    const from = { 'x-forwarded-for': '203.0.113.9' }
    // Sent together, every attempt reaches the server before the first check ends.
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login(server.url, `wrong guess ${i}`, from)),
    )
    const codes = answers.map((r) => r.headers.get('x-temoin-error'))
    expect(codes.filter((c) => c === 'LOGIN_FAILED').length, codes.join()).toBeLessThanOrEqual(5)
    expect(codes.filter((c) => c === 'LOGIN_RATE_LIMITED').length, codes.join()).toBeGreaterThan(0)
    expect((await login(server.url, secret, from)).status).toBe(429)
  })

  it('many clients logging in at once: a few checks run, a few wait, the rest are refused at once (503 LOGIN_BUSY, not counted)', async () => {
    const { server, secret } = await start()
    // Forty addresses, one guess each: the per-client limit lets every one through.
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        login(server.url, `wrong guess ${i}`, { 'x-forwarded-for': `198.51.100.${i + 1}` }),
      ),
    )
    const codes = answers.map((r) => r.headers.get('x-temoin-error'))
    const busy = answers.filter((r) => r.headers.get('x-temoin-error') === 'LOGIN_BUSY')
    expect(busy.length, codes.join()).toBeGreaterThan(0)
    expect(
      codes.filter((c) => c !== 'LOGIN_BUSY' && c !== 'LOGIN_FAILED'),
      codes.join(),
    ).toEqual([])
    for (const r of busy) {
      expect(r.status).toBe(503)
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(await r.text()).toContain('was not checked')
    }
    // A refusal for being busy does not count against its client: five guesses are still left.
    const refused = answers.findIndex((r) => r.headers.get('x-temoin-error') === 'LOGIN_BUSY')
    const from = { 'x-forwarded-for': `198.51.100.${refused + 1}` }
    for (let i = 0; i < 4; i++) expect((await login(server.url, 'nope', from)).status).toBe(401)
    expect((await login(server.url, secret, from)).status).toBe(303)
  })

  it('a right secret clears the failures of its client', async () => {
    const { server, secret } = await start()
    const from = { 'x-forwarded-for': '203.0.113.8' }
    for (let i = 0; i < 4; i++) expect((await login(server.url, 'nope', from)).status).toBe(401)
    expect((await login(server.url, secret, from)).status).toBe(303)
    for (let i = 0; i < 4; i++) expect((await login(server.url, 'nope', from)).status).toBe(401)
    expect((await login(server.url, secret, from)).status).toBe(303)
  })

  it('the login page and every dashboard answer carry the strict CSP and its companions', async () => {
    const { server, secret } = await start()
    const res = await fetch(`${server.url}/dashboard/login`)
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(await res.text()).toContain('<form method="post" action="/dashboard/login">')

    // Every kind of answer, not only the login page: the page itself, a refusal, a file, a 404.
    const cookie = cookiePair(await login(server.url, secret))
    const answers = {
      login: res,
      dashboard: await fetch(`${server.url}/dashboard?site=${SITE}`, { headers: { cookie } }),
      'filtered dashboard': await fetch(`${server.url}/dashboard?site=${SITE}&filter.page=%2F`, {
        headers: { cookie },
      }),
      'refused login': await login(server.url, 'not the secret'),
      asset: await fetch(`${server.url}/dashboard/assets/dashboard.js`),
      'not found': await fetch(`${server.url}/dashboard/nowhere`),
      logout: await fetch(`${server.url}/dashboard/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'sec-fetch-site': 'same-origin' },
      }),
    }
    expect(answers.dashboard.status).toBe(200)
    for (const [name, answer] of Object.entries(answers)) {
      expect(answer.headers.get('content-security-policy'), name).toBe(DASHBOARD_CSP)
      expect(answer.headers.get('x-content-type-options'), name).toBe('nosniff')
      expect(answer.headers.get('referrer-policy'), name).toBe('no-referrer')
      expect(answer.headers.get('x-frame-options'), name).toBe('DENY')
      // Without secureCookie the server may be reached over plain HTTP: no HSTS pins it.
      expect(answer.headers.get('strict-transport-security'), name).toBeNull()
    }
  })
})

describe('cross-site requests', () => {
  it.each([
    ['a foreign Origin', { origin: 'https://evil.example', 'sec-fetch-site': '' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: '' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', origin: '' }],
    ['neither Origin nor Sec-Fetch-Site', { origin: '', 'sec-fetch-site': '' }],
  ])(
    'a login with %s is refused (403 CROSS_SITE_REFUSED), even with the right secret',
    async (_, h) => {
      const { server, secret } = await start()
      const headers = Object.fromEntries(Object.entries(h).filter(([, v]) => v !== ''))
      const res = await fetch(`${server.url}/dashboard/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ secret }).toString(),
      })
      expect(res.status).toBe(403)
      expect(res.headers.get('x-temoin-error')).toBe('CROSS_SITE_REFUSED')
      expect(res.headers.get('set-cookie')).toBeNull()
    },
  )

  it('a same-origin Origin alone is enough (a browser without Sec-Fetch-Site)', async () => {
    const { server, secret } = await start()
    const res = await fetch(`${server.url}/dashboard/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.url },
      body: new URLSearchParams({ secret }).toString(),
    })
    expect(res.status).toBe(303)
  })

  it('a cross-site logout is refused and the session lives on; a same-origin one ends it', async () => {
    const { server, secret } = await start()
    const cookie = cookiePair(await login(server.url, secret))
    const logout = (headers: Record<string, string>) =>
      fetch(`${server.url}/dashboard/logout`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, ...headers },
      })
    const api = () => fetch(summary(server.url), { headers: { cookie } })
    expect((await logout({ 'sec-fetch-site': 'cross-site' })).status).toBe(403)
    expect((await api()).status).toBe(200)
    const out = await logout({ 'sec-fetch-site': 'same-origin' })
    expect(out.status).toBe(303)
    expect(out.headers.get('set-cookie')).toMatch(/^temoin_session=;.*Max-Age=0/)
    expect((await api()).status).toBe(401)
  })
})

describe('the stats API needs a session or a token', () => {
  it('without either: 401 AUTH_REQUIRED with WWW-Authenticate; with a session: through', async () => {
    const { server, secret } = await start()
    for (const path of ['summary', 'series', 'pages', 'realtime', 'sites']) {
      const res = await fetch(`${server.url}/api/stats/${path}?site=${SITE}`)
      expect(res.status, path).toBe(401)
      expect(res.headers.get('x-temoin-error')).toBe('AUTH_REQUIRED')
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="temoin"')
      expect(await res.json()).toMatchObject({ error: { code: 'AUTH_REQUIRED' } })
    }
    const forged = await fetch(summary(server.url), {
      headers: { cookie: `temoin_session=${'A'.repeat(43)}` },
    })
    expect(forged.status).toBe(401)
    const cookie = cookiePair(await login(server.url, secret))
    expect((await fetch(summary(server.url), { headers: { cookie } })).status).toBe(200)
  })

  it('a token made by `temoin token create` while the server runs works at once; an unknown or revoked one does not', async () => {
    const { server, dataDir } = await start()
    const io = captureIo(process.cwd())
    expect(await run(['token', 'create', '--name', 'ci', '--data', dataDir], io), io.err()).toBe(0)
    const token = /^ {4}(temoin_\S+)$/m.exec(io.out())?.[1]
    expect(token, io.out()).toBeDefined()
    const tokens = await readFile(join(dataDir, 'tokens.json'), 'utf8')
    expect(tokens).not.toContain(token!)
    expect((await stat(join(dataDir, 'tokens.json'))).mode & 0o777).toBe(0o600)

    const bearer = (t: string) =>
      fetch(summary(server.url), { headers: { authorization: `Bearer ${t}` } })
    expect((await bearer(token!)).status).toBe(200)

    const unknown = await bearer(`temoin_${'x'.repeat(43)}`)
    expect(unknown.status).toBe(401)
    expect(unknown.headers.get('x-temoin-error')).toBe('TOKEN_INVALID')
    expect((await bearer('not-a-token')).status).toBe(401)

    const list = captureIo(process.cwd())
    await run(['token', 'list', '--data', dataDir], list)
    expect(list.out()).toMatch(/^ci\tcreated \d{4}-/m)
    const revoke = captureIo(process.cwd())
    expect(await run(['token', 'revoke', 'ci', '--data', dataDir], revoke), revoke.err()).toBe(0)
    const revoked = await bearer(token!)
    expect(revoked.status).toBe(401)
    expect(revoked.headers.get('x-temoin-error')).toBe('TOKEN_INVALID')

    const again = captureIo(process.cwd())
    expect(await run(['token', 'revoke', 'ci', '--data', dataDir], again)).toBe(1)
    expect(again.err()).toContain('TOKEN_UNKNOWN')
  })

  it('a token name is checked, and two tokens cannot share one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'temoin-auth-'))
    const io = captureIo(process.cwd())
    expect(await run(['token', 'create', '--name', 'bad name!', '--data', dataDir], io)).toBe(2)
    expect(io.err()).toContain('USAGE')
    expect(await run(['token', 'create', '--name', 'ci', '--data', dataDir], captureIo('/'))).toBe(
      0,
    )
    const twice = captureIo(process.cwd())
    expect(await run(['token', 'create', '--name', 'ci', '--data', dataDir], twice)).toBe(2)
    expect(twice.err()).toContain('a token named "ci" exists')
    await rm(dataDir, { recursive: true, force: true })
  })

  it('a public site is readable without login, read-only; the others still need it', async () => {
    const { server } = await start({ server: { dashboard: { publicSites: [SITE] } } })
    expect((await fetch(summary(server.url, SITE))).status).toBe(200)
    expect((await fetch(summary(server.url, OTHER))).status).toBe(401)
    expect((await fetch(`${server.url}/api/stats/summary`)).status).toBe(401)
    // Read-only: anything but a read is refused (the API has no other method).
    const post = await fetch(summary(server.url, SITE), { method: 'POST' })
    expect([401, 405]).toContain(post.status)
    // A wrong credential is reported even where none is needed.
    const bad = await fetch(summary(server.url, SITE), { headers: { authorization: 'Bearer x' } })
    expect(bad.status).toBe(401)
    const page = await fetch(`${server.url}/dashboard`, { redirect: 'manual' })
    expect(page.status).toBe(200)
  })

  it('without public sites, the dashboard sends a visitor to the login', async () => {
    const { server } = await start()
    const page = await fetch(`${server.url}/dashboard`, { redirect: 'manual' })
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/dashboard/login')
  })

  it('a shared view survives the login: the login returns to the URL asked for, a wrong secret included', async () => {
    const { server, secret } = await start()
    const view = `/dashboard?site=${SITE}&from=2026-10-01&to=2026-10-31&interval=week&filter.page=%2Fa%3Fb%26c&filter.country=FR`
    const asked = await fetch(`${server.url}${view}`, { redirect: 'manual' })
    expect(asked.status).toBe(303)
    const loginUrl = new URL(asked.headers.get('location') ?? '', server.url)
    expect(loginUrl.pathname).toBe('/dashboard/login')
    expect(loginUrl.searchParams.get('next')).toBe(view)
    // The form posts back to the same URL, so a wrong secret keeps the view too.
    const form = await (await fetch(loginUrl)).text()
    const action = /<form method="post" action="([^"]*)"/.exec(form)?.[1]?.replaceAll('&amp;', '&')
    expect(action).toBe(`${loginUrl.pathname}${loginUrl.search}`)
    const post = (secretTyped: string) =>
      fetch(new URL(action ?? '', server.url), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
        },
        body: new URLSearchParams({ secret: secretTyped }).toString(),
      })
    const wrong = await post('not the secret at all')
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).toContain(`action="${action?.replaceAll('&', '&amp;')}"`)
    const right = await post(secret)
    expect(right.status).toBe(303)
    expect(right.headers.get('location')).toBe(view)
    // Already logged in, the login page goes straight to the view.
    const again = await fetch(loginUrl, {
      redirect: 'manual',
      headers: { cookie: cookiePair(right) },
    })
    expect(again.headers.get('location')).toBe(view)
  })

  it('the login speaks the language of the browser, or of the view it returns to, and links to the other', async () => {
    const { server } = await start()
    const french = await (
      await fetch(`${server.url}/dashboard/login`, {
        headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' },
      })
    ).text()
    expect(french).toContain('<html lang="fr">')
    expect(french).toContain('<label for="secret">Secret d’administration</label>')
    expect(french).toContain('<button type="submit">Se connecter</button>')
    // The English link returns to the same login, whose view now asks for English.
    const english = /<a href="([^"]*)" lang="en" hreflang="en"/.exec(french)?.[1]
    expect(english?.replaceAll('&amp;', '&')).toBe(
      `/dashboard/login?next=${encodeURIComponent('/dashboard?lang=en')}`,
    )
    const view = `/dashboard?site=${SITE}&lang=fr`
    const asked = await fetch(`${server.url}${view}`, { redirect: 'manual' })
    const login = await (
      await fetch(new URL(asked.headers.get('location') ?? '', server.url))
    ).text()
    expect(login).toContain('<html lang="fr">')
    expect(await (await fetch(`${server.url}/dashboard/login`)).text()).toContain(
      '<label for="secret">Admin secret</label>',
    )
  })

  it('never an open redirect: a next that is not this dashboard sends the login to /dashboard', async () => {
    const { server, secret } = await start()
    const cookie = cookiePair(await login(server.url, secret))
    for (const next of [
      '//evil.example',
      '//evil.example/dashboard',
      'https://evil.example',
      'https://evil.example/dashboard?site=x',
      '/\\evil.example',
      '/\t/evil.example',
      '%2F%2Fevil.example',
      '/%2F%2Fevil.example',
      '/dashboard/..%2F..%2F%2Fevil.example',
      '/dashboard@evil.example',
      'javascript:alert(1)',
      '/api/stats/summary',
    ]) {
      // Sent as the browser would (encoded once), and encoded once more.
      for (const encoded of [
        encodeURIComponent(next),
        encodeURIComponent(encodeURIComponent(next)),
      ]) {
        const url = `${server.url}/dashboard/login?next=${encoded}`
        const page = await (await fetch(url)).text()
        expect(page, next).toContain('<form method="post" action="/dashboard/login">')
        // Logged in already: the login page's redirect (no secret checked, so the loop is quick).
        const res = await fetch(url, { redirect: 'manual', headers: { cookie } })
        expect(res.status, next).toBe(303)
        expect(res.headers.get('location'), next).toBe('/dashboard')
      }
    }
    // And the login itself.
    const res = await login(server.url, secret, {}, `?next=${encodeURIComponent('//evil.example')}`)
    expect(res.headers.get('location')).toBe('/dashboard')
  })
})

describe('the read limit of /api/stats and /dashboard', () => {
  it('a client spends its budget of queries (a page costs the queries it makes), then gets 429 STATS_RATE_LIMITED, logged in or not; other clients do not', async () => {
    const { server, secret } = await start({
      server: { dashboard: { rateLimitPerMinute: 20, publicSites: [SITE] } },
    })
    const from = { 'x-forwarded-for': '203.0.113.20' }
    const cookie = cookiePair(await login(server.url, secret, from)) // 1
    expect(cookie).toMatch(/^temoin_session=/)
    const headers = { ...from, cookie }
    const page = await fetch(`${server.url}/dashboard?site=${SITE}`, { headers }) // + 16 = 17
    expect(page.status).toBe(200)
    for (let i = 0; i < 3; i++) {
      expect((await fetch(summary(server.url), { headers })).status).toBe(200) // 18, 19, 20
    }
    const limited = await fetch(summary(server.url), { headers })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('x-temoin-error')).toBe('STATS_RATE_LIMITED')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60)
    expect(await limited.json()).toMatchObject({ error: { code: 'STATS_RATE_LIMITED' } })
    // The page is refused too, as a page a person can read, with the strict CSP.
    const refusedPage = await fetch(`${server.url}/dashboard?site=${SITE}`, { headers })
    expect(refusedPage.status).toBe(429)
    expect(refusedPage.headers.get('content-type')).toContain('text/html')
    expect(refusedPage.headers.get('content-security-policy')).toBe(DASHBOARD_CSP)
    expect(await refusedPage.text()).toContain('STATS_RATE_LIMITED')
    // An anonymous reader of the public site from the same address shares that budget.
    expect((await fetch(summary(server.url), { headers: from })).status).toBe(429)

    // Another client has its own budget, logged in or anonymous on the public site.
    const other = { 'x-forwarded-for': '198.51.100.20' }
    expect((await fetch(summary(server.url), { headers: { ...other, cookie } })).status).toBe(200)
    expect((await fetch(summary(server.url), { headers: other })).status).toBe(200)
    // The collector keeps its own budget.
    expect((await fetch(`${server.url}/healthz`, { headers: from })).status).toBe(200)
  })

  it('a page with an event filter costs its 17 queries', async () => {
    const { server } = await start({
      server: { dashboard: { rateLimitPerMinute: 20, publicSites: [SITE] } },
    })
    const from = { 'x-forwarded-for': '203.0.113.21' }
    const page = (search: string) =>
      fetch(`${server.url}/dashboard?site=${SITE}${search}`, { headers: from })
    expect((await page('&filter.event=signup')).status).toBe(200) // 17
    for (let i = 0; i < 3; i++)
      expect((await fetch(summary(server.url), { headers: from })).status).toBe(200)
    expect((await fetch(summary(server.url), { headers: from })).status).toBe(429)
  })

  it('a budget smaller than a page is refused by the policy check', async () => {
    await expect(
      loadTestConfig({ server: { dashboard: { rateLimitPerMinute: 10 } } }),
    ).rejects.toThrow(/rateLimitPerMinute/)
  })
})

describe('policy check of the dashboard settings', () => {
  it('a public site must be one of the sites', async () => {
    await expect(
      loadTestConfig({ server: { dashboard: { publicSites: ['nowhere.example'] } } }),
    ).rejects.toThrow(/public-site-known/)
  })

  it('the line of statistics queries must hold a whole dashboard page (17 queries)', async () => {
    await expect(
      loadTestConfig({ server: { dashboard: { queryConcurrency: 1, queryQueue: 15 } } }),
    ).rejects.toThrow(/queryQueue/)
    await expect(
      loadTestConfig({ server: { dashboard: { queryConcurrency: 0 } } }),
    ).rejects.toThrow(/queryConcurrency/)
    const config = await loadTestConfig({
      server: { dashboard: { queryConcurrency: 1, queryQueue: 16 } },
    })
    expect(config.server.dashboard).toMatchObject({ queryConcurrency: 1, queryQueue: 16 })
  })
})
