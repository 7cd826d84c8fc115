#!/usr/bin/env node
// The only place that calls process.exit: the CLI itself is run(argv, io) in src/cli/run.ts.
import { run } from '../dist/cli/run.js'

// Every file and folder this process creates is its user's only (0600/0700, README:
// "The data folder"), whoever creates it: DuckDB makes temoin.duckdb, its .wal and its temp folder
// itself, with no mode we could pass. The umask is process-wide state, so it is set here, with
// process.exit and the signals, before any command runs and so before any store opens; run()
// stays free of it, and in-process tests keep their own. Our own files carry explicit modes too,
// and public outputs (temoin publish's figures) are made readable explicitly.
process.umask(0o077)

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
