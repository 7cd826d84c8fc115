import { isDate } from '../lib/calendar-date.js'
import type { Policy } from '../policy/policy-schema.js'
import { policyError } from '../policy/policy-problem.js'
import type { PolicyProblem } from '../policy/policy-problem.js'
import { isReservedValue } from './audit-table.js'
import { TOTAL } from './published-table.js'
import { isOpenDimension } from './table-domain.js'
import type { ReleaseSpec } from './release-spec.js'

/**
 * The rules between keys of a release spec, once its shape is valid: a real period, a site of the
 * policy, unique table names, values only for the table's dimensions and none that a table writes
 * for its totals or merged values (`*`, `~other`), what each mechanism needs
 * (ε for every table, δ for open dimensions and Gaussian noise, additive metrics in exact mode),
 * and a spec that fits in the policy's budget on its own.
 *
 * @example checkReleaseSpec(spec, policy) // [] when the spec can be published
 */
export function checkReleaseSpec(spec: ReleaseSpec, policy: Policy): PolicyProblem[] {
  const problems: PolicyProblem[] = []
  const add = (key: string, rule: string, message: string, fix: string) =>
    problems.push(policyError(key, rule, message, fix))

  for (const key of ['from', 'to'] as const) {
    const value = spec.period[key]
    if (!isDate(value))
      add(`period.${key}`, 'calendar-date', `is ${value}, which is not a day.`, 'write a real day.')
  }
  if (spec.period.from >= spec.period.to)
    add(
      'period.to',
      'period-order',
      `is ${spec.period.to}, not after period.from (${spec.period.from}).`,
      'give the day after the last day of the period.',
    )
  if (!policy.sites.some((s) => s.domain === spec.site))
    add(
      'site',
      'site-unknown',
      `is ${spec.site}, which is not one of the policy's sites.`,
      `use one of: ${policy.sites.map((s) => s.domain).join(', ')}.`,
    )

  const seen = new Set<string>()
  let epsilon = 0
  let delta = 0
  spec.tables.forEach((table, i) => {
    const at = (key: string) => `tables[${i}].${key}`
    if (seen.has(table.name))
      add(at('name'), 'table-name-unique', `${table.name} is used twice.`, 'rename one table.')
    seen.add(table.name)
    if (new Set(table.dimensions).size !== table.dimensions.length)
      add(at('dimensions'), 'dimension-duplicate', 'lists a dimension twice.', 'list each once.')
    for (const [d, values] of Object.entries(table.values)) {
      if (!table.dimensions.includes(d as never))
        add(
          at(`values.${d}`),
          'values-dimension',
          `gives values for ${d}, which is not a dimension of this table.`,
          `add ${d} to dimensions, or remove values.${d}.`,
        )
      const reserved = values.find(isReservedValue)
      if (reserved !== undefined)
        add(
          at(`values.${d}`),
          'values-reserved',
          `lists "${reserved}", which a published table writes for ${reserved === TOTAL ? 'a total' : 'the values merged together'}.`,
          `remove "${reserved}" from values.${d}: totals and merged values come with every table.`,
        )
    }
    checkGroups(table, at, add, spec.mechanism)
    if (table.event !== undefined && table.metric !== 'events')
      add(
        at('event'),
        'event-metric',
        `is set, but the metric is ${table.metric}.`,
        'use metric: events.',
      )
    const open = table.dimensions.filter((d) => isOpenDimension(d, table))
    if (spec.mechanism === 'exact') {
      if (table.metric === 'visitors')
        add(
          at('metric'),
          'exact-additive',
          'is visitors: distinct counts do not add up, so exact mode cannot audit their margins.',
          'publish visitors with mechanism: dp, or use pageviews or events.',
        )
      return
    }
    if (table.epsilon === undefined) {
      add(
        at('epsilon'),
        'epsilon-required',
        'is missing; differential privacy needs the ε each table spends.',
        `set it, e.g. epsilon: ${round(policy.publication.budget.epsilon / (2 * spec.tables.length))}.`,
      )
      return
    }
    epsilon += table.epsilon
    delta += table.delta
    if (table.delta === 0 && (open.length > 0 || table.noise === 'gaussian'))
      add(
        at('delta'),
        'delta-required',
        open.length > 0
          ? `is 0, but ${open.join(', ')} has no public list of values: choosing which values to publish needs δ > 0.`
          : 'is 0, but Gaussian noise needs δ > 0.',
        open.length > 0
          ? `set delta (e.g. 1e-8), or list the values of ${open.join(', ')} under values.`
          : 'set delta (e.g. 1e-8), or use noise: laplace.',
      )
  })
  const budget = policy.publication.budget
  // Stryker disable next-line ConditionalExpression: in exact mode each table returns before the sums, so epsilon stays 0 and the mechanism check changes nothing (the whole condition's mutants, killed by the budget tests, are hidden by this rule)
  if (spec.mechanism === 'dp' && epsilon > budget.epsilon + 1e-12)
    add(
      'tables',
      'budget-cap',
      `spend ε = ${round(epsilon)} together, more than the policy's whole budget per window (publication.budget.epsilon = ${budget.epsilon}).`,
      "lower the tables' epsilon, or publish fewer tables.",
    )
  // Stryker disable next-line ConditionalExpression: as above, delta stays 0 in exact mode
  if (spec.mechanism === 'dp' && delta > budget.delta * (1 + 1e-12))
    add(
      'tables',
      'budget-cap',
      `spend δ = ${delta} together, more than the policy's budget per window (publication.budget.delta = ${budget.delta}).`,
      "lower the tables' delta.",
    )
  return problems
}

const round = (x: number) => Math.round(x * 1e6) / 1e6

/**
 * The rules of a table's hierarchies (`groups`): exact mode only, over a dimension of the table
 * with listed values; each group named apart from the values, the margins and the other groups;
 * each member a listed value or another group; no group inside itself.
 */
function checkGroups(
  table: ReleaseSpec['tables'][number],
  at: (key: string) => string,
  add: (key: string, rule: string, message: string, fix: string) => void,
  mechanism: ReleaseSpec['mechanism'],
): void {
  for (const [d, groups] of Object.entries(table.groups)) {
    const key = at(`groups.${d}`)
    const listed = table.values[d as keyof typeof table.values]
    if (mechanism !== 'exact') {
      add(
        key,
        'groups-exact',
        'is a hierarchy, which only exact mode publishes.',
        'use mechanism: exact, or remove groups.',
      )
      continue
    }
    if (d === 'month') {
      add(
        key,
        'groups-month',
        'groups months, which the audit does not model (a group of months is a period of its own).',
        'publish the quarters as a table of their own, or as releases over their periods.',
      )
      continue
    }
    if (listed === undefined || !table.dimensions.includes(d as never)) {
      add(
        key,
        'groups-values',
        `groups the values of ${d}, which the table does not list.`,
        `add ${d} to dimensions and list its values under values.${d}.`,
      )
      continue
    }
    const values = new Set(listed)
    for (const [name, members] of Object.entries(groups)) {
      if (values.has(name) || isReservedValue(name))
        add(
          `${key}.${name}`,
          'groups-name',
          `is named like ${values.has(name) ? `the value "${name}"` : 'a margin or the merged values'}: a reader could not tell the group's figure from it.`,
          'give the group a name of its own.',
        )
      const unknown = members.find((m) => !values.has(m) && groups[m] === undefined)
      if (unknown !== undefined)
        add(
          `${key}.${name}`,
          'groups-member',
          `holds "${unknown}", which is neither a listed value of ${d} nor a group.`,
          `list "${unknown}" under values.${d}, or remove it from the group.`,
        )
      if (reaches(groups, name, name))
        add(
          `${key}.${name}`,
          'groups-cycle',
          'holds itself, through its members.',
          'make each group hold only smaller groups and values.',
        )
    }
  }
}

/** Whether group `from` (one of `groups`) holds `target`, directly or through its member groups. */
function reaches(
  groups: Readonly<Record<string, readonly string[]>>,
  from: string,
  target: string,
): boolean {
  const seen = new Set<string>()
  const stack = [...(groups[from] as readonly string[])]
  while (stack.length > 0) {
    const m = stack.pop() as string
    if (m === target) return true
    if (seen.has(m) || groups[m] === undefined) continue
    seen.add(m)
    stack.push(...groups[m])
  }
  return false
}
