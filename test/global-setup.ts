import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/**
 * Builds dist/ once before the tests: the end-to-end tests run the real `bin/temoin.js`, as a
 * user would, and it runs the compiled code; the browser tests and the size budget read
 * dist/browser (scripts/build-browser.ts).
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url))
  execFileSync(
    process.execPath,
    [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.json'],
    { cwd: root, stdio: 'inherit' },
  )
  for (const script of ['scripts/build-browser.ts', 'scripts/build-dashboard.ts']) {
    execFileSync(process.execPath, ['--import', 'tsx', script], { cwd: root, stdio: 'inherit' })
  }
}
