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

/** The refusal of a query: its code, where and message, or null when it is accepted. */
const refusal = (query: string, endpoint: StatsEndpoint = 'series', sites = ['example.org']) => {
  const parsed = parseStatsQuery(new URLSearchParams(query), { endpoint, sites, now: NOW })
  return parsed.ok
    ? null
    : { code: parsed.error.code, where: parsed.error.where, message: parsed.error.message }
}

describe('parseStatsQuery refusals: what was wrong, where, and what to do', () => {
  // The message is what an API client reads: each names the parameter, the rule and the fix.
  // kills: parse-stats-query.ts:61 StringLiteral → ""; :67 ArrowFunction, StringLiteral ×3;
  // :72 ArrayDeclaration → [], StringLiteral ×2; :79, :81 ×2, :85, :88, :92, :102 ×2, :114,
  // :129 → "", :132, :136, :140 StringLiteral → ""
  it('names the parameter and says how to write it', () => {
    const cases: [string, StatsEndpoint, string, string][] = [
      [
        'site=example.org&site=example.org',
        'series',
        'site',
        'site: given more than once; give each parameter once.',
      ],
      [
        'site=example.org&filter.contry=FR',
        'series',
        'filter.contry',
        'filter.contry: not a filter; filters are filter.page, filter.entry, filter.referrer, filter.country, filter.device, filter.browser, filter.os, filter.event, filter.utm_source, filter.utm_medium, filter.utm_campaign.',
      ],
      [
        'site=example.org&sort=x',
        'series',
        'sort',
        'sort: unknown parameter; the parameters are site, from, to, interval, limit, event, format and filter.<dimension>.',
      ],
      [
        'from=2026-03-01',
        'series',
        'site',
        'site: required: the domain of one of the policy’s sites.',
      ],
      [
        'site=example.com',
        'series',
        'site',
        'site: not one of the policy’s sites (example.org, example.net).',
      ],
      ['site=example.org&to=2026-02-30', 'series', 'to', 'to: not a date; write YYYY-MM-DD (UTC).'],
      [
        'site=example.org&from=1%20March',
        'series',
        'from',
        'from: not a date; write YYYY-MM-DD (UTC).',
      ],
      [
        'site=example.org&from=2026-03-02&to=2026-03-01',
        'series',
        'from',
        'from: after `to`; the period is from `from` to `to`, both included.',
      ],
      [
        'site=example.org&interval=year',
        'series',
        'interval',
        'interval: not an interval; use hour, day, week, month.',
      ],
      [
        'site=example.org&limit=0',
        'pages',
        'limit',
        'limit: a whole number of rows from 1 to 1000.',
      ],
      ['site=example.org&event=', 'events', 'event', 'event: empty; name a custom event.'],
      [
        'site=example.org',
        'event-props',
        'event',
        'event: required: the custom event whose properties to list (event=NAME).',
      ],
      ['site=example.org&format=xml', 'pages', 'format', 'format: use json or csv.'],
      [
        'site=example.org&format=csv',
        'summary',
        'format',
        'format: csv is for the series and the table endpoints (docs/api.md); this one answers JSON.',
      ],
    ]
    for (const [query, endpoint, where, message] of cases)
      expect(refusal(query, endpoint, ['example.org', 'example.net']), query).toEqual({
        code: 'STATS_QUERY_INVALID',
        where,
        message,
      })
  })

  // An empty `site=` is a missing site, not an unknown one: the message says it is required.
  // kills: parse-stats-query.ts:78 ConditionalExpression → false, StringLiteral → "Stryker was here!"
  it('refuses an empty site as missing', () => {
    expect(refusal('site=&from=2026-03-01')).toEqual({
      code: 'STATS_QUERY_INVALID',
      where: 'site',
      message: 'site: required: the domain of one of the policy’s sites.',
    })
  })

  // kills: parse-stats-query.ts:129 ConditionalExpression → false (an empty event passed as a
  // name that matches nothing), StringLiteral → "Stryker was here!"
  it('refuses an empty event on every endpoint that reads it', () => {
    for (const endpoint of ['events', 'event-props', 'pages'] as const)
      expect(refusal('site=example.org&event=', endpoint)?.message).toBe(
        'event: empty; name a custom event.',
      )
  })

  // kills: parse-stats-query.ts:93 ConditionalExpression → false, EqualityOperator → days >= MAX_DAYS;
  // :94 StringLiteral → "" and → ``
  it('accepts a period of exactly 3660 days and refuses 3661', () => {
    expect(refusal('site=example.org&from=2016-01-01&to=2026-01-07')).toBeNull()
    expect(refusal('site=example.org&from=2016-01-01&to=2026-01-08')).toEqual({
      code: 'STATS_QUERY_INVALID',
      where: 'from',
      message: 'from: the period is longer than 3660 days; choose a shorter one.',
    })
  })

  // 1001 days make 1001 day buckets: the most a series may have is 1000, and one more (a period
  // that does not start on a bucket's start can touch one more).
  // kills: parse-stats-query.ts:104 ArithmeticOperator → MAX_BUCKETS - 1, EqualityOperator →
  // >= MAX_BUCKETS + 1, ConditionalExpression → true (the series' rule on every endpoint);
  // :107 StringLiteral → ``
  it('refuses a series of more than 1001 buckets, with the interval and the period named', () => {
    expect(refusal('site=example.org&from=2026-01-01&to=2028-09-27&interval=day')).toBeNull()
    expect(refusal('site=example.org&from=2026-01-01&to=2028-09-28&interval=day')).toEqual({
      code: 'STATS_QUERY_INVALID',
      where: 'interval',
      message:
        'interval: day makes more than 1000 buckets over 1002 days; choose a longer interval or a shorter period.',
    })
    // A table has no buckets: the interval is not limited there.
    expect(
      refusal('site=example.org&from=2026-01-01&to=2028-09-28&interval=day', 'pages'),
    ).toBeNull()
  })

  // Dates start in 1970 (epoch times), inclusive.
  // kills: parse-stats-query.ts:161 ConditionalExpression → false, EqualityOperator → text <=
  // '1970-01-01', LogicalOperator → &&, StringLiteral → ""
  it('accepts 1970-01-01 and refuses the day before', () => {
    expect(refusal('site=example.org&from=1970-01-01&to=1970-01-02')).toBeNull()
    expect(refusal('site=example.org&from=1969-12-31&to=1970-01-02')).toEqual({
      code: 'STATS_QUERY_INVALID',
      where: 'from',
      message: 'from: not a date; write YYYY-MM-DD (UTC).',
    })
  })

  // kills: parse-stats-query.ts:172 EqualityOperator → value.length >= MAX_VALUE
  it('accepts a filter value or an event of exactly 2048 characters and refuses 2049', () => {
    for (const where of ['filter.page', 'event']) {
      expect(refusal(`site=example.org&${where}=${'a'.repeat(2048)}`, 'pages')).toBeNull()
      expect(refusal(`site=example.org&${where}=${'a'.repeat(2049)}`, 'pages')).toEqual({
        code: 'STATS_QUERY_INVALID',
        where,
        message: `${where}: longer than 2048 characters.`,
      })
    }
  })
})
