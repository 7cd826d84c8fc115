import { describe, expect, it } from 'vitest'
import { AppError } from '../lib/app-error.js'
import { createFakeClock, systemClock } from '../lib/clock.js'
import { retentionCutoffs } from '../store/retention.js'
import type { Store } from '../store/store.js'
import { publishPolicy, usePublishWorld, views } from '../../test/helpers/publish-fixtures.js'
import { verifyReceiptsExport } from '../consent-records/receipts-export.js'
import { createAdminApi } from './create-admin-api.js'

const world = usePublishWorld()

const admin = () =>
  createAdminApi({
    token: 'secret-token',
    store: world.store,
    policy: publishPolicy({ minGroupSize: 2 }),
    clock: systemClock,
    ledgerDir: world.ledgerDir,
  })
const call = (body: unknown, token = 'secret-token') =>
  admin().fetch(
    new Request('http://x/api/admin/publish', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  )

const SPEC = `name: kit
site: example.org
period: { from: 2026-03-01, to: 2026-04-01 }
mechanism: exact
tables:
  - { name: by-country, metric: pageviews, dimensions: [country], values: { country: [FR, BE] } }
`

describe('admin API: POST /api/admin/publish', () => {
  it('publishes with the server policy and ledger, and re-serves the same spec', async () => {
    await world.store.write({
      events: [...views(3, null, { country: 'FR' }), ...views(4, null, { country: 'BE' })],
      receipts: [],
    })
    const res = await call({ spec: SPEC, source: 'release.yaml' })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      reServed: boolean
      release: { tables: { cells: { key: string[]; value: number | null }[] }[] }
    }
    expect(body.reServed).toBe(false)
    expect(body.release.tables[0]?.cells.map((c) => [c.key[0], c.value])).toEqual([
      ['FR', 3],
      ['BE', 4],
      ['*', 7],
    ])
    expect(((await (await call({ spec: SPEC })).json()) as { reServed: boolean }).reServed).toBe(
      true,
    )
  })

  it('refuses a bad spec with every problem in its details, and a wrong token', async () => {
    const bad = await call({ spec: SPEC.replace('metric: pageviews', 'metric: visitors') })
    expect(bad.status).toBe(400)
    const { error } = (await bad.json()) as { error: { code: string; details: string[] } }
    expect(error.code).toBe('RELEASE_INVALID')
    expect(error.details.join('\n')).toContain('[exact-additive]')
    expect((await call({ nothing: true })).headers.get('x-temoin-error')).toBe('RELEASE_INVALID')
    expect((await call({ spec: SPEC }, 'wrong-token-x')).status).toBe(401)
  })
})

describe('admin API: errors and the token', () => {
  const purge = (authorization: string | undefined, api = admin()) =>
    api.fetch(
      new Request('http://x/api/admin/purge', {
        method: 'POST',
        headers: authorization === undefined ? {} : { authorization },
      }),
    )

  it('takes the token only as Authorization: Bearer <token>', async () => {
    for (const header of [undefined, 'secret-token', 'Basic secret-token', 'Bearer', 'Bearer x']) {
      const res = await purge(header)
      expect(res.status, String(header)).toBe(401)
      expect(res.headers.get('x-temoin-error')).toBe('UNAUTHORIZED')
    }
    expect((await purge('Bearer secret-token')).status).toBe(200)
    expect((await purge('bearer secret-token')).status).toBe(200)
  })

  it('answers an unknown call and a prototype name with a JSON NOT_FOUND', async () => {
    for (const path of ['/api/admin/nothing', '/api/admin/__proto__', '/api/admin/constructor']) {
      const res = await admin().fetch(
        new Request(`http://x${path}`, { headers: { authorization: 'Bearer secret-token' } }),
      )
      expect(res.status, path).toBe(404)
      expect(res.headers.get('x-temoin-error')).toBe('NOT_FOUND')
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
    }
  })

  it('answers a store failure like the collector: 503 with its code, the detail logged only', async () => {
    const lines: string[] = []
    const withStore = (store: Store) =>
      createAdminApi({
        token: 'secret-token',
        store,
        policy: publishPolicy({ minGroupSize: 2 }),
        clock: systemClock,
        ledgerDir: world.ledgerDir,
        log: (line) => lines.push(line),
      })
    // The DuckDB store's own failure (a full disk, a lost file), as its transactions throw it.
    const failing: Store = {
      ...world.store,
      purge: () =>
        Promise.reject(new AppError('STORE_FAILED', '/srv/secret/temoin.duckdb: purge failed')),
    }
    const res = await purge('Bearer secret-token', withStore(failing))
    expect(res.status).toBe(503)
    expect(res.headers.get('x-temoin-error')).toBe('STORE_FAILED')
    const text = await res.text()
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'STORE_FAILED' } })
    expect(text).not.toContain('/srv/secret')
    expect(lines.join('\n')).toContain('POST /api/admin/purge: STORE_FAILED: /srv/secret')

    // A real closed store: 503 SHUTTING_DOWN, coded too.
    await world.store.close()
    const closed = await purge('Bearer secret-token', withStore(world.store))
    expect(closed.status).toBe(503)
    expect(closed.headers.get('x-temoin-error')).toBe('SHUTTING_DOWN')
    expect(lines.join('\n')).not.toContain('INTERNAL')
  })

  it('answers a bug with a coded 500 INTERNAL and no stack', async () => {
    const lines: string[] = []
    const api = createAdminApi({
      token: 'secret-token',
      store: { ...world.store, purge: () => Promise.reject(new TypeError('v is not iterable')) },
      policy: publishPolicy({ minGroupSize: 2 }),
      clock: systemClock,
      ledgerDir: world.ledgerDir,
      log: (line) => lines.push(line),
    })
    const res = await purge('Bearer secret-token', api)
    expect(res.status).toBe(500)
    expect(res.headers.get('x-temoin-error')).toBe('INTERNAL')
    expect(await res.text()).not.toContain('iterable')
    expect(lines.join('\n')).toContain('INTERNAL: TypeError: v is not iterable')
  })
})

describe('admin API: what an operator and an attacker see', () => {
  const api = (token = 'secret-token', clock = createFakeClock('2026-03-20T00:00:00Z')) =>
    createAdminApi({
      token,
      store: world.store,
      policy: publishPolicy({ minGroupSize: 2 }),
      clock,
      ledgerDir: world.ledgerDir,
    })
  const post = (path: string, init: { authorization?: string; body?: string } = {}, a = api()) =>
    a.fetch(
      new Request(`http://x${path}`, {
        method: 'POST',
        headers: init.authorization === undefined ? {} : { authorization: init.authorization },
        ...(init.body === undefined ? {} : { body: init.body }),
      }),
    )
  const errorOf = async (res: Response) =>
    ((await res.json()) as { error: { code: string; message: string; where?: string } }).error

  // kills: create-admin-api.ts:48 ConditionalExpression → false (the token's bytes never compared)
  it('refuses a wrong token of the same length as the right one', async () => {
    const res = await post('/api/admin/purge', { authorization: 'Bearer secret-tokeN' })
    expect(res.status).toBe(401)
    expect(res.headers.get('x-temoin-error')).toBe('UNAUTHORIZED')
    expect(await world.store.countEvents({})).toBe(0)
  })

  // kills: create-admin-api.ts:48 ConditionalExpression → false (match === null never refuses):
  // an empty token, however the server came to hold one, opens nothing.
  it('opens nothing to a request without a token when the server token is empty', async () => {
    for (const authorization of [undefined, '', 'Bearer ']) {
      const res = await post('/api/admin/purge', { authorization }, api(''))
      expect(res.status, String(authorization)).toBe(401)
    }
  })

  // kills: create-admin-api.ts:46 Regex → /Bearer +(\S+)$/i, /^Bearer (\S+)$/i, /^Bearer +(\S+)/i
  it('reads the scheme from the start of the header to its end, spaces between free', async () => {
    const statusOf = async (authorization: string) =>
      (await post('/api/admin/purge', { authorization })).status
    expect(await statusOf('Basic Bearer secret-token')).toBe(401)
    expect(await statusOf('Bearer secret-token other')).toBe(401)
    expect(await statusOf('Bearer   secret-token')).toBe(200)
  })

  // kills: create-admin-api.ts:52 StringLiteral → ""
  it('tells a refused caller how to authenticate', async () => {
    const error = await errorOf(await post('/api/admin/purge'))
    expect(error.code).toBe('UNAUTHORIZED')
    expect(error.message).toContain('Authorization: Bearer')
  })

  // kills: create-admin-api.ts:61 BooleanLiteral → false, ObjectLiteral → {}
  it('purges what retention no longer allows and says what it removed, as of the clock', async () => {
    await world.store.write({ events: views(3, null), receipts: [] })
    const clock = createFakeClock('2027-06-01T00:00:00Z')
    const res = await post(
      '/api/admin/purge',
      { authorization: 'Bearer secret-token' },
      api(undefined, clock),
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      ok: boolean
      removed: { events: number }
      cutoffs: { events: number; receipts: number }
    }
    expect(body.ok).toBe(true)
    expect(body.removed.events).toBe(3)
    expect(body.cutoffs).toEqual(retentionCutoffs(publishPolicy(), clock.now()))
    expect(await world.store.countEvents({})).toBe(0)
  })

  // kills: create-admin-api.ts:67 ObjectLiteral → {}, StringLiteral → ``; :68 StringLiteral → ""
  it('refuses a spec body over 1 MiB with 413, saying where and the limit', async () => {
    const res = await post('/api/admin/publish', {
      authorization: 'Bearer secret-token',
      body: JSON.stringify({ spec: 'x'.repeat(1024 * 1024) }),
    })
    expect(res.status).toBe(413)
    const error = await errorOf(res)
    expect(error).toMatchObject({ code: 'BODY_TOO_LARGE', where: 'body' })
    expect(error.message).toContain(String(1024 * 1024))
  })

  // kills: create-admin-api.ts:76 StringLiteral → ""; :77 ObjectLiteral → {}, StringLiteral → ""
  it('refuses a body without a spec text, saying where and what shape is expected', async () => {
    for (const body of ['not json', '{"spec": 3}', 'null']) {
      const res = await post('/api/admin/publish', { authorization: 'Bearer secret-token', body })
      expect(res.status, body).toBe(400)
      const error = await errorOf(res)
      expect(error).toMatchObject({ code: 'RELEASE_INVALID', where: 'spec' })
      expect(error.message).toContain('"spec"')
    }
  })

  // kills: create-admin-api.ts:80 StringLiteral → "" (the default name), MethodExpression → body.source
  it('names the spec in its refusal: "release spec" by default, a given source cut at 500', async () => {
    const bad = SPEC.replace('metric: pageviews', 'metric: visitors')
    const unnamed = await errorOf(
      await post('/api/admin/publish', {
        authorization: 'Bearer secret-token',
        body: JSON.stringify({ spec: bad }),
      }),
    )
    expect(unnamed.where).toBe('release spec')
    expect(unnamed.message).toMatch(/^release spec: /)
    const long = 's'.repeat(600)
    const named = await errorOf(
      await post('/api/admin/publish', {
        authorization: 'Bearer secret-token',
        body: JSON.stringify({ spec: bad, source: long }),
      }),
    )
    expect(named.where).toBe('s'.repeat(500))
  })

  // kills: create-admin-api.ts:88 BooleanLiteral → false
  it('answers a publication with ok: true', async () => {
    await world.store.write({ events: views(3, null, { country: 'FR' }), receipts: [] })
    const res = await call({ spec: SPEC })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true)
  })

  // kills: create-admin-api.ts:94 ObjectLiteral → {}; :95, :96 StringLiteral → ""
  it('answers a refused publication as JSON, coded and never cached', async () => {
    const res = await call({ spec: SPEC.replace('metric: pageviews', 'metric: visitors') })
    expect(res.status).toBe(400)
    expect(res.headers.get('x-temoin-error')).toBe('RELEASE_INVALID')
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  // kills: create-admin-api.ts:104 StringLiteral → ``, MethodExpression → path
  it('names an unknown call, its path cut at 100 characters', async () => {
    const short = await errorOf(
      await post('/api/admin/nothing', { authorization: 'Bearer secret-token' }),
    )
    expect(short.message).toBe('no admin call POST /api/admin/nothing')
    const path = `/api/admin/${'p'.repeat(300)}`
    const long = await errorOf(await post(path, { authorization: 'Bearer secret-token' }))
    expect(long.message).toBe(`no admin call POST ${path.slice(0, 100)}`)
  })

  // kills: create-admin-api.ts:111 StringLiteral → ""; :112 StringLiteral → ""
  it('tells the caller of a failed store or a bug what happened, without the detail', async () => {
    const failing = (e: Error) =>
      createAdminApi({
        token: 'secret-token',
        store: { ...world.store, purge: () => Promise.reject(e) },
        policy: publishPolicy({ minGroupSize: 2 }),
        clock: systemClock,
        ledgerDir: world.ledgerDir,
      })
    const store = await errorOf(
      await post(
        '/api/admin/purge',
        { authorization: 'Bearer secret-token' },
        failing(new AppError('STORE_FAILED', 'disk full')),
      ),
    )
    expect(store.message).toBe(
      'The store failed; nothing was changed. Try again, and check the server log.',
    )
    const bug = await errorOf(
      await post(
        '/api/admin/purge',
        { authorization: 'Bearer secret-token' },
        failing(new TypeError('x')),
      ),
    )
    expect(bug.message).toBe('The admin call failed unexpectedly; the server log has the detail.')
  })
})

describe('admin API: POST /api/admin/receipts (temoin receipts export while the server runs)', () => {
  const receiptsCall = (body: string) =>
    admin().fetch(
      new Request('http://x/api/admin/receipts', {
        method: 'POST',
        headers: { authorization: 'Bearer secret-token', 'content-type': 'application/json' },
        body,
      }),
    )
  const receipt = (i: number) => ({
    id: i.toString(16).padStart(32, '0'),
    time: Date.parse('2026-03-10T10:00:00Z') + i,
    site: 'example.org',
    policyVersion: '2026-03',
    granted: [],
    refused: ['statistics'],
    deposit: Date.parse('2026-03-10T10:00:00Z'),
    expires: Date.parse('2026-09-10T10:00:00Z'),
    visitor: null,
    gpc: false,
  })

  it('answers the export the server made, with its count and digest', async () => {
    await world.store.write({ events: [], receipts: [receipt(1), receipt(2)] })
    const res = await receiptsCall(
      JSON.stringify({ query: 'site=example.org&from=2026-03-01&to=2026-03-31&format=csv' }),
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { ok: boolean; count: number; text: string; digest: string }
    expect(body).toMatchObject({ ok: true, count: 2 })
    expect(verifyReceiptsExport(body.text, body.digest)).toEqual({
      ok: true,
      count: 2,
      digest: body.digest,
    })
  })

  const SHAPE = 'the body must be JSON { "query": "site=…&from=…&to=…" }'
  it.each([
    ['not JSON', 'not json', 'query', SHAPE],
    ['no query', '{}', 'query', SHAPE],
    ['a query that is not text', '{"query": 3}', 'query', SHAPE],
    ['a site of no policy', '{"query": "site=nowhere.example"}', 'site', 'site'],
  ])('%s is RECEIPTS_QUERY_INVALID on %s', async (_, body, where, says) => {
    const res = await receiptsCall(body)
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as {
      error: { code: string; where: string; message: string }
    }
    expect(error).toMatchObject({ code: 'RECEIPTS_QUERY_INVALID', where })
    expect(error.message).toContain(says)
  })
})
