#!/usr/bin/env node
// The only place that calls process.exit: the CLI itself is run(argv, io) in src/cli/run.ts.
import { run } from '../dist/cli/run.js'

const controller = new AbortController()
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => controller.abort())
}
const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
})
process.exit(code)
