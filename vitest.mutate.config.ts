import { defineConfig } from 'vitest/config'
import { BROWSER_TESTS } from './vitest.browser-project.js'

/**
 * The tests a mutation run may use (scripts/mutate.ts, stryker.config.mjs). Stryker loads the
 * mutated code into its own test worker, so only tests that import `src/` can see a mutant:
 * the tests that start `bin/temoin.js` as a process or drive Chromium run the unmutated build,
 * would kill nothing and cost minutes each, so they are left out here (they still run in
 * `npm test`). The fuzz tests draw a new seed each run, which would make a score unrepeatable.
 */
const PROCESS_TESTS = [
  'test/cli.test.ts',
  'test/clickhouse-serve.test.ts',
  // Starts ZooKeeper and four ClickHouse servers; reaches no code of src/.
  'test/clickhouse-cluster.test.ts',
  'test/data-folder-modes.test.ts',
  'test/demo.test.ts',
  'test/hostile-http.test.ts',
  'test/kill-durability.test.ts',
  'test/poisoned-store.test.ts',
  'test/publish-command.test.ts',
  'test/fuzz-*.test.ts',
  'test/browser/**',
  // Reads the built bundle, which a mutant of src/ does not change.
  'src/browser/size-budget.test.ts',
  // Run in Chromium, by the browser group's own config (vitest.mutate.browser.config.ts).
  BROWSER_TESTS,
  // They load chdb. Stryker's vitest runner runs tests in worker threads, where chdb's engine
  // crashes the process (SIGSEGV; reproduced with `vitest --pool=threads --no-isolate`);
  // `npm test` runs them in forks. The ClickHouse store's mutants meet the 18.16 server's tests.
  'src/store/clickhouse/clickhouse-store-chdb.test.ts',
  'src/store/clickhouse/clickhouse-dialect-current.test.ts',
  'test/stats/stats-clickhouse.test.ts',
  'test/stats/stats-clickhouse-volume.test.ts',
  'test/publish-clickhouse.test.ts',
  // 100 000 events seeded before its first test, on the 18.16 server; the dialect's fragments
  // meet clickhouse-dialect.test.ts, the statistics' SQL the DuckDB tests.
  'test/stats/stats-clickhouse-server.test.ts',
]

export default defineConfig({
  test: {
    include: (process.env.TEMOIN_MUTATE_TESTS ?? 'src/**/*.test.ts,test/**/*.test.ts')
      .split(',')
      .filter(Boolean),
    exclude: [
      'node_modules/**',
      ...PROCESS_TESTS,
      // A group's own exclusions (scripts/mutate.ts, skipTests).
      ...(process.env.TEMOIN_MUTATE_SKIP_TESTS ?? '').split(',').filter(Boolean),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
