import { postBeacon } from './post-beacon.js'
import { safe } from './safe.js'
import type { EventProps, StartOptions } from './temoin-api.js'
import { toPageUrl } from './to-page-url.js'

/** What the tracker needs to know, asked again before every hit. */
export interface TrackerOptions extends Pick<StartOptions, 'outbound' | 'downloads'> {
  /** Collector base URL, no trailing slash. */
  readonly collector: string
  /** The query keys the policy keeps (`queryKeys`). */
  readonly keptKeys: readonly string[]
  /**
   * Who the hit is from: null sends nothing, '' an anonymous hit (no identifier of any kind),
   * else the visitor id. Asked at each hit, so that a withdrawal stops the beacons at once.
   */
  who(): string | null
  /** Called on every new page (load and SPA navigation), before its hit. */
  onPage?(): void
}

/** The tracker's controls. */
export interface Tracker {
  readonly track: (name: string, props?: EventProps) => void
  /** Sends the current page's view unless it was sent already (after a consent on this page). */
  readonly pageview: () => void
}

/** The usual file extensions of `data-downloads` without a value. */
const FILES = 'pdf,zip,csv,docx,xlsx'

/**
 * The tracker: a page view on load and on each SPA navigation (History API, when the path
 * changes), custom events, and opt-in outbound-link and download clicks, sent as beacons to
 * `POST /api/event`. Props are sent as given: the collector answers 400 past its limits.
 *
 * @example
 * const tracker = createTracker({ collector, keptKeys: ['utm_source'], who: () => '' })
 * tracker.track('signup', { plan: 'pro' })
 */
export function createTracker(o: TrackerOptions): Tracker {
  // Links with a `download` attribute, and links to these extensions.
  const files = o.downloads && (o.downloads === true ? FILES : o.downloads).split(',')
  let path = ''
  let sent = ''
  // Only the landing page has a referrer; its origin and path only (the collector keeps no more).
  let referrer = /^https?:/.test(document.referrer) ? toPageUrl(document.referrer, []) : undefined

  /** Sends a custom event, or the current page's view unless it was sent already. */
  const send = (event?: { name: string; props?: EventProps }) => {
    const visitor = o.who()
    const url = toPageUrl(location.href, o.keptKeys)
    if (visitor == null || (!event && sent == url)) return
    if (!event) sent = url
    // JSON leaves the undefined fields out: no empty visitor, no referrer on an event.
    const hit = { type: event ? 'event' : 'pageview', url, visitor: visitor || undefined }
    postBeacon(o.collector + '/api/event', { ...hit, ...(event || { referrer }) })
  }
  const track = safe((name: string, props?: EventProps) => {
    if (name) send({ name, props })
  })
  const navigate = safe(() => {
    if (location.pathname == path) return
    if (path) referrer = undefined
    path = location.pathname
    o.onPage?.()
    send()
  })

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method].bind(history)
    history[method] = (...args) => {
      original(...args)
      navigate()
    }
  }
  addEventListener('popstate', navigate)
  addEventListener(
    'click',
    safe((e: MouseEvent) => {
      const a = (e.target as Element).closest<HTMLAnchorElement>('a[href]')
      if (!a || !/^http/.test(a.protocol)) return
      const url = a.origin + a.pathname
      const ext = a.pathname.split('.').pop()!.toLowerCase()
      if (files && (a.hasAttribute('download') || files.includes(ext)))
        track('download', { file: url })
      else if (o.outbound && a.host != location.host) track('outbound', { url })
    }),
    true,
  )

  navigate()
  return { track, pageview: () => send() }
}
