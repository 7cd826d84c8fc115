import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { checkPrivacyPage, formatPageProblem } from '../legal/check-privacy-page.js'
import { AppError } from '../lib/app-error.js'
import { inspectConfig, loadConfig } from '../policy/load-config.js'
import { noticeFor, type PolicyNotice } from '../policy/notice-for.js'
import { formatProblem } from '../policy/policy-problem.js'
import type { Policy } from '../policy/policy-schema.js'
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
  options: {
    readonly previous?: string
    readonly page?: readonly string[]
    readonly publishes?: boolean
  },
  io: Io,
): Promise<number> {
  const previousFile = options.previous
  // The previous version must itself be usable: its problems are not this file's to list.
  const previous =
    previousFile === undefined
      ? undefined
      : (await loadConfig(resolve(io.cwd, previousFile))).policy
  const report = await inspectConfig(resolve(io.cwd, file), previous ? { previous } : {})
  let errors = report.problems.filter((p) => p.severity === 'error').length
  let warnings = report.problems.length - errors
  for (const p of report.problems) io.stdout.write(`${formatProblem(p)}\n`)
  // Hand-written privacy pages, read against the policy as the Eleventy plugin reads them.
  const policy = report.config?.policy
  for (const page of options.page ?? []) {
    if (policy === undefined) break
    const problems = checkPrivacyPage(await readPage(resolve(io.cwd, page)), policy, {
      publishes: options.publishes === true,
      language: pageLanguage(policy, page),
    })
    for (const p of problems) io.stdout.write(`${formatPageProblem(page, p)}\n`)
    const pageErrors = problems.filter((p) => p.severity === 'error').length
    errors += pageErrors
    warnings += problems.length - pageErrors
  }
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

async function readPage(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    throw new AppError(
      'USAGE',
      `--page ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); give the path of the hand-written privacy page.`,
    )
  }
}

/** The page's language: its entry in the policy's `legal` list, else the policy's first language. */
function pageLanguage(policy: Policy, page: string): string {
  const normal = page.replace(/\\/g, '/')
  const entry = policy.legal.find(
    (l) => l.kind === 'privacy' && (normal === l.source || normal.endsWith(`/${l.source}`)),
  )
  return entry?.language ?? policy.languages[0] ?? 'fr'
}
