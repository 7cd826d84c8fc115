import { describe, expect, test } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import type { AppError } from '../lib/app-error.js'
import type { Result } from '../lib/result.js'
import { readPageUrl, readReferrer } from './page-url.js'

/**
 * A page URL must belong to one of the policy's sites (else 403 SITE_UNKNOWN, which tells the
 * operator which sites the server knows); a referrer may be absent or '' (document.referrer when
 * there is none).
 */

function refusal<T>(result: Result<T, AppError>): AppError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.value)}`)
  return result.error
}

// Sites: localhost, 127.0.0.1, demo.temoin.example (with its subdomains).
const policy = examplePolicy()

describe('readPageUrl', () => {
  // kills: page-url.ts:36 ArrowFunction → () => undefined and StringLiteral → "" (the sites,
  // each named, comma-separated), :37 ObjectLiteral → {} and StringLiteral → "" (where: 'url')
  test("a page of another host is SITE_UNKNOWN, listing the policy's sites", () => {
    const e = refusal(readPageUrl('https://other.example/a', policy, 'EVENT_INVALID'))
    expect(e.code).toBe('SITE_UNKNOWN')
    expect(e.where).toBe('url')
    expect(e.message).toBe(
      'url: its host other.example is not one of the policy\u2019s sites (localhost, 127.0.0.1, demo.temoin.example).',
    )
  })

  // kills: page-url.ts:36 MethodExpression → url.value.hostname (a host is the client's text: at
  // most 253 characters of it, the longest DNS name, are repeated back)
  test('a very long unknown host is cut to 253 characters in the message', () => {
    const host = `${Array.from({ length: 6 }, () => 'a'.repeat(60)).join('.')}.example`
    expect(host.length).toBeGreaterThan(253)
    const e = refusal(readPageUrl(`https://${host}/`, policy, 'CONSENT_INVALID'))
    expect(e.code).toBe('SITE_UNKNOWN')
    expect(e.message).toContain(`its host ${host.slice(0, 253)} is not`)
  })

  test('a page of a site keeps its path and only the allowed query keys', () => {
    const read = readPageUrl(
      'https://www.demo.temoin.example/a?utm_source=news&session=42#top',
      policy,
      'EVENT_INVALID',
    )
    expect(read.ok && [read.value.site.domain, read.value.path, read.value.query]).toEqual([
      'demo.temoin.example',
      '/a',
      'utm_source=news',
    ])
  })
})

describe('readReferrer', () => {
  // kills: page-url.ts:55 ConditionalExpression → false and both StringLiteral → "Stryker was
  // here!" (no referrer, absent or '', is not an error: it is stored as '')
  test.each([undefined, ''])('%j is no referrer', (value) => {
    expect(readReferrer(value, 'EVENT_INVALID')).toEqual({ ok: true, value: '' })
  })

  test('a referrer is reduced to its origin and path', () => {
    expect(readReferrer('https://news.example/story?id=7#top', 'EVENT_INVALID')).toEqual({
      ok: true,
      value: 'https://news.example/story',
    })
  })

  test('a referrer that is not a URL is refused on its own field', () => {
    const e = refusal(readReferrer('news', 'EVENT_INVALID'))
    expect(e.where).toBe('referrer')
    expect(e.message).toBe('referrer: must be an absolute http(s) URL.')
  })
})
