import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findUnsafeText } from '../src/collector/find-unsafe-text.js'
import { ERROR_CATALOGUE } from '../src/lib/app-error.js'
import { statsRollups } from '../src/stats/stats-rollups.js'
import type { SetAside } from '../src/store/duckdb/set-aside-events.js'
import { createHarness, START, type Harness } from './helpers/collector-harness.js'
import {
  BAD_ESCAPES,
  budget,
  trackRuns,
  json,
  key,
  percentBytes,
  plain,
  PROTO,
  text,
  timeout,
} from './helpers/hostile-arbitraries.js'

/**
 * DESIGN.md rules 9 and 10 under fuzzing: arbitrary strings (lone surrogates, controls,
 * noncharacters, every plane), numbers, nesting and prototype names, sent through every parser
 * at the edge of the collector and through a real DuckDB store with the dashboard's rollups.
 * Invariants: every answer is a 2xx, or a 4xx whose code is in the catalogue; whatever was
 * accepted is stored as sent and can be read, folded, purged and erased, and nothing is ever set
 * aside (the edge refused everything the store could not read back).
 *
 * `npm test` runs a bounded number of cases (a new seed each run: fast-check prints the seed and
 * the smallest failing case); `npm run fuzz` runs each property for FUZZ_SECONDS (120 by default).
 */
const NOW = Date.parse(START)
const PAGE = 'https://demo.temoin.example'
const visitorAt = (ms: number, hex: string) => `${Math.floor(ms / 1000)}.${hex}`

/** A field: mostly a plausible value, sometimes anything at all, sometimes absent. */
const field = <T>(plausible: fc.Arbitrary<T>) =>
  fc.option(fc.oneof({ weight: 6, arbitrary: plausible }, { weight: 1, arbitrary: json }), {
    nil: undefined,
    freq: 8,
  })
const hex = fc.stringMatching(/^[0-9a-f]{32}$/)
const visitor = fc.oneof(
  hex.map((h) => visitorAt(NOW - 86_400_000, h)),
  fc
    .tuple(fc.integer({ min: -2, max: 20 }), hex)
    .map(([m, h]) => visitorAt(NOW - m * 30 * 86_400_000, h)),
)
const url = fc.oneof(
  { weight: 3, arbitrary: plain.map((path) => `${PAGE}/${path}`) },
  text.map((path) => `${PAGE}/${path}`),
  fc.tuple(text, text).map(([k, v]) => `${PAGE}/p?utm_source=${k}&${v}`),
  fc.webUrl(),
)
const props = fc.oneof(
  fc.dictionary(
    fc.oneof({ weight: 12, arbitrary: plain }, { weight: 1, arbitrary: key }),
    fc.oneof(
      { weight: 6, arbitrary: plain },
      { weight: 1, arbitrary: text },
      { weight: 2, arbitrary: fc.double() },
      { weight: 2, arbitrary: fc.integer() },
      { weight: 1, arbitrary: fc.boolean() },
    ),
    { maxKeys: 5 },
  ),
  fc.dictionary(key, json, { maxKeys: 18 }),
)

/** Drops the keys whose value is undefined, as JSON.stringify would. */
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))

const eventBody = fc
  .record({
    type: field(fc.constantFrom('pageview', 'event', 'event')),
    url: field(url),
    referrer: field(fc.oneof(fc.constant(''), url)),
    name: field(fc.oneof(plain, text)),
    props: field(props),
    visitor: field(visitor),
    time: field(fc.integer({ min: NOW - 2 * 86_400_000, max: NOW + 600_000 })),
    // An unknown field, now and then (fast-check's option would add one to most bodies).
    extra: fc.oneof(
      { weight: 8, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.tuple(key, json) },
    ),
  })
  .map(({ extra, ...b }) => {
    const body = defined(b)
    if (extra) Object.defineProperty(body, extra[0], { value: extra[1], enumerable: true })
    return body
  })
/** An event of the right shape whose text is anything a page, or an attacker, may put there. */
const shapedEvent = fc
  .record({
    url: fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: text }),
    name: fc.oneof(
      { weight: 4, arbitrary: plain.filter((n) => n.length > 0) },
      { weight: 1, arbitrary: text },
    ),
    props,
    visitor: fc.option(
      hex.map((h) => visitorAt(NOW - 86_400_000, h)),
      { nil: undefined },
    ),
  })
  .map(({ url: path, ...b }) => defined({ type: 'event', url: `${PAGE}/${path}`, ...b }))
const consentBody = fc
  .record({
    url: field(url),
    policyVersion: field(fc.constantFrom('2026-11', '2026-10', '')),
    granted: field(fc.subarray(['statistics', 'personalisation', 'advertising'])),
    refused: field(fc.subarray(['statistics', 'personalisation'])),
    deposit: field(fc.integer({ min: NOW - 400 * 86_400_000, max: NOW })),
    visitor: field(visitor),
    gpc: field(fc.boolean()),
  })
  .map(defined)

/** A path segment: a visitor id, text, a prototype name, or percent-encoded bytes (UTF-8 or not). */
const segment = fc.oneof(
  fc
    .oneof(visitor, text, fc.constantFrom(...PROTO))
    .map((t) => encodeURIComponent(t.replace(/\p{Cs}/gu, '\ufffd'))),
  percentBytes,
  fc.constantFrom(...BAD_ESCAPES),
)

/** One request: a JSON payload, raw text, or a visitor path, as a hostile client sends them. */
const request: fc.Arbitrary<{ path: string; body?: string; method?: string }> = fc.oneof(
  {
    weight: 5,
    arbitrary: shapedEvent.map((b) => ({ path: '/api/event', body: JSON.stringify(b) })),
  },
  { weight: 4, arbitrary: eventBody.map((b) => ({ path: '/api/event', body: JSON.stringify(b) })) },
  {
    weight: 2,
    arbitrary: consentBody.map((b) => ({ path: '/api/consent', body: JSON.stringify(b) })),
  },
  {
    weight: 1,
    // Raw text: JSON with escapes JavaScript strings cannot show, or not JSON at all.
    arbitrary: fc
      .tuple(fc.constantFrom('/api/event', '/api/consent'), fc.oneof(text, fc.json()))
      .map(([path, t]) => ({ path, body: t.replace(/"/, '"\\ud800') })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(segment, fc.constantFrom('GET', 'DELETE')).map(([id, method]) => ({
      path: `/api/visitor/${id}`,
      method,
    })),
  },
)

let h: Harness
const setAside: SetAside[] = []
beforeAll(async () => {
  h = await createHarness({
    server: { rateLimitPerMinute: 1_000_000 },
    store: { rollups: statsRollups, onSetAside: (s) => setAside.push(s) },
  })
})
afterAll(async () => {
  await h.close()
})

/** Canonical JSON (sorted keys), to compare what was sent with what was stored. */
function canonical(value: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))),
  )
}

describe('fuzzing the edge and the store', () => {
  it(
    'the text rule refuses exactly the strings holding a lone surrogate, a control or a noncharacter',
    () => {
      // An oracle written from the definitions, code point by code point.
      const unsafe = (s: string): boolean => {
        for (let i = 0; i < s.length; i++) {
          const u = s.charCodeAt(i)
          if (u >= 0xd800 && u <= 0xdbff) {
            const next = s.charCodeAt(i + 1)
            if (!(next >= 0xdc00 && next <= 0xdfff)) return true
            const cp = 0x10000 + ((u - 0xd800) << 10) + (next - 0xdc00)
            if ((cp & 0xfffe) === 0xfffe) return true
            i++
          } else if (u >= 0xdc00 && u <= 0xdfff) return true
          else if (u <= 0x1f || (u >= 0x7f && u <= 0x9f)) return true
          else if ((u >= 0xfdd0 && u <= 0xfdef) || u === 0xfffe || u === 0xffff) return true
        }
        return false
      }
      fc.assert(
        fc.property(text, (s) => {
          expect(findUnsafeText({ [s]: 1 }) !== null).toBe(unsafe(s))
          expect(findUnsafeText([{ a: s }]) !== null).toBe(unsafe(s))
        }),
        budget(5000),
      )
    },
    timeout(30_000),
  )

  it(
    'every answer is a 2xx or a catalogued 4xx; what was accepted is stored as sent, folded, purged and erased',
    async () => {
      const catalogue = new Set(Object.keys(ERROR_CATALOGUE))
      const accepted: string[] = []
      const visitors = new Set<string>()
      let cases = 0
      let stored = 0
      const statuses = new Map<number, number>()
      const runs = trackRuns()
      await fc.assert(
        fc.asyncProperty(
          fc.array(request, { minLength: 1, maxLength: 4 }),
          runs.track(async (requests) => {
            for (const r of requests) {
              const res = await h.fetch(
                new Request(`http://collector.test${r.path}`, {
                  method: r.method ?? 'POST',
                  headers: {
                    'content-type': 'text/plain;charset=UTF-8',
                    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
                  },
                  ...(r.body === undefined ? {} : { body: r.body }),
                }),
              )
              const answer = await res.text()
              statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
              expect(res.status, `${r.path} ${r.body ?? ''} → ${answer}`).toBeLessThan(500)
              if (res.status >= 400) {
                const code = res.headers.get('x-temoin-error') ?? ''
                expect(catalogue.has(code), `${code} for ${r.path}`).toBe(true)
                expect((JSON.parse(answer) as { error: { code: string } }).error.code).toBe(code)
              } else if (r.path === '/api/event' && res.status === 202) {
                const sent = JSON.parse(r.body ?? '{}') as {
                  props?: Record<string, unknown>
                  visitor?: string
                }
                if (res.headers.get('x-temoin-ignored') === null) {
                  accepted.push(canonical(sent.props ?? {}))
                  if (sent.props && Object.keys(sent.props).length > 0) stored++
                }
                if (sent.visitor) visitors.add(sent.visitor)
              }
            }
            // Every few cases: everything accepted reads back as sent, through the rollups too,
            // then is erased and purged (so that each round's checks cost the same).
            if (++cases % 25 === 0) await readBackThenRemove(accepted, visitors)
          }),
        ),
        budget(150),
      )
      await runs.idle()
      await readBackThenRemove(accepted, visitors)
      // The generators reach past the first checks: events with props are stored, and each
      // kind of refusal is met (else the property proves little).
      expect(stored, JSON.stringify([...statuses])).toBeGreaterThan(5)
      for (const status of [202, 400, 403]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0)
      await h.store.query('SELECT count(*) AS n FROM rollup_event_props')
      expect(setAside).toEqual([])
    },
    timeout(120_000),
  )
})

/**
 * Everything accepted since the last call reads back as sent, through the rollups and the raw
 * path too; then erasure takes each visitor's events and retention everything left.
 */
async function readBackThenRemove(accepted: string[], visitors: Set<string>): Promise<void> {
  await h.writer.settled()
  // Folding reads every accepted props with DuckDB's JSON reader, and so does the raw path.
  await h.store.query('SELECT sum(events) AS n FROM rollup_event_props')
  await h.store.query('SELECT count(*) AS n FROM events AS e, json_each(e.props) AS p')
  const stored = (await h.store.listEvents({ limit: 1_000_000 })).map((e) => canonical(e.props))
  expect(stored.sort()).toEqual([...accepted].sort())
  for (const v of visitors) {
    const held = await h.store.countEvents({ visitor: v })
    expect((await h.store.eraseVisitor(v)).events).toBe(held)
    expect(await h.store.countEvents({ visitor: v })).toBe(0)
  }
  const left = await h.store.countEvents({})
  expect((await h.store.purge({ events: NOW + 1, receipts: NOW + 1 })).events).toBe(left)
  expect(await h.store.countEvents({})).toBe(0)
  await h.store.query('SELECT count(*) AS n FROM rollup_event_props')
  expect(setAside).toEqual([])
  accepted.length = 0
  visitors.clear()
}
