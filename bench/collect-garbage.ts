import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

setFlagsFromString('--expose-gc')
/** V8's full collection, reachable without starting node with --expose-gc. */
const gc = runInNewContext('gc') as () => void

/**
 * Runs a full garbage collection now, so that the garbage one measured run leaves is not
 * collected during the next one. (The worst of it, the SQLite baseline's, now stays in its own
 * process: bench/sqlite/sqlite-process.ts.)
 *
 * @example collectGarbage(); const started = performance.now()
 */
export function collectGarbage(): void {
  gc()
}
