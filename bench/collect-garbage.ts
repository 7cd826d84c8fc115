import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
/** V8's full collection, reachable without starting node with --expose-gc. */
const gc = runInNewContext('gc') as () => void

/**
 * Runs a full garbage collection now, so that the garbage one measured run leaves (SQLite's
 * JavaScript functions allocate a string per row) is not collected during the next one.
 *
 * @example collectGarbage(); const started = performance.now()
 */
export function collectGarbage(): void {
  gc()
}
