import { describe, expect, test } from 'vitest'
import { START, useHarnesses, type Harness } from '../../test/helpers/collector-harness.js'
import { verifyReceiptsExport } from '../consent-records/receipts-export.js'
import { AppError } from '../lib/app-error.js'
import { newVisitorId } from '../protocol/visitor-id.js'
import { createReceiptsApi } from './create-receipts-api.js'
import { reject } from './reject.js'

const withHarness = useHarnesses()
const NOW = Date.parse(START)
const PAGE = 'https://demo.temoin.example/guide/start'
const DAY = START.slice(0, 10)

/** Three decisions through the collector: a refusal, a consent with a visitor id, a partial. */
async function decisions(h: Harness) {
  const visitor = newVisitorId(NOW)
  const post = async (body: Record<string, unknown>) => {
    const res = await h.post('/api/consent', {
      url: PAGE,
      policyVersion: '2026-11',
      deposit: NOW,
      ...body,
    })
    expect(res.status).toBe(201)
    return ((await res.json()) as { id: string }).id
  }
  const refusal = await post({ granted: [], refused: ['statistics', 'personalisation'] })
  h.clock.advance(1000)
  const consent = await post({ granted: ['statistics', 'personalisation'], refused: [], visitor })
  h.clock.advance(1000)
  const partial = await post({ granted: ['personalisation'], refused: ['statistics'] })
  return { visitor, refusal, consent, partial }
}

const api = (
  h: Harness,
  authorize: (req: Request) => Promise<Response | null> = () => Promise.resolve(null),
) => createReceiptsApi({ store: h.store, policy: h.config.policy, clock: h.clock, authorize })
const get = (h: Harness, query: string, authorize?: (req: Request) => Promise<Response | null>) =>
  api(h, authorize).fetch(new Request(`http://collector.test/api/receipts?${query}`))
const idsOf = async (res: Response) =>
  (await res.text())
    .trim()
    .split('\n')
    .slice(1, -1)
    .map((l) => (JSON.parse(l) as { id: string }).id)

describe('GET /api/receipts', () => {
  test('finds by id and by visitor, lists by purpose and decision, oldest first, with a digest that verifies', async () => {
    const h = await withHarness({ statistics: 'exempt' })
    const { visitor, refusal, consent, partial } = await decisions(h)
    const site = `site=demo.temoin.example&from=${DAY}&to=${DAY}`
    const all = await get(h, site)
    expect(all.status).toBe(200)
    expect(all.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8')
    expect(all.headers.get('content-disposition')).toBe(
      `attachment; filename="temoin-receipts-demo.temoin.example-${DAY}-${DAY}.jsonl"`,
    )
    // Visitor ids: no cache, shared or private, keeps them.
    expect(all.headers.get('cache-control')).toBe('no-store')
    const digest = all.headers.get('x-temoin-digest')
    const text = await all.clone().text()
    expect(verifyReceiptsExport(text, digest ?? '')).toMatchObject({ ok: true, count: 3 })
    expect(await idsOf(all)).toEqual([refusal, consent, partial])
    expect(await idsOf(await get(h, `${site}&id=${consent}`))).toEqual([consent])
    expect(await idsOf(await get(h, `${site}&visitor=${visitor}`))).toEqual([consent])
    expect(await idsOf(await get(h, `${site}&purpose=personalisation`))).toEqual([consent, partial])
    expect(await idsOf(await get(h, `${site}&purpose=statistics&decision=refused`))).toEqual([
      refusal,
      partial,
    ])
    // Another period: none.
    expect(
      await idsOf(await get(h, 'site=demo.temoin.example&from=2026-01-01&to=2026-01-31')),
    ).toEqual([])
    const csv = await get(h, `${site}&format=csv`)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('x-temoin-digest')).toBe(digest)
    expect(csv.headers.get('content-disposition')).toBe(
      `attachment; filename="temoin-receipts-demo.temoin.example-${DAY}-${DAY}.csv"`,
    )
  })

  // Receipts hold visitor ids: never public, and the authorization is asked as for a write (no
  // public-site exception).
  test('answers what authorize refuses, and asks it as a non-reading request', async () => {
    const h = await withHarness({ statistics: 'exempt' })
    const seen: string[] = []
    const res = await get(h, 'site=demo.temoin.example', (req) => {
      seen.push(`${req.method} ${new URL(req.url).searchParams.get('site')}`)
      return Promise.resolve(reject(new AppError('AUTH_REQUIRED', 'Log in, or send an API token.')))
    })
    expect(res.status).toBe(401)
    expect(seen).toEqual(['POST demo.temoin.example'])
  })

  test.each([
    ['', 'site'],
    ['site=nowhere.example', 'site'],
    ['site=demo.temoin.example&from=2026-13-01', 'from'],
    ['site=demo.temoin.example&from=2026-03-02&to=2026-03-01', 'from'],
    ['site=demo.temoin.example&id=xyz', 'id'],
    ['site=demo.temoin.example&visitor=1', 'visitor'],
    ['site=demo.temoin.example&purpose=marketing', 'purpose'],
    ['site=demo.temoin.example&decision=refused', 'decision'],
    ['site=demo.temoin.example&purpose=statistics&decision=maybe', 'decision'],
    ['site=demo.temoin.example&format=xml', 'format'],
    // A bad `to` without `from`: refused on `to`, not a 500 computing the default `from` from it.
    ['site=demo.temoin.example&to=garbage', 'to'],
    ['site=demo.temoin.example&to=2026-13-01', 'to'],
    ['site=demo.temoin.example&purpose=constructor', 'purpose'],
    ['site=demo.temoin.example&purpose=__proto__', 'purpose'],
    ['site=demo.temoin.example&limit=3', 'limit'],
    // kills: receipts-query.ts:42 StringLiteral: a key unfit for a message is not repeated
    ['site=demo.temoin.example&%3Cscript%3E=1', '(an unknown parameter)'],
    [`site=demo.temoin.example&${'k'.repeat(33)}=1`, '(an unknown parameter)'],
    // kills: receipts-query.ts:20-21 Regex (`$` dropped): a longer id, a longer visitor id
    [`site=demo.temoin.example&id=${'a'.repeat(33)}`, 'id'],
    [`site=demo.temoin.example&visitor=1767225600.${'b'.repeat(32)}0`, 'visitor'],
    [`site=demo.temoin.example&visitor=x1767225600.${'b'.repeat(32)}`, 'visitor'],
  ])('%s is RECEIPTS_QUERY_INVALID on %s', async (query, where) => {
    const h = await withHarness({ statistics: 'exempt' })
    const res = await get(h, query)
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as { error: { code: string; where: string } }
    expect(error).toMatchObject({ code: 'RECEIPTS_QUERY_INVALID', where })
  })
})
