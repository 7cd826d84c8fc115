/**
 * What temoin.js sends to `POST /api/event`: a page view, or a custom event ("operations
 * performed"). The site is the page URL's host; the server adds the time when `time` is absent,
 * and everything it learns from the request itself (country, device class) before dropping the IP.
 *
 * @example
 * const hit: EventPayload = { type: 'pageview', url: 'https://example.org/a?utm_source=x', referrer: 'https://news.example/' }
 */
export interface EventPayload {
  readonly type: 'pageview' | 'event'
  /** Absolute http(s) URL of the page. Its query is kept only for the keys the policy allows. */
  readonly url: string
  /** Absolute URL of the referring page, when there is one. Only origin and path are kept. */
  readonly referrer?: string
  /** When it happened, epoch ms, when the client queued it; otherwise the server's time. */
  readonly time?: number
  /** Visitor id (see visitor-id.ts): only when the visitor consented to `statistics`. */
  readonly visitor?: string
  /** Custom event name; required when `type` is `event`, absent for a page view. */
  readonly name?: string
  /** A few properties of a custom event. */
  readonly props?: Readonly<Record<string, string | number | boolean>>
}
