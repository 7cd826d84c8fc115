import { safe } from './safe.js'

/**
 * Runs `fn` once the document is parsed: now if it is, else on DOMContentLoaded. So the script
 * works loaded anywhere (head, end of body, defer, async) and never waits on rendering.
 *
 * @example
 * whenReady(() => document.body.append(banner))
 */
export function whenReady(fn: () => void): void {
  if (document.readyState == 'loading') document.addEventListener('DOMContentLoaded', safe(fn))
  else safe(fn)()
}
