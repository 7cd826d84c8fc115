import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { systemClock } from '../lib/clock.js'
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
