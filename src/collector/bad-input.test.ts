import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createHarness, type Harness } from '../../test/helpers/collector-harness.js'
import { addMonths } from '../protocol/months.js'
import { DISCARD_BYTES } from './read-at-most.js'
import { LIMITS } from '../protocol/limits.js'

/**
 * DESIGN.md rule 9: bad input gets a clear error and changes nothing. Each row is one malformed
 * or hostile request, its expected status and code, and a pattern the message or `where` must
 * match (the field at fault); after all of them, the stores hold exactly what they held before.
 */

// Two policies: the example (statistics exempt from consent) and one asking consent for it.
let example: Harness
let consented: Harness
beforeAll(async () => {
  example = await createHarness()
  consented = await createHarness({ statistics: 'consent' })
})
afterAll(async () => {
  await example.close()
  await consented.close()
})

const NOW = Date.parse('2026-11-26T10:00:00.000Z')
const PAGE = 'https://demo.temoin.example/a'
const hex = '8f14e45fceea167a5a36dedd4bea2543'
const visitorAt = (ms: number) => `${Math.floor(ms / 1000)}.${hex}`
const freshVisitor = visitorAt(NOW - 86_400_000)
const pageview = (extra: Record<string, unknown> = {}) => ({
  type: 'pageview',
  url: PAGE,
  ...extra,
})
const custom = (extra: Record<string, unknown> = {}) => ({
  type: 'event',
  url: PAGE,
  name: 'signup',
  ...extra,
})
const consent = (extra: Record<string, unknown> = {}) => ({
  url: PAGE,
  policyVersion: '2026-11',
  granted: ['personalisation'],
  refused: ['statistics'],
  deposit: NOW,
  ...extra,
})
const consentStats = (extra: Record<string, unknown> = {}) =>
  consent({
    granted: ['statistics', 'personalisation'],
    refused: [],
    deposit: NOW - 86_400_000,
    ...extra,
  })

/** A body of `total` bytes handed out in 1 KiB chunks, counting how much was pulled. */
function countingStream(total: number): {
  stream: ReadableStream<Uint8Array>
  pulled: () => number
} {
  let pulled = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close()
      const chunk = new Uint8Array(1024).fill(0x20)
      pulled += chunk.byteLength
      controller.enqueue(chunk)
    },
  })
  return { stream, pulled: () => pulled }
}

interface Case {
  readonly name: string
  /** Which policy: the example's (default) or the one asking consent for statistics. */
  readonly on?: 'example' | 'consented'
  readonly method?: string
  readonly path?: string
  /** A value is sent as JSON text; a string as is; a function makes the whole request. */
  readonly body?: unknown
  readonly request?: () => Request
  readonly headers?: Record<string, string>
  readonly status: number
  readonly code: string
  /** What the message or `where` must name. */
  readonly names: RegExp
}

const big = 'x'.repeat(LIMITS.bodyBytes + 1)
const longUrl = `${PAGE}?utm_source=${'a'.repeat(LIMITS.urlLength)}`
const propsOf = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))

const CASES: Case[] = [
  // The body itself
  {
    name: 'truncated JSON',
    body: '{"type":',
    status: 400,
    code: 'BODY_NOT_JSON',
    names: /not valid JSON/,
  },
  { name: 'JSON array', body: '[]', status: 400, code: 'BODY_NOT_JSON', names: /an array/ },
  { name: 'JSON number', body: '42', status: 400, code: 'BODY_NOT_JSON', names: /a number/ },
  { name: 'JSON null', body: 'null', status: 400, code: 'BODY_NOT_JSON', names: /null/ },
  {
    name: 'JSON string',
    body: '"pageview"',
    status: 400,
    code: 'BODY_NOT_JSON',
    names: /a string/,
  },
  { name: 'empty body', body: '', status: 400, code: 'BODY_NOT_JSON', names: /empty/ },
  {
    name: 'invalid UTF-8',
    request: () =>
      post('/api/event', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), {
        'content-type': 'text/plain',
      }),
    status: 400,
    code: 'BODY_NOT_JSON',
    names: /UTF-8/,
  },
  {
    name: 'huge body with Content-Length',
    body: JSON.stringify(pageview({ name: big })),
    status: 413,
    code: 'BODY_TOO_LARGE',
    names: /8192 bytes/,
  },
  {
    name: 'huge chunked body (no Content-Length)',
    request: () =>
      post('/api/event', countingStream(1024 * 1024).stream, { 'content-type': 'text/plain' }),
    status: 413,
    code: 'BODY_TOO_LARGE',
    names: /body/,
  },
  {
    name: 'Content-Length that lies (says 20, sends 9 KiB)',
    request: () => post('/api/event', big, { 'content-length': '20' }),
    status: 413,
    code: 'BODY_TOO_LARGE',
    names: /body/,
  },
  {
    name: 'form content type',
    body: pageview(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    status: 415,
    code: 'CONTENT_TYPE',
    names: /Content-Type/,
  },
  {
    name: 'no content type',
    request: () => post('/api/event', new TextEncoder().encode(JSON.stringify(pageview()))),
    status: 415,
    code: 'CONTENT_TYPE',
    names: /Content-Type/,
  },
  {
    name: 'latin-1 charset',
    body: pageview(),
    headers: { 'content-type': 'text/plain; charset=iso-8859-1' },
    status: 415,
    code: 'CONTENT_TYPE',
    names: /utf-8/,
  },
  // Event: type, url, site, origin
  { name: 'type missing', body: { url: PAGE }, status: 400, code: 'EVENT_INVALID', names: /^type/ },
  {
    name: 'unknown type',
    body: pageview({ type: 'click' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^type/,
  },
  {
    name: 'type not a string',
    body: pageview({ type: 1 }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^type/,
  },
  {
    name: 'url missing',
    body: { type: 'pageview' },
    status: 400,
    code: 'EVENT_INVALID',
    names: /^url: is required/,
  },
  {
    name: 'url a number',
    body: pageview({ url: 42 }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^url: must be a string/,
  },
  {
    name: 'relative url',
    body: pageview({ url: '/a' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^url: must be an absolute/,
  },
  {
    name: 'javascript: url',
    body: pageview({ url: 'javascript:alert(1)' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^url: .*http/,
  },
  {
    name: 'data: url',
    body: pageview({ url: 'data:text/html,<b>x</b>' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^url: .*data:/,
  },
  {
    name: 'ftp: url',
    body: pageview({ url: 'ftp://demo.temoin.example/a' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^url: .*ftp:/,
  },
  {
    name: 'newline in url',
    body: pageview({ url: `${PAGE}\n/b` }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^url: holds a control/,
  },
  {
    name: 'NUL in url',
    body: pageview({ url: `${PAGE}\u0000` }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^url: holds a control/,
  },
  {
    name: 'C1 control in url',
    body: pageview({ url: `${PAGE}\u0085` }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^url: holds a control/,
  },
  {
    name: 'very long url',
    body: pageview({ url: longUrl }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^url: .*2048/,
  },
  {
    name: 'unknown site',
    body: pageview({ url: 'https://evil.example/a' }),
    status: 403,
    code: 'SITE_UNKNOWN',
    names: /^url: its host/,
  },
  {
    name: 'look-alike site (suffix)',
    body: pageview({ url: 'https://xdemo.temoin.example/a' }),
    status: 403,
    code: 'SITE_UNKNOWN',
    names: /^url/,
  },
  {
    name: 'foreign Origin',
    body: pageview(),
    headers: { origin: 'https://evil.example' },
    status: 403,
    code: 'ORIGIN_FORBIDDEN',
    names: /^Origin/,
  },
  {
    name: 'Origin of another listed site',
    body: pageview(),
    headers: { origin: 'http://localhost:8080' },
    status: 403,
    code: 'ORIGIN_FORBIDDEN',
    names: /localhost.*demo\.temoin\.example/,
  },
  {
    name: 'Origin "null"',
    body: pageview(),
    headers: { origin: 'null' },
    status: 403,
    code: 'ORIGIN_FORBIDDEN',
    names: /^Origin/,
  },
  // Event: referrer
  {
    name: 'relative referrer',
    body: pageview({ referrer: 'news/a' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^referrer/,
  },
  {
    name: 'javascript: referrer',
    body: pageview({ referrer: 'javascript:void(0)' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^referrer/,
  },
  {
    name: 'very long referrer',
    body: pageview({ referrer: longUrl }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^referrer: .*2048/,
  },
  {
    name: 'tab in referrer',
    body: pageview({ referrer: 'https://news.example/\ta' }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^referrer: holds a control/,
  },
  // Event: name
  {
    name: "type 'event' without name",
    body: custom({ name: undefined }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^name: is required/,
  },
  {
    name: 'pageview with a name',
    body: pageview({ name: 'signup' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^name: is only for/,
  },
  {
    name: 'very long name',
    body: custom({ name: 'n'.repeat(65) }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^name: .*64/,
  },
  {
    name: 'control character in name',
    body: custom({ name: 'sign\u001bup' }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^name: holds a control/,
  },
  {
    name: 'empty name',
    body: custom({ name: '' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^name: must not be empty/,
  },
  {
    name: 'name not a string',
    body: custom({ name: ['signup'] }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^name: must be a string/,
  },
  // Event: props
  {
    name: 'props an array',
    body: custom({ props: ['a'] }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^props: must be an object/,
  },
  {
    name: 'nested props',
    body: custom({ props: { plan: { tier: 'pro' } } }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^props\.plan: must be a string, a number or a boolean/,
  },
  {
    name: 'too many props',
    body: custom({ props: propsOf(LIMITS.propCount + 1) }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^props: has 17 keys/,
  },
  {
    name: 'control character in a prop key',
    body: custom({ props: { 'pl\u0007an': 'pro' } }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^props: has a key holding a control/,
  },
  {
    name: 'very long prop key',
    body: custom({ props: { ['k'.repeat(65)]: 1 } }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^props: has a key longer/,
  },
  {
    name: 'control character in a prop value',
    body: custom({ props: { plan: 'pro\r\nSet-Cookie: x' } }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^props\.plan: holds a control/,
  },
  {
    // The request that poisoned the store (issue 16): JSON may escape a lone surrogate.
    name: 'lone high surrogate in a prop value',
    body: { type: 'event', name: 'x', url: 'http://localhost/', props: { k: '\ud800' } },
    status: 400,
    code: 'TEXT_INVALID',
    names: /^props\.k: holds a lone surrogate \(U\+D800\)/,
  },
  {
    name: 'lone low surrogate in a prop key',
    body: custom({ props: { ['a\udc00']: 1 } }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^props: has a key holding a lone surrogate \(U\+DC00\)/,
  },
  {
    name: 'surrogate pair cut in half at the end of a name',
    body: custom({ name: '\ud83d\ude00\ud83d' }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^name: holds a lone surrogate \(U\+D83D\)/,
  },
  {
    name: 'lone surrogate in a url',
    body: pageview({ url: `${PAGE}\udfff` }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^url: holds a lone surrogate/,
  },
  {
    name: 'noncharacter in a prop value',
    body: custom({ props: { plan: 'pro\uffff' } }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^props\.plan: holds a noncharacter \(U\+FFFF\)/,
  },
  {
    name: 'supplementary-plane noncharacter in a referrer',
    body: pageview({ referrer: 'https://news.example/\u{10ffff}' }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^referrer: holds a noncharacter \(U\+10FFFF\)/,
  },
  {
    name: 'lone surrogate in an unknown field',
    body: pageview({ ['\ud800']: 1 }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^body: has a key holding a lone surrogate/,
  },
  {
    name: 'consent: lone surrogate in the policy version',
    path: '/api/consent',
    body: consent({ policyVersion: '2026-11\ud800' }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^policyVersion: holds a lone surrogate/,
  },
  {
    name: 'very long prop value',
    body: custom({ props: { plan: 'p'.repeat(257) } }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^props\.plan: .*256/,
  },
  {
    name: 'null prop value',
    body: custom({ props: { plan: null } }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^props\.plan: .*not null/,
  },
  {
    name: 'infinite prop value (1e999)',
    body: '{"type":"event","url":"https://demo.temoin.example/a","name":"n","props":{"n":1e999}}',
    status: 400,
    code: 'EVENT_INVALID',
    names: /^props\.n: must be a finite number/,
  },
  {
    name: '"NaN" as a time',
    body: pageview({ time: 'NaN' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^time: must be a number/,
  },
  // Event: time
  {
    name: 'time too old',
    body: pageview({ time: NOW - LIMITS.eventAgeMs - 1 }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^time: is older/,
  },
  {
    name: 'time in the future',
    body: pageview({ time: NOW + LIMITS.futureSkewMs + 1 }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^time: is in the future/,
  },
  {
    name: 'fractional time',
    body: pageview({ time: NOW + 0.5 }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^time: must be a whole/,
  },
  // Event: visitor
  {
    name: 'visitor with upper-case hex',
    body: pageview({ visitor: freshVisitor.toUpperCase() }),
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^visitor/,
  },
  {
    name: 'visitor too short',
    body: pageview({ visitor: freshVisitor.slice(0, -1) }),
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^visitor/,
  },
  {
    name: 'visitor with an extra part',
    body: pageview({ visitor: `${freshVisitor}.1` }),
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^visitor/,
  },
  {
    name: 'visitor a number',
    body: pageview({ visitor: 1767225600 }),
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^visitor/,
  },
  {
    name: 'visitor deposited in the future',
    body: pageview({ visitor: visitorAt(NOW + 3_600_000) }),
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^visitor: its deposit date is in the future/,
  },
  {
    name: 'expired visitor',
    body: pageview({ visitor: visitorAt(addMonths(NOW, -13)) }),
    status: 403,
    code: 'VISITOR_EXPIRED',
    names: /^visitor: first deposited/,
  },
  // Event: fields that do not exist
  {
    name: 'unknown field',
    body: pageview({ colour: 'red' }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^colour: is not a field/,
  },
  {
    name: 'hostile unknown field name',
    body: pageview({ '<script>"': 1 }),
    status: 400,
    code: 'EVENT_INVALID',
    names: /^\(an unknown field\)/,
  },
  // Consent
  {
    name: 'consent: unknown purpose',
    path: '/api/consent',
    body: consent({ refused: ['advertising'] }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^refused\[0\]: is not a purpose/,
  },
  {
    name: 'consent: exempt purpose left out',
    path: '/api/consent',
    body: consent({ refused: [] }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /missing "statistics"/,
  },
  {
    name: 'consent: duplicate purpose',
    path: '/api/consent',
    body: consent({ granted: ['personalisation', 'personalisation'] }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^granted\[1\]: .*twice/,
  },
  {
    name: 'consent: granted and refused',
    path: '/api/consent',
    body: consent({ refused: ['personalisation'] }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^refused: "personalisation" is both/,
  },
  {
    name: 'consent: missing purposes',
    path: '/api/consent',
    body: consent({ granted: [] }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /missing "personalisation"/,
  },
  {
    name: 'consent: granted not a list',
    path: '/api/consent',
    body: consent({ granted: 'personalisation' }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^granted: must be a list/,
  },
  {
    name: 'consent: refused missing',
    path: '/api/consent',
    body: consent({ refused: undefined }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^refused: is required/,
  },
  {
    name: 'consent: unknown policy version',
    path: '/api/consent',
    body: consent({ policyVersion: '2019-01' }),
    status: 409,
    code: 'POLICY_VERSION_UNKNOWN',
    names: /^policyVersion/,
  },
  {
    name: 'consent: policy version missing',
    path: '/api/consent',
    body: consent({ policyVersion: undefined }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^policyVersion: is required/,
  },
  {
    name: 'consent: refusal carrying a visitor id',
    on: 'consented',
    path: '/api/consent',
    body: consentStats({
      granted: [],
      refused: ['statistics', 'personalisation'],
      visitor: freshVisitor,
    }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^visitor: is sent only when "statistics" is granted/,
  },
  {
    name: 'consent: visitor without statistics granted',
    on: 'consented',
    path: '/api/consent',
    body: consentStats({
      granted: ['personalisation'],
      refused: ['statistics'],
      visitor: freshVisitor,
    }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^visitor/,
  },
  {
    name: 'consent: expired visitor',
    on: 'consented',
    path: '/api/consent',
    body: consentStats({ visitor: visitorAt(addMonths(NOW, -14)) }),
    status: 403,
    code: 'VISITOR_EXPIRED',
    names: /^visitor/,
  },
  {
    name: 'consent: visitor id older than the choice it comes with',
    on: 'consented',
    path: '/api/consent',
    body: consentStats({ visitor: visitorAt(addMonths(NOW, -12)), deposit: NOW }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^visitor: was first deposited on .*before this choice/,
  },
  {
    name: 'consent: malformed visitor',
    on: 'consented',
    path: '/api/consent',
    body: consentStats({ visitor: 'abc' }),
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^visitor/,
  },
  {
    name: 'consent: deposit in the future',
    path: '/api/consent',
    body: consent({ deposit: NOW + LIMITS.futureSkewMs + 1 }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^deposit: is in the future/,
  },
  {
    name: 'consent: grant older than its validity',
    path: '/api/consent',
    body: consent({ deposit: addMonths(NOW, -13) }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^deposit: is more than 13 months old/,
  },
  {
    name: 'consent: refusal in a cookie older than its validity',
    path: '/api/consent',
    body: consent({
      granted: [],
      refused: ['personalisation', 'statistics'],
      deposit: addMonths(NOW, -13),
    }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^deposit: is more than 13 months old/,
  },
  {
    name: 'consent: deposit a string',
    path: '/api/consent',
    body: consent({ deposit: '2026-11-26' }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^deposit: must be a number/,
  },
  {
    name: 'consent: gpc not a boolean',
    path: '/api/consent',
    body: consent({ gpc: 'yes' }),
    status: 400,
    code: 'CONSENT_INVALID',
    names: /^gpc/,
  },
  {
    name: 'consent: unknown site',
    path: '/api/consent',
    body: consent({ url: 'https://evil.example/' }),
    status: 403,
    code: 'SITE_UNKNOWN',
    names: /^url/,
  },
  {
    name: 'consent: foreign Origin',
    path: '/api/consent',
    body: consent(),
    headers: { origin: 'https://evil.example' },
    status: 403,
    code: 'ORIGIN_FORBIDDEN',
    names: /^Origin/,
  },
  {
    name: 'consent: control character in a purpose',
    path: '/api/consent',
    body: consent({ granted: ['personalisation\u0000'] }),
    status: 400,
    code: 'TEXT_INVALID',
    names: /^granted\[0\]: holds a control/,
  },
  // Routes and methods
  {
    name: 'unknown path',
    path: '/api/events',
    body: pageview(),
    status: 404,
    code: 'NOT_FOUND',
    names: /No such path/,
  },
  {
    name: 'GET on /api/event',
    method: 'GET',
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    names: /GET .*POST/,
  },
  {
    name: 'PUT on /api/consent',
    method: 'PUT',
    path: '/api/consent',
    body: consent(),
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    names: /PUT .*POST/,
  },
  {
    name: 'POST on /healthz',
    path: '/healthz',
    body: {},
    status: 405,
    code: 'METHOD_NOT_ALLOWED',
    names: /GET/,
  },
  {
    name: 'malformed visitor id in the path',
    method: 'GET',
    path: '/api/visitor/not-an-id',
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^id/,
  },
  {
    name: 'erasing an upper-case visitor id',
    method: 'DELETE',
    path: `/api/visitor/${freshVisitor.toUpperCase()}`,
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^id/,
  },
  {
    name: 'reading a visitor id deposited in the future',
    method: 'GET',
    path: `/api/visitor/${visitorAt(NOW + 86_400_000)}`,
    status: 400,
    code: 'VISITOR_INVALID',
    names: /^id: .*deposited in the past/,
  },
]

function post(
  path: string,
  body: NonNullable<RequestInit['body']>,
  headers: Record<string, string> = {},
): Request {
  return new Request(`http://collector.test${path}`, {
    method: 'POST',
    headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', ...headers },
    body,
    duplex: 'half',
  })
}

function toRequest(c: Case): Request {
  if (c.request) return c.request()
  const method = c.method ?? 'POST'
  const init: RequestInit = {
    method,
    headers: {
      'content-type': 'text/plain;charset=UTF-8',
      'user-agent': 'Mozilla/5.0 Firefox/128.0',
      ...c.headers,
    },
  }
  if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') {
    init.body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body)
  }
  return new Request(`http://collector.test${c.path ?? '/api/event'}`, init)
}

describe('bad input is refused with a clear error and changes nothing', () => {
  let before: {
    example: { events: number; receipts: number }
    consented: { events: number; receipts: number }
  }

  beforeAll(async () => {
    // Something already stored, so that "unchanged" is not just "still empty".
    expect((await example.post('/api/event', pageview())).status).toBe(202)
    expect(
      (await consented.post('/api/consent', consentStats({ visitor: freshVisitor }))).status,
    ).toBe(201)
    before = { example: await example.counts(), consented: await consented.counts() }
  })

  test('the table is large enough', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(45)
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length)
  })

  test.each(CASES)('$name → $status $code', async (c) => {
    const h = c.on === 'consented' ? consented : example
    const res = await h.fetch(toRequest(c))
    const body = (await res.json()) as {
      error: { code: string; message: string; where?: string; fix: string }
    }
    expect({ status: res.status, code: body.error.code }).toEqual({
      status: c.status,
      code: c.code,
    })
    expect(res.headers.get('x-temoin-error')).toBe(c.code)
    expect(body.error.fix.length).toBeGreaterThan(0)
    expect(`${body.error.message} ${body.error.where ?? ''}`).toMatch(c.names)
    expect(JSON.stringify(body)).not.toMatch(/\bat .*\.ts:\d+/) // never a stack
  })

  test('a huge chunked body is answered near the limit, and only a bounded rest dropped', async () => {
    const { stream, pulled } = countingStream(16 * 1024 * 1024)
    const res = await example.fetch(post('/api/event', stream, { 'content-type': 'text/plain' }))
    expect(res.status).toBe(413)
    // Some of the rest is read and dropped (the client reads its 413, no EPIPE), never all of it.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(pulled()).toBeGreaterThan(LIMITS.bodyBytes + 64 * 1024)
    expect(pulled()).toBeLessThan(LIMITS.bodyBytes + DISCARD_BYTES + 8 * 1024)
  })

  test('405 names the allowed methods in Allow', async () => {
    const res = await example.fetch(new Request('http://collector.test/api/event'))
    expect(res.headers.get('allow')).toBe('POST, OPTIONS')
  })

  afterAll(async () => {
    expect(await example.counts()).toEqual(before.example)
    expect(await consented.counts()).toEqual(before.consented)
    // And the stored rows are the very ones stored before the table ran.
    expect((await example.store.listEvents({})).map((e) => e.path)).toEqual(['/a'])
  })
})
