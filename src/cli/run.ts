import { parseArgs, type ParseArgsConfig } from 'node:util'
import { AppError, isAppError } from '../lib/app-error.js'
import { demoCommand } from './demo-command.js'
import type { Io } from './io.js'
import { policyCommand } from './policy-command.js'
import { publishCommand } from './publish-command.js'
import { purgeCommand } from './purge-command.js'
import { seedCommand } from './seed-command.js'
import { serveCommand } from './serve-command.js'
import { tokenCommand } from './token-command.js'

export type { Io }

const HELP = `temoin — consent, audience measurement and publication for websites

Usage:
  temoin serve [--config FILE] [--data DIR] [--port N] [--host H]
      Run the collector and the dashboard (/dashboard) on the embedded store (DuckDB file in
      DIR). The first start prints the dashboard's admin secret, unless TEMOIN_ADMIN_SECRET is set.
  temoin demo [--site DIR] [--config FILE] [--data DIR] [--port N]
      Serve a built site (default examples/site/_site; npm run demo:build builds it) and the
      collector on one port, and print the URLs. --config defaults to examples/temoin.yaml.
  temoin policy check FILE [--previous OLDFILE]
      Check a policy file; print every problem; exit 1 on any error. With --previous, also
      check that a version lowering confidentiality is announced notice.days ahead.
  temoin policy diff OLD NEW
      Print each change between two policy files, minor or lowering confidentiality, and why.
  temoin purge [--config FILE] [--data DIR]
      Delete what the retention periods no longer allow (through the server if it runs).
  temoin publish --spec FILE [--out DIR] [--config FILE] [--data DIR]
      Publish the aggregated figures a release spec describes (docs/publish.md): differential
      privacy with a budget ledger, or exact counts with suppression and an LP audit. Writes CSV,
      Parquet, release.json and index.html into DIR (default figures/NAME). Through the server
      if it runs.
  temoin seed --events N [--months M] [--seed S] [--config FILE] [--data DIR]
      Write N realistic synthetic events (and N/20 consent receipts) spread over M months
      (default 12), for demos and benchmarks.
  temoin token create --name NAME | token list | token revoke NAME [--data DIR]
      API tokens for scripts reading /api/stats (Authorization: Bearer …); a token is printed
      once. Works while the server runs: it re-reads the tokens at the next request.
  temoin help | --help
  temoin version | --version

Defaults: --config temoin.yaml, --data ./.data (or TEMOIN_CONFIG, TEMOIN_DATA).
Environment: TEMOIN_ADMIN_SECRET, the dashboard's secret (16+ characters), takes precedence over
the one the first start made (admin-secret.json in the data folder).
`

/** Options shared by the commands that read the policy and the data folder. */
const COMMON = {
  config: { type: 'string' },
  data: { type: 'string' },
} as const satisfies ParseArgsConfig['options']

/** Parsed common options, with the environment's defaults. */
export interface CommonOptions {
  readonly config: string
  readonly data: string
}

/**
 * Parses a command's options; unknown options and stray arguments are USAGE errors.
 *
 * @example parseCommandArgs(['--port', '80'], { port: { type: 'string' } }, io)
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(
  args: readonly string[],
  options: O,
  io: Io,
  positionals = 0,
) {
  let parsed
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...COMMON, ...options },
      allowPositionals: positionals > 0,
      strict: true,
    })
  } catch (e) {
    throw new AppError('USAGE', e instanceof Error ? e.message : String(e))
  }
  if (parsed.positionals.length > positionals) {
    throw new AppError('USAGE', `unexpected argument "${parsed.positionals[positionals] ?? ''}"`)
  }
  const values = parsed.values as Record<string, string | boolean | undefined>
  const common: CommonOptions = {
    config:
      typeof values.config === 'string' ? values.config : (io.env.TEMOIN_CONFIG ?? 'temoin.yaml'),
    data: typeof values.data === 'string' ? values.data : (io.env.TEMOIN_DATA ?? '.data'),
  }
  return { values, positionals: parsed.positionals, common }
}

/**
 * Parses a whole number option; `undefined` when absent.
 *
 * @example parseIntegerOption('--port', '8080', 0, 65535) // 8080
 */
export function parseIntegerOption(
  name: string,
  raw: unknown,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined
  const n = typeof raw === 'string' && /^[0-9.e+]+$/i.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError(
      'USAGE',
      `${name} must be a whole number from ${min} to ${max}, got "${typeof raw === 'string' ? raw : typeof raw}"`,
    )
  }
  return n
}

/**
 * The `temoin` command. Returns the exit code; only bin/temoin.js calls process.exit.
 *
 * @example const code = await run(['policy', 'check', 'temoin.yaml'], io)
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(rest, io)
      case 'demo':
        return await demoCommand(rest, io)
      case 'policy':
        return await policyCommand(rest, io)
      case 'purge':
        return await purgeCommand(rest, io)
      case 'publish':
        return await publishCommand(rest, io)
      case 'seed':
        return await seedCommand(rest, io)
      case 'token':
        return await tokenCommand(rest, io)
      case 'version':
      case '--version':
        io.stdout.write(`${await packageVersion()}\n`)
        return 0
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(HELP)
        return 0
      default:
        throw new AppError('USAGE', `unknown command "${command}"`)
    }
  } catch (e) {
    return reportError(e, io)
  }
}

/** Prints an error as `temoin: CODE: message`, its details, and the next step. */
export function reportError(e: unknown, io: Io): number {
  if (isAppError(e)) {
    io.stderr.write(`temoin: ${e.code}: ${e.message}\n`)
    for (const line of e.details) io.stderr.write(`  ${line}\n`)
    io.stderr.write(`  → ${e.fix}\n`)
    return e.code === 'USAGE' ? 2 : 1
  }
  io.stderr.write(`temoin: INTERNAL: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
  return 1
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  const pkg = JSON.parse(
    await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
  ) as { version: string }
  return pkg.version
}
