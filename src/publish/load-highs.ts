import highsModule from 'highs'
import type { Highs } from 'highs'

type Loader = () => Promise<Highs>

/**
 * Loads the HiGHS solver (WebAssembly, about 0.3 s). The package's ESM build exports the loader as
 * its default, while its types describe the CommonJS shape (`module.exports.default`): take
 * whichever this runtime gives.
 *
 * @example const highs = await loadHighs()
 */
export function loadHighs(): Promise<Highs> {
  const candidate = highsModule as unknown as Loader | { default: Loader }
  const load = typeof candidate === 'function' ? candidate : candidate.default
  return load()
}
