import { isAppError } from '../lib/app-error.js'
import type { Io } from './io.js'
import { CommanderError, createProgram, fromCommander } from './program.js'
import type { Command } from 'commander'

export type { Io }
export type { CommonOptions } from './options.js'

/**
 * The `temoin` command. Returns the exit code; only bin/temoin.js calls process.exit. Without a
 * command it prints the help; `temoin help [COMMAND]` and `COMMAND --help` print a command's.
 *
 * @example const code = await run(['policy', 'check', 'temoin.yaml'], io)
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const { program, exit } = createProgram(io)
  try {
    if (argv.length === 0 || (argv.length === 1 && argv[0] === 'help')) {
      program.outputHelp()
      return 0
    }
    // `temoin help policy check` is `temoin policy check --help`, however deep the command.
    const words = argv[0] === 'help' ? [...argv.slice(1), '--help'] : [...argv]
    await program.parseAsync(words, { from: 'user' })
    return exit()
  } catch (e) {
    if (!(e instanceof CommanderError)) return reportError(e, io)
    // Help asked for, or the version: 0. A command group without its subcommand: its help,
    // already printed on stderr, and the usage error's code.
    if (e.exitCode === 0) return 0
    if (e.code === 'commander.help') return 2
    return reportError(fromCommander(e, commandPath(program, argv)), io)
  }
}

/** The command the user named: `temoin token create` for `token create --nam x`. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names = ['temoin']
  let command = program
  for (const word of argv) {
    const sub = command.commands.find((c) => c.name() === word)
    if (!sub) break
    names.push(word)
    command = sub
  }
  return names.join(' ')
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
