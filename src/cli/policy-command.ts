import { resolve } from 'node:path'
import { inspectConfig, loadConfig } from '../policy/load-config.js'
import { noticeFor, type PolicyNotice } from '../policy/notice-for.js'
import { formatProblem } from '../policy/policy-problem.js'
import type { Io } from './io.js'

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * `temoin policy check FILE [--previous OLDFILE]`: prints every problem of the file at once
 * (errors and warnings, each with its key, rule and fix) and exits 1 when there is an error; with
 * `--previous`, also checks the notice period of a version that lowers confidentiality.
 *
 * @example await policyCheckCommand('temoin.yaml', {}, io) // 0 when valid
 */
export async function policyCheckCommand(
  file: string,
  options: { readonly previous?: string },
  io: Io,
): Promise<number> {
  const previousFile = options.previous
  // The previous version must itself be usable: its problems are not this file's to list.
  const previous =
    previousFile === undefined
      ? undefined
      : (await loadConfig(resolve(io.cwd, previousFile))).policy
  const report = await inspectConfig(resolve(io.cwd, file), previous ? { previous } : {})
  const errors = report.problems.filter((p) => p.severity === 'error').length
  const warnings = report.problems.length - errors
  for (const p of report.problems) io.stdout.write(`${formatProblem(p)}\n`)
  if (previous && report.config) {
    const notice = noticeFor(previous, report.config.policy)
    io.stdout.write(
      `compared with ${previousFile ?? ''} (version ${previous.version}): ${verdict(notice)}\n`,
    )
  }
  const version = report.config ? ` (version ${report.config.policy.version})` : ''
  io.stdout.write(
    errors === 0
      ? `${file}: valid${version}${warnings ? `, ${plural(warnings, 'warning')}` : ''}\n`
      : `${file}: ${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''}\n`,
  )
  return errors === 0 ? 0 : 1
}

/**
 * `temoin policy diff OLD NEW`: prints each change, classified, and a verdict; exits 0.
 *
 * @example await policyDiffCommand('old.yaml', 'temoin.yaml', io)
 */
export async function policyDiffCommand(oldFile: string, newFile: string, io: Io): Promise<number> {
  const old = await loadConfig(resolve(io.cwd, oldFile))
  const next = await loadConfig(resolve(io.cwd, newFile))
  const notice = noticeFor(old.policy, next.policy)
  const width = Math.max(0, ...notice.changes.map((c) => c.key.length))
  for (const c of notice.changes) {
    io.stdout.write(`${c.kind.padEnd(22)}  ${c.key.padEnd(width)}  ${c.why}\n`)
  }
  io.stdout.write(`${verdict(notice)}\n`)
  return 0
}

/**
 * 'lowers confidentiality: 2 changes, 1 minor; asks again for: advertising; visitors of every site',
 * 'minor: 3 changes' or 'no change'.
 */
function verdict(notice: PolicyNotice): string {
  const lowering = notice.changes.filter((c) => c.kind === 'lowers-confidentiality').length
  const minor = notice.changes.length - lowering
  if (lowering === 0) return minor === 0 ? 'no change' : `minor: ${plural(minor, 'change')}`
  const asks = notice.purposes.length > 0 ? `; asks again for: ${notice.purposes.join(', ')}` : ''
  const sites = `; visitors of ${notice.sites.length > 0 ? notice.sites.join(', ') : 'every site'}`
  return `lowers confidentiality: ${plural(lowering, 'change')}${minor > 0 ? `, ${minor} minor` : ''}${asks}${sites}`
}
