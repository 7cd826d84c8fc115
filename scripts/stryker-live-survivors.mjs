// @ts-check
import { declareClassPlugin, PluginKind } from '@stryker-mutator/api/plugin'

/**
 * A Stryker reporter that prints each survivor the moment it survives, in the form of the
 * summary (`survived: file:line Mutator → replacement`, with `(live)`), so that work on the first
 * survivors of a long run can start before the run ends (docs/testing.md).
 */
class LiveSurvivors {
  static inject = /** @type {const} */ ([])

  /** @param {Readonly<import('@stryker-mutator/api/core').MutantResult>} result */
  onMutantTested(result) {
    if (result.status !== 'Survived' && result.status !== 'NoCoverage') return
    const where = `${result.fileName}:${result.location.start.line}`
    console.log(`  survived (live): ${where} ${result.mutatorName} → ${result.replacement ?? ''}`)
  }
}

export const strykerPlugins = [
  declareClassPlugin(PluginKind.Reporter, 'live-survivors', LiveSurvivors),
]
