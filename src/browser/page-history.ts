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
  try {
    return (JSON.parse(localStorage.getItem(HISTORY_KEY)!) as PageVisit[] | null) || []
  } catch {
    return []
  }
}

/**
 * Adds the current page to the history, keeping the last 20.
 *
 * @example
 * if (granted('personalisation')) recordPage(Date.now())
 */
export function recordPage(time: number): void {
  const list = readPageHistory()
  list.push({ path: location.pathname, title: document.title, time })
  localStorage.setItem(HISTORY_KEY, JSON.stringify(list.slice(-20)))
}
