import { resolve } from 'node:path'
import { AppError } from '../lib/app-error.js'
import { inspectConfig } from '../policy/load-config.js'
import { formatProblem } from '../policy/policy-problem.js'
import type { Io } from './io.js'
import { parseCommandArgs } from './run.js'

/**
 * `temoin policy check FILE`: prints every problem of the file at once (errors and warnings,
 * each with its key, rule and fix) and exits 1 when there is an error.
 *
 * @example await policyCommand(['check', 'temoin.yaml'], io) // 0 when valid
 */
export async function policyCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'check')
    throw new AppError(
      'USAGE',
      `unknown policy command "${sub ?? ''}"; try: temoin policy check FILE`,
    )
  const { positionals } = parseCommandArgs(rest, {}, io, 1)
  const file = positionals[0]
  if (file === undefined)
    throw new AppError(
      'USAGE',
      'temoin policy check needs the policy file: temoin policy check FILE',
    )
  const report = await inspectConfig(resolve(io.cwd, file))
  const errors = report.problems.filter((p) => p.severity === 'error').length
  const warnings = report.problems.length - errors
  for (const p of report.problems) io.stdout.write(`${formatProblem(p)}\n`)
  const version = report.config ? ` (version ${report.config.policy.version})` : ''
  io.stdout.write(
    errors === 0
      ? `${file}: valid${version}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}\n`
      : `${file}: ${errors} error${errors > 1 ? 's' : ''}${warnings ? `, ${warnings} warning${warnings > 1 ? 's' : ''}` : ''}\n`,
  )
  return errors === 0 ? 0 : 1
}
