import { defineConfig } from 'vitest/config'
import { browserProjects } from './vitest.browser-project.js'

/**
 * The tests a mutation run of the browser group may use (scripts/mutate.ts): the browser-mode
 * tests of src/browser/, in Chromium on http and on https. Vite serves the mutated modules to
 * the page, so, unlike test/browser/ (the built bundle), these tests see every mutant.
 */
export default defineConfig({
  test: { projects: browserProjects() },
})
