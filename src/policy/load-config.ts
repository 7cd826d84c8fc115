import { readFile } from 'node:fs/promises'
import { LineCounter, parseDocument } from 'yaml'
import { AppError } from '../lib/app-error.js'
import { checkDashboard } from './check-dashboard.js'
import { checkStore } from './check-store.js'
import { checkPolicyRules } from './check-policy-rules.js'
import type { PolicyRuleOptions } from './check-policy-rules.js'
import { locateKey } from './locate-key.js'
import { configFileSchema } from './policy-schema.js'
import type { Config } from './policy-schema.js'
import type { YAMLError } from 'yaml'
import { formatProblem } from './policy-problem.js'
import type { PolicyProblem } from './policy-problem.js'
import { toPolicyProblems } from './to-policy-problems.js'

/** Everything known about a configuration file: the config when usable, and every problem. */
export interface ConfigReport {
  /** The parsed configuration, with defaults filled; null exactly when some problem is an error. */
  readonly config: Config | null
  /** All problems at once, errors and warnings, in the order of the file's checks. */
  readonly problems: readonly PolicyProblem[]
}

/**
 * Checks the text of a configuration file and reports every problem at once: YAML syntax
 * (with line and column), then the schema, then — when the structure is sound — the CNIL limits
 * and the rules between keys. `source` names the file in syntax messages; `options.previous` (the
 * version this one replaces) adds the notice-period rules. Never throws.
 *
 * @example
 * const { config, problems } = inspectConfigText('version: "1"\n', 'temoin.yaml')
 * // config === null; problems name each missing key: effective, controller, sites, purposes
 */
export function inspectConfigText(
  text: string,
  source: string,
  options: PolicyRuleOptions = {},
): ConfigReport {
  const lineCounter = new LineCounter()
  // uniqueKeys (the default) makes a repeated key a syntax error rather than a silent override.
  const doc = parseDocument(text, { lineCounter })
  const syntax: PolicyProblem[] = [
    ...doc.errors.map((e) => yamlProblem('error', e, source)),
    ...doc.warnings.map((e) => yamlProblem('warning', e, source)),
  ]
  // A document with syntax errors is only half read: checking its keys would report noise.
  if (doc.errors.length > 0) return { config: null, problems: syntax }

  let data: unknown
  try {
    data = doc.toJS()
  } catch (e) {
    // toJS refuses alias bombs ("billion laughs") with an exception rather than a document error.
    const reason = e instanceof Error ? e.message : String(e)
    const problem: PolicyProblem = {
      severity: 'error',
      key: '',
      rule: 'yaml-syntax',
      message: `${source}: ${reason}.`,
      fix: 'write the values out instead of using so many YAML aliases (*name).',
    }
    return { config: null, problems: [...syntax, problem] }
  }
  const locate = (p: PolicyProblem): PolicyProblem => {
    if (p.key === '') return p
    const at = locateKey(doc, lineCounter, p.key)
    return at === undefined ? p : { ...p, line: at.line, column: at.column }
  }

  const parsed = configFileSchema.safeParse(data)
  if (!parsed.success) {
    const problems = toPolicyProblems(parsed.error.issues, data, configFileSchema).map(locate)
    return { config: null, problems: [...syntax, ...inFileOrder(problems)] }
  }
  const { server, store, ...policy } = parsed.data
  const problems = [
    ...syntax,
    ...inFileOrder(
      [
        ...checkPolicyRules(policy, options),
        ...checkDashboard(server, policy),
        ...checkStore(store),
      ].map(locate),
    ),
  ]
  const failed = problems.some((p) => p.severity === 'error')
  return {
    config: failed ? null : { policy, server, ...(store === undefined ? {} : { store }) },
    problems,
  }
}

/**
 * Reads a configuration file and reports on it, like {@link inspectConfigText}. An unreadable
 * file is one problem (rule 'file-unreadable'), not an exception, so `temoin policy check`
 * prints it like any other.
 *
 * @example
 * const { config, problems } = await inspectConfig('temoin.yaml')
 * for (const p of problems) io.stderr(formatProblem(p))
 */
export async function inspectConfig(
  path: string,
  options: PolicyRuleOptions = {},
): Promise<ConfigReport> {
  const text = await readText(path)
  if (typeof text !== 'string') {
    return {
      config: null,
      problems: [
        {
          severity: 'error',
          key: '',
          rule: 'file-unreadable',
          message: `cannot read ${path}: ${text.message}`,
          fix: 'check the path, or create the file from examples/temoin.yaml.',
        },
      ],
    }
  }
  return inspectConfigText(text, path, options)
}

/**
 * Reads and validates a configuration file, for the commands that need a usable one (`serve`…).
 * Warnings do not fail (each goes to `onWarning`, so that a server says them at start); errors
 * throw an AppError: POLICY_NOT_FOUND (unreadable file),
 * POLICY_SYNTAX (not YAML) or POLICY_INVALID (schema or rules), with every problem formatted
 * in `details`.
 *
 * @example
 * const { policy, server } = await loadConfig(args.config ?? 'temoin.yaml')
 */
export async function loadConfig(
  path: string,
  onWarning: (problem: PolicyProblem) => void = () => undefined,
): Promise<Config> {
  const text = await readText(path)
  if (typeof text !== 'string') {
    throw new AppError('POLICY_NOT_FOUND', `Cannot read the policy file ${path}: ${text.message}`, {
      where: path,
      cause: text,
    })
  }
  const { config, problems } = inspectConfigText(text, path)
  if (config !== null) {
    for (const p of problems) onWarning(p)
    return config
  }
  const errors = problems.filter((p) => p.severity === 'error')
  const first = errors[0]
  const syntax = errors.some((p) => p.rule === 'yaml-syntax')
  const summary =
    `${path}: ${errors.length} error${errors.length === 1 ? '' : 's'}` +
    (first === undefined
      ? ''
      : `; first: ${first.key === '' ? '' : `${first.key} `}${first.message}`)
  throw new AppError(syntax ? 'POLICY_SYNTAX' : 'POLICY_INVALID', summary, {
    where: first?.key === '' || first === undefined ? path : `${path}: ${first.key}`,
    details: problems.map(formatProblem),
  })
}

/** Problems sorted by line, so a reader fixes them top to bottom; those without a line stay last. */
function inFileOrder(problems: readonly PolicyProblem[]): PolicyProblem[] {
  return [...problems].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))
}

/** The file's text, or the error that kept it from being read. */
async function readText(path: string): Promise<string | Error> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e))
  }
}

function yamlProblem(
  severity: PolicyProblem['severity'],
  e: YAMLError,
  source: string,
): PolicyProblem {
  const start = e.linePos?.[0]
  // The package's message is "reason at line L, column C:" plus a multi-line excerpt; keep the
  // reason and write the position the way compilers do (file:line:col), which editors link.
  const reason = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim()
  const where = start === undefined ? source : `${source}:${start.line}:${start.col}`
  return {
    severity,
    key: '',
    rule: 'yaml-syntax',
    message: `${where}: ${reason}.`,
    fix:
      severity === 'error'
        ? 'correct the YAML at that line and column (indentation, a missing ":" or closing bracket, quotes).'
        : 'check the YAML at that line and column.',
    ...(start === undefined ? {} : { line: start.line, column: start.col }),
  }
}
