/**
 * The dashboard's browser module: everything here is a convenience on a page that works
 * without it (links and GET forms carry every choice in the URL). It draws the series chart,
 * submits the site picker on change, makes a whole table row follow its filter link, and
 * refreshes the real-time figures every 30 seconds.
 */
import { drawSeries } from './draw-series.js'
import { followRowLinks } from './follow-row-links.js'
import { refreshRealtime } from './refresh-realtime.js'

drawSeries(document)
followRowLinks(document)
refreshRealtime(document)
for (const select of document.querySelectorAll<HTMLSelectElement>('select[data-autosubmit]')) {
  select.addEventListener('change', () => select.form?.requestSubmit())
}
