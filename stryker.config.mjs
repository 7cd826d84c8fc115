// @ts-check
/**
 * Mutation testing (StrykerJS): the settings every group shares. `npm run mutate -- <group>`
 * (scripts/mutate.ts) adds the group's files; docs/testing.md says what each group costs.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.check.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  // The first run of every test, which maps tests to mutants: minutes on a loaded machine.
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json', 'live-survivors'],
  appendPlugins: ['./scripts/stryker-live-survivors.mjs'],
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  incremental: true,
  cleanTempDir: 'always',
  ignorePatterns: ['reports', '.data', 'examples/site/_site', 'bench/results*'],
  thresholds: { high: 95, low: 90, break: null },
}
