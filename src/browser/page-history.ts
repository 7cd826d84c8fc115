import { safe } from './safe.js'
import type { PageVisit } from './temoin-api.js'

/** localStorage key of the pages consulted (personalisation). */
export const HISTORY_KEY = 'temoin_history'

/**
 * The pages consulted, oldest first, as kept on the device when `personalisation` is granted
 * (the policy's "navigation information read again on later visits"); [] when there are none.
 *
 * @example
 * readPageHistory().at(-1)?.path // '/articles/42'
 */
export function readPageHistory(): PageVisit[] {
  return safe(() => JSON.parse(localStorage.getItem(HISTORY_KEY)!) as PageVisit[] | null)() || []
}

/**
 * Adds the current page to the history, keeping the last 20.
 *
 * @example
 * if (granted('personalisation')) recordPage(Date.now())
 */
export const recordPage = safe((time: number): void => {
  const list = readPageHistory()
  list.push({ path: location.pathname, title: document.title, time })
  localStorage.setItem(HISTORY_KEY, JSON.stringify(list.slice(-20)))
})

/**
 * Forgets the history (personalisation withdrawn). Storage may be refused to the page (blocked
 * cookies, private modes): then there is nothing to forget, and the choice must still apply.
 *
 * @example if (!granted('personalisation')) forgetPages()
 */
export const forgetPages = safe((): void => localStorage.removeItem(HISTORY_KEY))
