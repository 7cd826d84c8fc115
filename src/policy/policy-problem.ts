/**
 * One thing wrong (or worth a second look) in a policy file. Every check of the policy layer —
 * YAML syntax, the schema, the CNIL limits, the rules between keys — reports in this one shape,
 * so that `temoin policy check` lists them all at once and the collector refuses to start with
 * the same words.
 *
 * @example
 * const p: PolicyProblem = {
 *   severity: 'error',
 *   key: 'cookies.lifetimeMonths',
 *   rule: 'cnil-cookie-lifetime',
 *   message: 'is 14 months; the CNIL allows at most 13 months from the first deposit.',
 *   fix: 'set 13 or less.',
 * }
 */
export interface PolicyProblem {
  /** An error makes the file unusable; a warning is worth fixing but does not stop the server. */
  readonly severity: 'error' | 'warning'
  /** Dotted path of the key at fault (`purposes.advertising.basis`, `sites[1].domain`); '' for the whole file. */
  readonly key: string
  /** Kebab-case id of the rule broken, e.g. 'cnil-cookie-lifetime'; documented in docs/policy.md. */
  readonly rule: string
  /** What is wrong, with the value found. */
  readonly message: string
  /** What to do about it. */
  readonly fix: string
  /** 1-based line of the key in the file, when the problem came from a file and the key is in it. */
  readonly line?: number
  /** 1-based column of the key in the file, with `line`. */
  readonly column?: number
}

/**
 * One line per problem, for a terminal or a log: severity, key (and line), rule, message, fix.
 *
 * @example
 * formatProblem({ severity: 'error', key: 'cookies.lifetimeMonths', rule: 'cnil-cookie-lifetime',
 *   message: 'is 14 months; the CNIL allows at most 13 months from the first deposit.', fix: 'set 13 or less.' })
 * // 'error  cookies.lifetimeMonths  [cnil-cookie-lifetime] is 14 months; the CNIL allows at most 13 months from the first deposit. Fix: set 13 or less.'
 */
export function formatProblem(p: PolicyProblem): string {
  // A whole-file problem (YAML syntax) already says file:line:col in its message.
  const where = p.key === '' ? '(file)' : p.line === undefined ? p.key : `${p.key} (line ${p.line})`
  return `${p.severity}  ${where}  [${p.rule}] ${p.message} Fix: ${p.fix}`
}

/**
 * A problem that makes the policy unusable: `temoin serve` refuses to start on it.
 *
 * @example
 * policyError('cookies.lifetimeMonths', 'cnil-cookie-lifetime', 'is 14 months; …', 'set 13 or less.')
 * // { severity: 'error', key: 'cookies.lifetimeMonths', rule: 'cnil-cookie-lifetime', … }
 */
export function policyError(
  key: string,
  rule: string,
  message: string,
  fix: string,
): PolicyProblem {
  return { severity: 'error', key, rule, message, fix }
}

/**
 * A problem worth fixing that does not stop the server.
 *
 * @example
 * policyWarning('consent.refusalMonths', 'cnil-refusal-reask', 'is 3 months; …', 'set 6 or more.')
 * // { severity: 'warning', key: 'consent.refusalMonths', rule: 'cnil-refusal-reask', … }
 */
export function policyWarning(
  key: string,
  rule: string,
  message: string,
  fix: string,
): PolicyProblem {
  return { severity: 'warning', key, rule, message, fix }
}
