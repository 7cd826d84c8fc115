import { AppError, type ErrorCode } from '../lib/app-error.js'
import { findSite } from '../policy/find-site.js'
import type { Policy, Site } from '../policy/policy-schema.js'
import { err, ok, type Result } from '../lib/result.js'
import { readHttpUrl } from './payload-fields.js'

/** A page URL reduced to what may be stored, and the site it belongs to. */
export interface PageUrl {
  readonly site: Site
  readonly path: string
  /** Query string without '?', holding only the policy's `collection.queryKeys`. */
  readonly query: string
}

/**
 * Reads the page URL of an event or a consent: an absolute http(s) URL whose host is one of the
 * policy's sites (else SITE_UNKNOWN). Only the path and the allowed query keys survive; the
 * fragment, the credentials and every other query key are dropped before anything is stored,
 * because they are where personal data hides (e-mail addresses, session tokens…).
 *
 * @example readPageUrl(body.url, policy, 'EVENT_INVALID') // ok({ site, path: '/a', query: 'utm_source=x' })
 */
export function readPageUrl(
  value: unknown,
  policy: Pick<Policy, 'sites' | 'collection'>,
  code: ErrorCode,
): Result<PageUrl, AppError> {
  const url = readHttpUrl(value, 'url', code)
  if (!url.ok) return url
  const site = findSite(policy, url.value.hostname)
  if (!site) {
    return err(
      new AppError(
        'SITE_UNKNOWN',
        // Parsed (no space, control, '<', '>'), may hold '"' or '{': the answer is JSON, which escapes.
        `url: its host ${url.value.hostname.slice(0, 253)} is not one of the policy\u2019s sites (${policy.sites.map((s) => s.domain).join(', ')}).`,
        { where: 'url' },
      ),
    )
  }
  const kept = new URLSearchParams()
  for (const [key, v] of url.value.searchParams) {
    if (policy.collection.queryKeys.includes(key)) kept.append(key, v)
  }
  return ok({ site, path: url.value.pathname, query: kept.toString() })
}

/**
 * A referrer reduced to origin + path: its query and fragment often carry search terms or tokens.
 *
 * @example readReferrer('https://news.example/a?q=x#top', 'EVENT_INVALID') // ok('https://news.example/a')
 */
export function readReferrer(value: unknown, code: ErrorCode): Result<string, AppError> {
  // document.referrer is '' when there is none; the tracker may pass it through unchanged.
  if (value === undefined || value === '') return ok('')
  const url = readHttpUrl(value, 'referrer', code)
  if (!url.ok) return url
  return ok(`${url.value.origin}${url.value.pathname}`)
}
