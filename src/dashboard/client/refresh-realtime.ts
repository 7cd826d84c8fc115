/** What `/api/stats/realtime` answers. */
interface Realtime {
  readonly visits: number
  readonly pageviews: number
}

/**
 * Reads the real-time figures again every 30 seconds (same origin, with the session cookie)
 * while the page is visible, and writes them as text.
 *
 * @example refreshRealtime(document)
 */
export function refreshRealtime(root: Document): void {
  const panel = root.querySelector<HTMLElement>('[data-realtime-src]')
  const src = panel?.dataset.realtimeSrc
  if (!panel || !src) return
  // Figures written as the server wrote them: in the page's language.
  const format = new Intl.NumberFormat(root.documentElement.lang || 'en')
  const update = async () => {
    if (root.visibilityState !== 'visible') return
    try {
      const res = await fetch(src, {
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      })
      if (!res.ok) return
      const data = (await res.json()) as Realtime
      for (const key of ['visits', 'pageviews'] as const) {
        const el = panel.querySelector(`[data-realtime="${key}"]`)
        if (el && typeof data[key] === 'number') el.textContent = format.format(data[key])
      }
    } catch {
      // Offline or the server restarting: the figures stay as they were until the next try.
    }
  }
  setInterval(() => void update(), 30_000)
}
