import { describe, expect, it } from 'vitest'
import { parseStatsQuery } from './parse-stats-query.js'
import type { StatsEndpoint } from './stats-types.js'

const NOW = Date.parse('2026-03-31T23:59:59Z')
const parse = (query: string, endpoint: StatsEndpoint = 'series') =>
  parseStatsQuery(new URLSearchParams(query), { endpoint, sites: ['example.org'], now: NOW })

describe('parseStatsQuery', () => {
  it('defaults to the 30 days ending today (UTC), a day interval, 100 rows, no filter, JSON', () => {
    const parsed = parse('site=example.org')
    expect(parsed.ok && parsed.value).toMatchObject({
      format: 'json',
      query: {
        site: 'example.org',
        from: '2026-03-02',
        to: '2026-03-31',
        range: {
          start: Date.parse('2026-03-02T00:00:00Z'),
          end: Date.parse('2026-04-01T00:00:00Z'),
        },
        previous: {
          from: '2026-01-31',
          to: '2026-03-01',
          start: Date.parse('2026-01-31T00:00:00Z'),
          end: Date.parse('2026-03-02T00:00:00Z'),
        },
        interval: 'day',
        limit: 100,
        filters: {},
        now: NOW,
      },
    })
  })

  it('picks the interval from the period: hours up to 2 days, days up to 92, weeks up to 731, then months', () => {
    const interval = (from: string, to: string) => {
      const parsed = parse(`site=example.org&from=${from}&to=${to}`)
      return parsed.ok ? parsed.value.query.interval : parsed.error.message
    }
    expect(interval('2026-03-30', '2026-03-31')).toBe('hour')
    expect(interval('2026-03-29', '2026-03-31')).toBe('day')
    expect(interval('2026-01-01', '2026-04-02')).toBe('day')
    expect(interval('2026-01-01', '2026-04-03')).toBe('week')
    expect(interval('2024-01-01', '2025-12-31')).toBe('week')
    expect(interval('2024-01-01', '2026-01-01')).toBe('month')
  })

  it('keeps only a `to` with the 30 days before it, a leap day, filters with any text, and the event', () => {
    const parsed = parse(
      'site=example.org&to=2024-02-29&limit=1000&filter.referrer=&filter.page=%2Fl%27%C3%A9t%C3%A9%3F&event=sign%20up',
      'event-props',
    )
    expect(parsed.ok && parsed.value.query).toMatchObject({
      from: '2024-01-31',
      to: '2024-02-29',
      limit: 1000,
      filters: { referrer: '', page: "/l'été?" },
      event: 'sign up',
    })
  })

  it('refuses a filter or an event by the one text rule, naming the code point and never the value', () => {
    for (const [value, named] of [
      ['a\u0001b', 'a control character (U+0001)'],
      ['a\u0085b', 'a control character (U+0085)'],
      ['a\ufffeb', 'a noncharacter (U+FFFE)'],
    ] as const) {
      for (const where of ['filter.page', 'event']) {
        const params = new URLSearchParams({ site: 'example.org', [where]: value })
        const parsed = parseStatsQuery(params, {
          endpoint: 'pages',
          sites: ['example.org'],
          now: NOW,
        })
        expect(parsed.ok).toBe(false)
        if (parsed.ok) continue
        expect(parsed.error).toMatchObject({ code: 'STATS_QUERY_INVALID', where })
        expect(parsed.error.message).toBe(`${where}: holds ${named}.`)
      }
    }
    // Every other script, U+FFFD and a pair of surrogates are text. (A lone surrogate never
    // reaches the parser: URLSearchParams holds Unicode only, and decodes one as U+FFFD.)
    const kept = parse(
      `site=example.org&filter.page=${encodeURIComponent('/\ufffd\u{1f600}é\u202e')}`,
    )
    expect(kept.ok).toBe(true)
  })

  it('names an unknown or repeated parameter only when its name is short and plain', () => {
    const where = (query: string) => {
      const parsed = parse(query)
      return parsed.ok ? null : [parsed.error.where, parsed.error.message]
    }
    expect(where('site=example.org&sort=x')?.[0]).toBe('sort')
    expect(where('site=example.org&filter.contry=FR')?.[0]).toBe('filter.contry')
    for (const hostile of [
      '<script>alert(1)</script>',
      '__proto__ x',
      'a'.repeat(40),
      '%ED%A0%80',
    ]) {
      for (const query of [
        `site=example.org&${hostile}=1`,
        `site=example.org&filter.${hostile}=1`,
        `site=example.org&${hostile}=1&${hostile}=2`,
      ]) {
        const [at, message] = where(query) ?? []
        expect(at, query).toBe('(an unknown field)')
        expect(message, query).not.toContain(
          new URLSearchParams(`${hostile}=1`).keys().next().value,
        )
      }
    }
  })

  it('accepts csv on tables and the series only', () => {
    expect(parse('site=example.org&format=csv', 'pages').ok).toBe(true)
    expect(parse('site=example.org&format=csv', 'series').ok).toBe(true)
    expect(parse('site=example.org&format=csv', 'summary').ok).toBe(false)
    expect(parse('site=example.org&format=csv', 'realtime').ok).toBe(false)
  })
})
