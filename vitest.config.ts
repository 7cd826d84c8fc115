import { configDefaults, defineConfig } from 'vitest/config'
import { BROWSER_TESTS, browserProjects } from './vitest.browser-project.js'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: [
            'src/**/*.test.ts',
            'test/**/*.test.ts',
            'bench/**/*.test.ts',
            'scripts/**/*.test.ts',
          ],
          // The browser-mode tests run in Chromium, in the project below.
          exclude: [...configDefaults.exclude, BROWSER_TESTS],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // DuckDB is native and the real-process tests spawn servers: forks isolate them best.
          pool: 'forks',
        },
      },
      ...browserProjects(),
    ],
  },
})
