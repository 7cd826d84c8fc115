/** A custom event's properties (the collector keeps at most 16, strings up to 256 characters). */
export type EventProps = Readonly<Record<string, string | number | boolean>>

/** One page consulted, kept on the device when `personalisation` is granted. */
export interface PageVisit {
  readonly path: string
  readonly title: string
  /** When it was consulted, epoch ms. */
  readonly time: number
}

/** The visitor's current choice, as `temoin.consent()` returns it. Dates are epoch ms. */
export interface ConsentState {
  readonly granted: readonly string[]
  readonly refused: readonly string[]
  /** First deposit of the choice cookie: no later decision moves it. */
  readonly deposit: number
  /** Time of the last decision. */
  readonly decided: number
  /** The policy version of the last decision (older than the policy's until it is asked again). */
  readonly version: string
  /** deposit + consent validity: when the choice cookie ends and the banner comes back. */
  readonly expires: number
  /** Id of the receipt the collector keeps as proof, once it answered and only if something is granted. */
  readonly receipt?: string
}

/**
 * `window.temoin`, and what `start()` returns.
 *
 * @example
 * temoin.on('change', (c) => c?.granted.includes('advertising') && loadAds())
 */
export interface TemoinApi {
  /** Opens the choices (second layer), to change or withdraw consent. */
  open(): void
  /** Sends a custom event ("operations performed"), under the same rules as page views. */
  track(name: string, props?: EventProps): void
  /** The last pages consulted, oldest first; [] unless `personalisation` is granted. */
  history(): PageVisit[]
  /** The current valid choice, or null while the visitor has to be asked. */
  consent(): ConsentState | null
  /** Called after each decision with the new choice. */
  on(event: 'change', listener: (consent: ConsentState | null) => void): void
  /** A ready-made "Manage my cookies" button (`data-temoin-manage`) to put in the page. */
  manageLink(): HTMLButtonElement
}

/**
 * How the page embeds Témoin, beyond the policy: what the IIFE reads from its script tag's
 * attributes, and what an ESM caller passes to `start()`.
 *
 * @example
 * start(config, { outbound: true, downloads: 'pdf,zip' })
 */
export interface StartOptions {
  /** Origin used when `config.endpoint` is '' (the script's own origin); else the page's. */
  readonly origin?: string
  /** Send an `outbound` event {url} for clicks on links to other sites. */
  readonly outbound?: boolean
  /** Send a `download` event {file} for links with a `download` attribute and to files: true for the usual extensions, or a list ('pdf,zip'). */
  readonly downloads?: boolean | string
}
