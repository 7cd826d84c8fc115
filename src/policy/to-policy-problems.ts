import { z } from 'zod'
import type { core } from 'zod'
import { closestWord } from './closest-word.js'
import type { PolicyProblem } from './policy-problem.js'

/** The kind of file whose problems are told: its name, where to start one, where its keys are. */
export interface ProblemFile {
  readonly name: string
  readonly example: string
  readonly docs: string
}

/** The policy file, `temoin.yaml`. */
const POLICY_FILE: ProblemFile = {
  name: 'policy',
  example: 'examples/temoin.yaml',
  docs: 'docs/policy.md',
}

/**
 * Zod's issues, in the words of a person editing `temoin.yaml` (or another file of `file`'s
 * kind): each names the key (dotted, with `[n]` for list items), a rule id, what was found and
 * what to write instead. Unknown keys get a "did you mean" from the keys the schema allows at
 * that place. `input` is the parsed YAML, read to quote the value at fault (zod's issues do not
 * carry it).
 *
 * @example
 * const r = configFileSchema.safeParse(data)
 * if (!r.success) problems.push(...toPolicyProblems(r.error.issues, data, configFileSchema))
 */
export function toPolicyProblems(
  issues: readonly core.$ZodIssue[],
  input: unknown,
  schema: z.ZodType,
  file: ProblemFile = POLICY_FILE,
): PolicyProblem[] {
  return issues.flatMap((issue) => toProblems(issue, input, schema, file))
}

/**
 * A zod path as the dotted key that problems name, list items as `[n]`.
 *
 * @example toKey(['sites', 0, 'domain']) // 'sites[0].domain'
 */
export function toKey(path: readonly PropertyKey[]): string {
  let key = ''
  for (const segment of path) {
    if (typeof segment === 'number') key += `[${segment}]`
    else key += key === '' ? String(segment) : `.${String(segment)}`
  }
  return key
}

function toProblems(
  issue: core.$ZodIssue,
  input: unknown,
  schema: z.ZodType,
  file: ProblemFile,
): PolicyProblem[] {
  const key = toKey(issue.path)
  const value = valueAt(input, issue.path)
  const problem = (rule: string, message: string, fix: string): PolicyProblem => ({
    severity: 'error',
    key,
    rule,
    message,
    fix,
  })
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(schemaAt(schema, issue.path))
      return issue.keys.map((unknown) => {
        const near = closestWord(unknown, allowed)
        return {
          severity: 'error',
          key: toKey([...issue.path, unknown]),
          rule: 'unknown-key',
          message: near === undefined ? 'unknown key.' : `unknown key; did you mean "${near}"?`,
          fix:
            near === undefined
              ? `remove it; the keys allowed here are: ${allowed.join(', ')}.`
              : `rename it to "${near}".`,
        }
      })
    }
    case 'invalid_type': {
      const expected = describeType(issue.expected)
      if (value === undefined) {
        if (issue.path.length === 0) {
          return [
            problem(
              'required',
              'the file is empty.',
              `write the ${file.name} keys; start from ${file.example}.`,
            ),
          ]
        }
        return [problem('required', `is missing (expected ${expected}).`, `add ${key}.`)]
      }
      if (issue.path.length === 0) {
        return [
          problem(
            'type',
            `the file holds ${describeValue(value)}, not a mapping of keys.`,
            `write the ${file.name} as \`key: value\` lines; start from ${file.example}.`,
          ),
        ]
      }
      return [
        problem(
          'type',
          `expected ${expected}, got ${describeValue(value)}.`,
          fixForType(issue.expected),
        ),
      ]
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v)).join(', ')
      const near =
        typeof value === 'string'
          ? closestWord(
              value,
              issue.values.filter((v): v is string => typeof v === 'string'),
            )
          : undefined
      return [
        problem(
          'one-of',
          `is ${describeValue(value)}; expected one of ${options}.`,
          near === undefined ? `write one of ${options}.` : `write "${near}".`,
        ),
      ]
    }
    case 'invalid_format': {
      const expected =
        issue.format === 'url' ? 'an absolute URL such as https://example.org/' : issue.message
      return [
        problem(
          'format',
          `is ${describeValue(value)}; expected ${expected}.`,
          `write ${expected}.`,
        ),
      ]
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'a valid name'
      const name = issue.path[issue.path.length - 1]
      return [
        problem(
          'format',
          `"${String(name)}" is not a valid name here; expected ${inner}.`,
          `rename it to ${inner}.`,
        ),
      ]
    }
    case 'too_small':
    case 'too_big':
      return [sizeProblem(issue, value, problem)]
    default:
      return [
        problem(
          'schema',
          `${issue.message} (found ${describeValue(value)}).`,
          `see ${file.docs} for this key.`,
        ),
      ]
  }
}

/** Bounds, said for what they bound: a number's value, a text's length, a list's items. */
function sizeProblem(
  issue: core.$ZodIssueTooSmall | core.$ZodIssueTooBig,
  value: unknown,
  problem: (rule: string, message: string, fix: string) => PolicyProblem,
): PolicyProblem {
  const small = issue.code === 'too_small'
  const bound = Number(small ? issue.minimum : issue.maximum)
  // Turn exclusive bounds on integers into the inclusive number a person would write.
  const limit = issue.inclusive === false ? (small ? bound + 1 : bound - 1) : bound
  const word = small ? 'at least' : 'at most'
  switch (issue.origin) {
    case 'string':
      return small && limit === 1
        ? problem('required', 'is empty.', 'write a non-empty text, or remove the key.')
        : problem(
            'length',
            `is ${String(value).length} characters long; it must be ${word} ${limit}.`,
            `write ${word} ${limit} characters.`,
          )
    case 'array':
      return problem(
        'length',
        `holds ${Array.isArray(value) ? value.length : 0} item(s); it must hold ${word} ${limit}.`,
        small ? `add items, at least ${limit}.` : `keep at most ${limit} items.`,
      )
    default:
      return problem(
        'range',
        `is ${describeValue(value)}; it must be ${word} ${limit}.`,
        `set ${limit} or ${small ? 'more' : 'less'}.`,
      )
  }
}

function describeType(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a number'
    case 'int':
      return 'a whole number'
    case 'string':
      return 'a text'
    case 'boolean':
      return 'true or false'
    case 'array':
      return 'a list'
    case 'object':
    case 'record':
      return 'a mapping of keys'
    default:
      return expected
  }
}

function fixForType(expected: string): string {
  switch (expected) {
    case 'number':
      return 'write a bare number without unit or quotes, e.g. 13 (the unit is in the key name).'
    case 'int':
      return 'write a whole number, e.g. 13.'
    case 'string':
      return 'write a text; quote it if it looks like a number or a date, e.g. "2026-11".'
    case 'boolean':
      return 'write true or false, without quotes.'
    case 'array':
      return 'write a list: one "- item" per line, or [a, b].'
    case 'object':
    case 'record':
      return 'write indented `key: value` lines under this key.'
    default:
      return `write ${describeType(expected)}.`
  }
}

/** A value as the user wrote it, short: `"13 months"`, `14`, `a list`, `nothing`. */
function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'nothing'
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return `the date ${value.toISOString().slice(0, 10)}`
  if (Array.isArray(value)) return 'a list'
  return 'a mapping'
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<PropertyKey, unknown>)[segment]
  }
  return node
}

/** The schema that validates the value at `path`, seen through defaults and optionals. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = unwrap(schema)
  for (const segment of path) {
    if (node instanceof z.ZodObject)
      node = (node.shape as Record<string, z.ZodType>)[String(segment)]
    else if (node instanceof z.ZodArray) node = node.element as z.ZodType
    else if (node instanceof z.ZodRecord) node = node.valueType as z.ZodType
    else return undefined
    node = node === undefined ? undefined : unwrap(node)
  }
  return node
}

function unwrap(schema: z.ZodType): z.ZodType {
  let node = schema
  while (node instanceof z.ZodDefault || node instanceof z.ZodOptional) {
    node = node.unwrap() as z.ZodType
  }
  return node
}

function allowedKeys(schema: z.ZodType | undefined): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : []
}
