import { describe, expect, test } from 'vitest'
import { useHarnesses, START, type Harness } from '../../test/helpers/collector-harness.js'
import { fixtureId, storedEvent } from '../../test/helpers/fixtures.js'
import { LIMITS } from '../protocol/limits.js'
import { addMonths } from '../protocol/months.js'
import { newVisitorId } from '../protocol/visitor-id.js'

// What a visitor and a bot see of the visitor id's checks and of the event answer: the boundary
// of the clock skew allowed, the `where` of each refusal, every event shown, the bot's answer.
// Real DuckDB store, fake clock.
const NOW = Date.parse(START)
const PAGE = 'https://demo.temoin.example/guide/start'
const URL_BASE = 'http://collector.test'

const withHarness = useHarnesses()
const harness = () => withHarness({ statistics: 'consent' })
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; where?: string } }).error

describe('visitor self-service: ids and pages', () => {
  // kills: handle-visitor.ts:47 ConditionalExpression → true, EqualityOperator → page.length <= PAGE
  test('shows a visitor every event, past the first page of 1000', async () => {
    const h = await harness()
    const visitor = newVisitorId(NOW)
    const events = Array.from({ length: 1001 }, (_, i) =>
      storedEvent({ id: fixtureId(i), time: NOW, path: `/p${i}`, visitor }),
    )
    await h.store.write({ events, receipts: [] })
    const res = await h.fetch(new Request(`${URL_BASE}/api/visitor/${visitor}`))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { events: unknown[] }).events).toHaveLength(1001)
  })

  // kills: handle-visitor.ts:70 EqualityOperator → visitor.deposit < clock.now() + LIMITS.futureSkewMs
  test('serves an id deposited exactly at the clock skew allowed, refuses one a second later', async () => {
    const h = await harness()
    const edge = newVisitorId(NOW + LIMITS.futureSkewMs)
    expect((await h.fetch(new Request(`${URL_BASE}/api/visitor/${edge}`))).status).toBe(200)
    const later = newVisitorId(NOW + LIMITS.futureSkewMs + 1000)
    expect((await h.fetch(new Request(`${URL_BASE}/api/visitor/${later}`))).status).toBe(400)
  })

  // kills: handle-visitor.ts:77 ObjectLiteral → {}, StringLiteral → ""
  test('refuses a malformed id, saying where', async () => {
    const h = await harness()
    for (const method of ['GET', 'DELETE']) {
      const res = await h.fetch(new Request(`${URL_BASE}/api/visitor/not-an-id`, { method }))
      expect(res.status, method).toBe(400)
      expect(await errorOf(res)).toMatchObject({ code: 'VISITOR_INVALID', where: 'id' })
    }
  })
})

describe('the visitor id of an event', () => {
  const send = (h: Harness, visitor: string) =>
    h.post('/api/event', { type: 'pageview', url: PAGE, visitor })

  // kills: check-visitor.ts:32 EqualityOperator → id.deposit >= now + LIMITS.futureSkewMs
  test('takes an id deposited exactly at the clock skew allowed', async () => {
    const h = await harness()
    expect((await send(h, newVisitorId(NOW + LIMITS.futureSkewMs))).status).toBe(202)
    expect(await h.store.countEvents({})).toBe(1)
  })

  // kills: check-visitor.ts:28, :34, :43 ObjectLiteral → {}
  test('says where a malformed, future or expired id was found, and stores nothing', async () => {
    const h = await harness()
    const cases = [
      ['malformed', 'VISITOR_INVALID', 400],
      [newVisitorId(NOW + LIMITS.futureSkewMs + 1000), 'VISITOR_INVALID', 400],
      [newVisitorId(addMonths(NOW, -13) - 1000), 'VISITOR_EXPIRED', 403],
    ] as const
    for (const [visitor, code, status] of cases) {
      const res = await send(h, visitor)
      expect(res.status, visitor).toBe(status)
      expect(await errorOf(res)).toMatchObject({ code, where: 'visitor' })
    }
    expect(await h.store.countEvents({})).toBe(0)
  })
})

describe('an event from a bot', () => {
  // kills: handle-event.ts:39 BooleanLiteral → false, ObjectLiteral → {}, StringLiteral → ""
  test('is answered 202 { ok: true, ignored: "bot" } and not stored', async () => {
    const h = await harness()
    const res = await h.post(
      '/api/event',
      { type: 'pageview', url: PAGE },
      { 'user-agent': 'curl/8.5.0' },
    )
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ ok: true, ignored: 'bot' })
    expect(res.headers.get('x-temoin-ignored')).toBe('bot')
    expect(await h.store.countEvents({})).toBe(0)
  })
})

describe('an event from a browser sending Global Privacy Control', () => {
  // Sec-GPC: 1 is an objection (banner.gpc, on by default): nothing of it is stored, not even
  // anonymously, and not the visitor id a page's own script might still send.
  test('is answered 202 { ok: true, ignored: "gpc" } and not stored, with or without a visitor id', async () => {
    const h = await harness()
    const visitor = newVisitorId(NOW - 1000)
    for (const body of [
      { type: 'pageview', url: PAGE },
      { type: 'pageview', url: PAGE, visitor },
    ]) {
      for (const gpc of ['1', ' 1 ']) {
        const res = await h.post('/api/event', body, { 'sec-gpc': gpc })
        expect(res.status).toBe(202)
        expect(await res.json()).toEqual({ ok: true, ignored: 'gpc' })
        expect(res.headers.get('x-temoin-ignored')).toBe('gpc')
      }
    }
    expect(await h.store.countEvents({})).toBe(0)
    // Any other value is no signal (the header's only defined value is 1).
    const res = await h.post('/api/event', { type: 'pageview', url: PAGE }, { 'sec-gpc': '0' })
    expect(await res.json()).toEqual({ ok: true })
    expect(await h.store.countEvents({})).toBe(1)
  })

  // A decision sent with Sec-GPC: 1 is a proof like any other (rule 4), but links to no one: the
  // receipt keeps what was decided, marked gpc, and drops a visitor id the page still sent.
  test('a consent sent with it is receipted marked gpc and without the visitor id', async () => {
    const h = await harness()
    const visitor = newVisitorId(NOW)
    const res = await h.post(
      '/api/consent',
      {
        url: PAGE,
        policyVersion: '2026-11',
        granted: ['statistics'],
        refused: ['personalisation'],
        deposit: NOW,
        visitor,
      },
      { 'sec-gpc': '1' },
    )
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ granted: ['statistics'], visitor: null, gpc: true })
    expect((await h.store.listReceipts({})).map((r) => [r.visitor, r.gpc])).toEqual([[null, true]])
    expect(await h.store.listReceipts({ visitor })).toEqual([])
  })

  test('is counted where the policy does not honour GPC (banner.gpc: false)', async () => {
    const h = await withHarness({ statistics: 'consent', policy: { banner: { gpc: false } } })
    const res = await h.post('/api/event', { type: 'pageview', url: PAGE }, { 'sec-gpc': '1' })
    expect(await res.json()).toEqual({ ok: true })
    expect(await h.store.countEvents({})).toBe(1)
  })
})
