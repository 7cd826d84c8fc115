import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { AppError } from '../lib/app-error.js'
import { demoCommand } from './demo-command.js'
import { migrateCommand } from './migrate-command.js'
import type { Io } from './io.js'
import type { CommonOptions } from './options.js'
import { policyCheckCommand, policyDiffCommand } from './policy-command.js'
import { publishCommand } from './publish-command.js'
import { purgeCommand } from './purge-command.js'
import { seedCommand } from './seed-command.js'
import { serveCommand } from './serve-command.js'
import { receiptsExportCommand, receiptsVerifyCommand } from './receipts-command.js'
import type { ReceiptsExportOptions } from './receipts-command.js'
import { tokenCreateCommand, tokenListCommand, tokenRevokeCommand } from './token-command.js'

/** What commander gives an action for `--config` and `--data`. */
interface RawCommon {
  readonly config?: string
  readonly data?: string
  readonly store?: string
}

const DEFAULTS = `
Defaults: --config temoin.yaml, --data ./.data, --store: the policy file's \`store\`, else the data
folder's DuckDB file (or the environment's TEMOIN_CONFIG, TEMOIN_DATA, TEMOIN_STORE).`

/**
 * The `temoin` command line, on commander: every command and subcommand with its options, its
 * arguments and an example, so that `temoin help`, `temoin COMMAND --help` and `temoin help
 * COMMAND` explain each one. An action stores its exit code in `exit`; errors are thrown, never
 * printed here (run() prints them the one way every error is printed).
 *
 * @example const { program, exit } = createProgram(io); await program.parseAsync(['token', 'list'], { from: 'user' })
 */
export function createProgram(io: Io): { program: Command; exit: () => number } {
  let code = 0
  /** `--config`, `--data` and `--store` with the environment's defaults (io.env, not process.env). */
  const common = (o: RawCommon): CommonOptions => {
    const store = o.store ?? io.env.TEMOIN_STORE
    return {
      config: o.config ?? io.env.TEMOIN_CONFIG ?? 'temoin.yaml',
      data: o.data ?? io.env.TEMOIN_DATA ?? '.data',
      ...(store === undefined ? {} : { store }),
    }
  }
  /**
   * A command that reads the store (with the policy file and the data folder), the policy file
   * and the data folder, or only the folder.
   */
  const command = (parent: Command, name: string, reads: 'store' | 'config' | 'data' | 'none') => {
    const c = parent.command(name)
    if (reads === 'config' || reads === 'store') c.option('--config <file>', 'the policy file')
    if (reads !== 'none') c.option('--data <dir>', 'the data folder')
    if (reads === 'store')
      c.option(
        '--store <url>',
        'the store, instead of the policy file’s: duckdb, or clickhouse://[user@]host[:port][/database] (docs/clickhouse.md)',
      )
    return c
  }
  const examples = (...lines: string[]) =>
    `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n${DEFAULTS}\n`
  const act =
    <A extends unknown[]>(f: (...args: A) => Promise<number>) =>
    async (...args: A) => {
      code = await f(...args)
    }

  const program = new Command('temoin')
    .description('Consent, audience measurement and publication for websites.')
    .version(packageVersion(), '--version', 'print the version')
    .helpOption('-h, --help', 'print this help')
    .helpCommand('help [command...]', 'print the help of a command')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // run() prints errors, as USAGE, the way every other error is printed.
      outputError: () => undefined,
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', DEFAULTS)

  command(program, 'serve', 'store')
    .description(
      'Run the collector and the dashboard (/dashboard) on the data folder’s DuckDB file, or on ClickHouse (store.clickhouse in the policy file, or --store). The first start prints the dashboard’s admin secret, unless TEMOIN_ADMIN_SECRET (16+ characters) is set.',
    )
    .option('--port <n>', 'the port to listen on (0: any free one); default: server.port')
    .option('--host <host>', 'the address to listen on; default: server.host')
    .addHelpText(
      'after',
      examples(
        'temoin serve',
        'temoin serve --config site.yaml --data /var/lib/temoin --port 8080',
      ),
    )
    .action(
      act((o: RawCommon & { port?: string; host?: string }) =>
        serveCommand({ ...o, ...common(o) }, io),
      ),
    )

  command(program, 'demo', 'config')
    .description(
      'Serve a built site and the collector on one port, and print the URLs. The site is examples/site/_site unless --site says (npm run demo:build builds it); the policy is examples/temoin.yaml unless --config or TEMOIN_CONFIG says.',
    )
    .option('--site <dir>', 'the built site to serve')
    .option('--port <n>', 'the port to listen on (0: any free one)')
    .addHelpText('after', examples('temoin demo', 'temoin demo --site _site --port 8080'))
    .action(
      act((o: RawCommon & { site?: string; port?: string }) =>
        demoCommand({ ...o, config: o.config ?? io.env.TEMOIN_CONFIG, data: common(o).data }, io),
      ),
    )

  const policy = program
    .command('policy')
    .description('Check a policy file, or compare two versions of it.')
  policy
    .command('check')
    .description(
      'Check a policy file and print every problem (its key, the rule, the fix); exit 1 on any error. With --previous, also check that a version lowering confidentiality is announced notice.days ahead.',
    )
    .argument('<file>', 'the policy file')
    .option('--previous <oldfile>', 'the version in force, to compare with')
    .option(
      '--page <file>',
      'a hand-written privacy page to read against the policy (its durations, its purposes, its recipients); repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--publishes',
      'the site shows figures from temoin publish: the page must say they are aggregated',
    )
    .addHelpText(
      'after',
      examples(
        'temoin policy check temoin.yaml',
        'temoin policy check temoin.yaml --previous old.yaml',
        'temoin policy check temoin.yaml --page site/confidentialite.md',
      ),
    )
    .action(
      act((file: string, o: { previous?: string; page?: string[]; publishes?: boolean }) =>
        policyCheckCommand(file, o, io),
      ),
    )
  policy
    .command('diff')
    .description(
      'Print each change between two policy files, minor or lowering confidentiality, and why.',
    )
    .argument('<old>', 'the version in force')
    .argument('<new>', 'the new version')
    .addHelpText('after', examples('temoin policy diff old.yaml temoin.yaml'))
    .action(act((oldFile: string, newFile: string) => policyDiffCommand(oldFile, newFile, io)))

  command(program, 'purge', 'store')
    .description(
      'Delete what the retention periods no longer allow now (the server also does it on its own). Goes through the server when it runs.',
    )
    .addHelpText('after', examples('temoin purge', 'temoin purge --config site.yaml --data .data'))
    .action(act((o: RawCommon) => purgeCommand(common(o), io)))

  command(program, 'publish', 'store')
    .description(
      'Publish the aggregated figures a release spec describes (docs/publish.md): differential privacy with a budget ledger, or exact counts with suppression and an LP audit. Writes TABLE.csv, TABLE.parquet, release.json and index.html. Goes through the server when it runs.',
    )
    .requiredOption('--spec <file>', 'the release spec (YAML)')
    .option('--out <dir>', 'where to write the files; default: figures/NAME')
    .addHelpText(
      'after',
      examples(
        'temoin publish --spec release.yaml',
        'temoin publish --spec release.yaml --out public/figures',
      ),
    )
    .action(
      act((o: RawCommon & { spec: string; out?: string }) =>
        publishCommand({ ...o, ...common(o) }, io),
      ),
    )

  command(program, 'seed', 'store')
    .description(
      'Write N realistic synthetic events (and one consent receipt per 20 events) spread over M months, for demos and benchmarks. Needs the data folder for itself (stop the server first).',
    )
    .requiredOption('--events <n>', 'how many events (1 to 1e9)')
    .option('--months <m>', 'over how many months up to now (1 to 120; default 12)')
    .option('--seed <s>', 'the random seed (default 1)')
    .addHelpText(
      'after',
      examples('temoin seed --events 100000', 'temoin seed --events 1e6 --months 3'),
    )
    .action(
      act((o: RawCommon & { events: string; months?: string; seed?: string }) =>
        seedCommand({ ...o, ...common(o) }, io),
      ),
    )

  command(program, 'migrate', 'data')
    .description(
      'Copy the data folder’s events and consent receipts into a ClickHouse database, with a progress bar, then check each month’s counts in both (docs/clickhouse.md). Stopped, the same command goes on where it stopped, copying nothing twice. Needs the data folder for itself (stop the server first).',
    )
    .requiredOption(
      '--to <url>',
      'the ClickHouse server and database: clickhouse://[user@]host[:port]/database',
    )
    .addHelpText(
      'after',
      examples(
        'temoin migrate --to clickhouse://127.0.0.1:8123/temoin',
        'TEMOIN_CLICKHOUSE_PASSWORD=… temoin migrate --data /var/lib/temoin --to clickhouses://writer@db1/temoin',
      ),
    )
    .action(act((o: RawCommon & { to: string }) => migrateCommand({ ...common(o), to: o.to }, io)))

  const receipts = program
    .command('receipts')
    .description(
      'The consent receipts, as proof for an inspector: exported with a digest chain, and checked (docs/consent-records.md).',
    )
  command(receipts, 'export', 'store')
    .description(
      'Write the receipts of a site (by period, id, visitor, purpose and decision) as JSON Lines or CSV, with their digest chain; print the digest. Works while the server runs.',
    )
    .requiredOption('--site <domain>', 'a site of the policy')
    .option('--from <date>', 'first day, YYYY-MM-DD (UTC); default a year before --to')
    .option('--to <date>', 'last day, included; default today')
    .option('--id <receipt>', 'one receipt, by its id')
    .option('--visitor <id>', 'the receipts of one visitor id')
    .option('--purpose <id>', 'the receipts that granted (or, with --decision refused, refused) it')
    .option('--decision <granted|refused>', 'with --purpose')
    .option('--format <json|csv>', 'json (JSON Lines, the default) or csv')
    .option('--out <file>', 'the file to write (mode 0600); stdout without it')
    .addHelpText(
      'after',
      examples(
        'temoin receipts export --site example.org --from 2026-01-01 --to 2026-03-31 --format csv --out receipts.csv',
        'temoin receipts export --site example.org --visitor 1767225600.0123456789abcdef0123456789abcdef',
      ),
    )
    .action(act((o: RawCommon & ReceiptsExportOptions) => receiptsExportCommand(o, common(o), io)))
  receipts
    .command('verify')
    .description(
      'Check an export: its digest chain, its end, and the digest printed at the export (--digest). Names the first line that does not match.',
    )
    .argument('<file>', 'the export (JSON Lines or CSV)')
    .option('--digest <hex>', 'the digest the export printed')
    .addHelpText('after', examples('temoin receipts verify receipts.csv --digest 9f86d08…'))
    .action(act((file: string, o: { digest?: string }) => receiptsVerifyCommand(file, o, io)))

  const token = program
    .command('token')
    .description(
      'API tokens for scripts reading /api/stats (Authorization: Bearer …). Works while the server runs: it re-reads the tokens at the next request.',
    )
  command(token, 'create', 'config')
    .description(
      'Make a token and print it, once: only its hash is kept. With --site, it reads those sites only (and the public ones); without, every site.',
    )
    .requiredOption('--name <name>', 'a name to list and revoke it by')
    .option(
      '--site <domain>',
      'a site of the policy it may read (repeat for several)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addHelpText(
      'after',
      examples(
        'temoin token create --name ci',
        'temoin token create --name client-a --site example.org',
      ),
    )
    .action(
      act((o: RawCommon & { name: string; site?: string[] }) =>
        tokenCreateCommand({ name: o.name, sites: o.site }, common(o), io),
      ),
    )
  command(token, 'list', 'data')
    .description('List the tokens by name, with their creation date and the sites each reads.')
    .addHelpText('after', examples('temoin token list'))
    .action(act((o: RawCommon) => tokenListCommand(common(o), io)))
  command(token, 'revoke', 'data')
    .description('Revoke a token: it is refused from its next request on.')
    .argument('<name>', 'the token’s name')
    .addHelpText('after', examples('temoin token revoke ci'))
    .action(act((name: string, o: RawCommon) => tokenRevokeCommand(name, common(o), io)))

  program
    .command('version')
    .description('Print the version.')
    .action(() => {
      io.stdout.write(`${packageVersion()}\n`)
    })

  return { program, exit: () => code }
}

/**
 * A commander error (an unknown command or option, a missing argument) as Témoin's USAGE error,
 * pointing to the help of the command that was asked for.
 *
 * @example fromCommander(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), 'temoin seed') // AppError USAGE
 */
export function fromCommander(e: CommanderError, asked: string): AppError {
  return new AppError('USAGE', e.message.replace(/^error: /, ''), {
    details: [`\`${asked} --help\` lists its options, with an example.`],
  })
}

export { CommanderError }

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string
  }
  return pkg.version
}
