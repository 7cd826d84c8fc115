import type { BrowserConfig } from '../protocol/browser-config.js'
import { createTemoin } from './create-temoin.js'
import type { ConsentState, EventProps, StartOptions, TemoinApi } from './temoin-api.js'

export type { BrowserConfig, BrowserPurpose } from '../protocol/browser-config.js'
export type { ConsentState, EventProps, PageVisit, StartOptions, TemoinApi } from './temoin-api.js'

/** A page runs one Témoin: the named exports below act on it. */
let instance: TemoinApi | undefined

/**
 * Starts Témoin in this page (banner, consent, tracker) from a BrowserConfig (the policy's
 * toBrowserConfig, rendered by the site's build or fetched from its server).
 * Calling it again returns the running instance.
 *
 * @example
 * import { start } from 'temoin/browser'
 * const temoin = start(config, { outbound: true })
 */
export function start(config: BrowserConfig, options?: StartOptions): TemoinApi {
  return (instance ||= createTemoin(config, options))
}

/**
 * The current choice of the started instance, or null (not started, or not decided yet).
 *
 * @example
 * if (consent()?.granted.includes('personalisation')) showRecommendations()
 */
export function consent(): ConsentState | null {
  return instance?.consent() ?? null
}

/**
 * Sends a custom event through the started instance (nothing before `start`).
 *
 * @example
 * track('newsletter', { list: 'weekly' })
 */
export function track(name: string, props?: EventProps): void {
  instance?.track(name, props)
}
