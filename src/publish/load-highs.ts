import highsModule from 'highs'
import type { Highs } from 'highs'

type Loader = () => Promise<Highs>

let loading: Promise<Highs> | undefined

/**
 * The HiGHS solver (WebAssembly), loaded once per process (about 0.3 s): each audit makes and
 * disposes of its own models, so one instance serves every release. A failed load is tried again
 * next time. The package's ESM build exports the loader as its default, while its types describe
 * the CommonJS shape (`module.exports.default`): take whichever this runtime gives.
 *
 * @example const highs = await loadHighs()
 */
export function loadHighs(): Promise<Highs> {
  if (loading === undefined) {
    const candidate = highsModule as unknown as Loader | { default: Loader }
    const load = typeof candidate === 'function' ? candidate : candidate.default
    loading = load().catch((error: unknown) => {
      loading = undefined
      throw error
    })
  }
  return loading
}
