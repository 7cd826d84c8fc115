import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../lib/app-error.js'
import { systemClock } from '../lib/clock.js'
import type { Store } from '../store/store.js'
import { publishPolicy, publishWorld, views } from '../../test/helpers/publish-fixtures.js'
import { createAdminApi } from './create-admin-api.js'

let world: Awaited<ReturnType<typeof publishWorld>>
beforeEach(async () => {
  world = await publishWorld()
})
afterEach(async () => {
  await world.cleanup()
})

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
