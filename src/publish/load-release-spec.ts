import { readFile } from 'node:fs/promises'
import { LineCounter, parseDocument } from 'yaml'
import { AppError } from '../lib/app-error.js'
import { locateKey } from '../policy/locate-key.js'
import { formatProblem } from '../policy/policy-problem.js'
import type { PolicyProblem } from '../policy/policy-problem.js'
import type { Policy } from '../policy/policy-schema.js'
import { toPolicyProblems } from '../policy/to-policy-problems.js'
import type { ProblemFile } from '../policy/to-policy-problems.js'
import { checkReleaseSpec } from './check-release-spec.js'
import { releaseSpecSchema } from './release-spec.js'
import type { ReleaseSpec } from './release-spec.js'

/** A release spec, in the words of its problems. */
const RELEASE_SPEC_FILE: ProblemFile = {
  name: 'release spec',
  example: 'the example of docs/publish.md, "The release spec"',
  // Stryker disable next-line StringLiteral: read only by the problems of zod issues toPolicyProblems has no words for (a union, a refinement, multipleOf), and the release-spec schema has none of those; the text is there for the day it does
  docs: 'docs/publish.md',
}

/** A spec when usable, and every problem found. */
export interface ReleaseSpecReport {
  readonly spec: ReleaseSpec | null
  readonly problems: readonly PolicyProblem[]
}

/**
 * Checks the text of a release spec and reports every problem at once, in the shape of
 * `temoin policy check`: YAML syntax (line and column), the schema, then the rules between keys and
 * against the policy — each naming its key, its line, its rule and its fix. Never throws.
 *
 * @example
 * const { spec, problems } = inspectReleaseSpecText(text, 'release.yaml', policy)
 */
export function inspectReleaseSpecText(
  text: string,
  source: string,
  policy: Policy,
): ReleaseSpecReport {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  if (doc.errors.length > 0) {
    return {
      spec: null,
      problems: doc.errors.map((e) => ({
        severity: 'error',
        key: '',
        rule: 'yaml-syntax',
        // Stryker disable next-line StringLiteral: the defaults are never read: parseDocument, given a lineCounter, gives every error a linePos (yaml's prettifyError skips only a position of -1, and parseDocument ends at the text's length), and split() returns at least one part. The mark also covers the template → `` and '\n' → '', both killed by load-release-spec.test.ts ('tells where a YAML syntax error is…')
        message: `${source}:${e.linePos?.[0].line ?? '?'}:${e.linePos?.[0].col ?? '?'}: ${e.message.split('\n')[0] ?? ''}`,
        fix: 'correct the YAML at that line.',
      })),
    }
  }
  const locate = (p: PolicyProblem): PolicyProblem => {
    const at = p.key === '' ? undefined : locateKey(doc, lineCounter, p.key)
    return at === undefined ? p : { ...p, line: at.line, column: at.column }
  }
  let data: unknown
  try {
    data = doc.toJS()
  } catch (e) {
    const problem: PolicyProblem = {
      severity: 'error',
      key: '',
      rule: 'yaml-syntax',
      message: `${source}: ${e instanceof Error ? e.message : String(e)}.`,
      fix: 'write the values out instead of using YAML aliases.',
    }
    return { spec: null, problems: [problem] }
  }
  const parsed = releaseSpecSchema.safeParse(data)
  if (!parsed.success) {
    const problems = toPolicyProblems(
      parsed.error.issues,
      data,
      releaseSpecSchema,
      RELEASE_SPEC_FILE,
    ).map(locate)
    return { spec: null, problems }
  }
  const problems = checkReleaseSpec(parsed.data, policy).map(locate)
  // Stryker disable next-line ConditionalExpression: `p.severity === 'error'` → true is equivalent: a release spec has no warnings (check-release-spec makes only policyError, the schema's problems are errors). The mark also hides the outer → true / false, killed by load-release-spec.test.ts (a valid spec read, an invalid one refused)
  return { spec: problems.some((p) => p.severity === 'error') ? null : parsed.data, problems }
}

/**
 * Reads and checks a release spec file; RELEASE_INVALID (every problem in `details`) when it is
 * not usable.
 *
 * @example const spec = await loadReleaseSpec('release.yaml', policy)
 */
export async function loadReleaseSpec(path: string, policy: Policy): Promise<ReleaseSpec> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new AppError('RELEASE_INVALID', `cannot read the release spec ${path}.`, {
      where: path,
      cause,
    })
  }
  return parseReleaseSpecText(text, path, policy)
}

/**
 * Checks the text of a release spec (named `source` in messages); RELEASE_INVALID (every problem
 * in `details`) when it is not usable. What the server's admin API runs on a spec the CLI sends.
 *
 * @example const spec = parseReleaseSpecText(text, 'release.yaml', policy)
 */
export function parseReleaseSpecText(text: string, source: string, policy: Policy): ReleaseSpec {
  const { spec, problems } = inspectReleaseSpecText(text, source, policy)
  if (spec !== null) return spec
  // Stryker disable next-line ConditionalExpression,MethodExpression: every problem of a release spec is an error (no rule makes a warning), so keeping all of them (→ true, or no filter) counts the same; the mark also hides → false ("0 errors"), killed by load-release-spec.test.ts
  const errors = problems.filter((p) => p.severity === 'error')
  throw new AppError(
    'RELEASE_INVALID',
    `${source}: ${errors.length} error${errors.length === 1 ? '' : 's'}`,
    { where: source, details: errors.map(formatProblem) },
  )
}
