import type { Clock } from '../lib/clock.js'
import type { Config } from '../policy/policy-schema.js'
import type { Store } from '../store/store.js'
import type { Writer } from '../store/writer.js'
import type { GeoLookup } from './geo-lookup.js'

/**
 * What the collector is given: it picks nothing itself (no store, no clock, no randomness), so
 * that the CLI composes it for real and the tests drive it in-process with a fake clock.
 *
 * @example
 * createCollector({ config, store, writer, clock: systemClock, randomBytes: (n) => crypto.randomBytes(n), geo, clientAddress })
 */
export interface CollectorDeps {
  readonly config: Config
  /** Read side: visitor self-service and /healthz. */
  readonly store: Store
  /** Write side: every accepted event and receipt, acknowledged once committed. */
  readonly writer: Writer
  readonly clock: Clock
  readonly randomBytes: (n: number) => Uint8Array
  readonly geo: GeoLookup
  /** The client's address, for the country and the rate limit only; never stored or logged. */
  readonly clientAddress: (req: Request, env: unknown) => string | undefined
  /** Rendered browser scripts by file name (`temoin.js`, `temoin-tracker.js`), served at `/<name>`. */
  readonly scripts?: Readonly<Record<string, string>>
  /** Operational log lines; they never hold an address, a user agent or a visitor id. */
  readonly log?: (line: string) => void
}
