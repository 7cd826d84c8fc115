/**
 * Sends one JSON body as `text/plain` (no CORS preflight) with `sendBeacon`, which outlives the
 * page; `fetch` with `keepalive` when there is no beacon or its queue is full. Fire and forget:
 * a lost statistic must never surface in the page.
 *
 * @example
 * postBeacon('https://stats.example.org/api/event', { type: 'pageview', url: location.href })
 */
export function postBeacon(url: string, body: unknown): void {
  const text = JSON.stringify(body)
  if (!navigator.sendBeacon?.(url, text))
    fetch(url, { method: 'POST', body: text, keepalive: true }).catch(() => undefined)
}
