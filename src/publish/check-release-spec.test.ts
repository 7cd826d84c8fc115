import { describe, expect, it } from 'vitest'
import { budgetPolicy } from '../../test/helpers/ledger-fixtures.js'
import { checkReleaseSpec } from './check-release-spec.js'
import { releaseSpecSchema } from './release-spec.js'

const policy = budgetPolicy({ epsilon: 1, delta: 1e-6 })

/** A spec for example.org over March 2026, defaults filled; one bounded DP table unless given. */
const spec = (over: Record<string, unknown> = {}) =>
  releaseSpecSchema.parse({
    name: 'r',
    site: 'example.org',
    period: { from: '2026-03-01', to: '2026-04-01' },
    tables: [{ name: 't', metric: 'pageviews', dimensions: ['device'], epsilon: 0.5 }],
    ...over,
  })
const table = (over: Record<string, unknown>) => ({
  name: 't',
  metric: 'pageviews',
  dimensions: ['device'],
  epsilon: 0.1,
  ...over,
})
const found = (s: ReturnType<typeof spec>, p = policy) =>
  checkReleaseSpec(s, p).map((q) => [q.key, q.rule])
/** Each problem in full: the key, the rule, what is wrong and what to do. */
const every = (s: ReturnType<typeof spec>) =>
  checkReleaseSpec(s, policy).map((q) => [q.key, q.rule, q.message, q.fix])

describe('checkReleaseSpec: the period and the site', () => {
  it('accepts a valid spec', () => {
    expect(checkReleaseSpec(spec(), policy)).toEqual([])
  })

  it('refuses a day that is not in the calendar, naming which end', () => {
    const problems = checkReleaseSpec(
      spec({ period: { from: '2026-02-30', to: '2026-13-01' } }),
      policy,
    )
    expect(problems.map((p) => [p.key, p.rule, p.message])).toEqual([
      ['period.from', 'calendar-date', 'is 2026-02-30, which is not a day.'],
      ['period.to', 'calendar-date', 'is 2026-13-01, which is not a day.'],
    ])
    expect(problems[0]?.fix).toBe('write a real day.')
  })

  // kills: check-release-spec.ts:25 EqualityOperator (>= → >): an empty period is refused too.
  it('refuses a period that ends on or before its first day, and accepts one day', () => {
    const empty = checkReleaseSpec(
      spec({ period: { from: '2026-03-01', to: '2026-03-01' } }),
      policy,
    )
    expect(empty.map((p) => [p.key, p.rule, p.message, p.fix])).toEqual([
      [
        'period.to',
        'period-order',
        'is 2026-03-01, not after period.from (2026-03-01).',
        'give the day after the last day of the period.',
      ],
    ])
    expect(found(spec({ period: { from: '2026-03-02', to: '2026-03-01' } }))).toEqual([
      ['period.to', 'period-order'],
    ])
    expect(found(spec({ period: { from: '2026-03-01', to: '2026-03-02' } }))).toEqual([])
  })

  it("refuses a site that is not the policy's, listing the policy's sites", () => {
    const two = budgetPolicy({}, ['example.org', 'example.net'])
    const [problem] = checkReleaseSpec(spec({ site: 'other.example' }), two)
    expect(problem).toMatchObject({
      key: 'site',
      rule: 'site-unknown',
      message: "is other.example, which is not one of the policy's sites.",
      fix: 'use one of: example.org, example.net.',
    })
    expect(found(spec({ site: 'example.net' }), two)).toEqual([])
  })
})

describe("checkReleaseSpec: each table's keys", () => {
  it('refuses a table name used twice, at the second table', () => {
    expect(every(spec({ tables: [table({}), table({ name: 'u' }), table({})] }))).toEqual([
      ['tables[2].name', 'table-name-unique', 't is used twice.', 'rename one table.'],
    ])
  })

  it('refuses a dimension listed twice', () => {
    expect(every(spec({ tables: [table({ dimensions: ['device', 'device'] })] }))).toEqual([
      [
        'tables[0].dimensions',
        'dimension-duplicate',
        'lists a dimension twice.',
        'list each once.',
      ],
    ])
  })

  it('refuses values of a dimension the table does not have, and accepts those it has', () => {
    const [problem] = checkReleaseSpec(
      spec({ tables: [table({ values: { country: ['FR'] } })] }),
      policy,
    )
    expect(problem).toMatchObject({
      key: 'tables[0].values.country',
      rule: 'values-dimension',
      message: 'gives values for country, which is not a dimension of this table.',
      fix: 'add country to dimensions, or remove values.country.',
    })
    expect(
      found(spec({ tables: [table({ dimensions: ['country'], values: { country: ['FR'] } })] })),
    ).toEqual([])
  })

  // A listed `*` would print a figure that reads as a total, and `~other` one that reads as the
  // rare values merged: a reader could not tell them apart.
  it('refuses a listed value that a table writes for a total or the merged values', () => {
    const listing = (values: string[]) =>
      spec({ tables: [table({ dimensions: ['name'], values: { name: values } })] })
    expect(every(listing(['signup', '*']))).toEqual([
      [
        'tables[0].values.name',
        'values-reserved',
        'lists "*", which a published table writes for a total.',
        'remove "*" from values.name: totals and merged values come with every table.',
      ],
    ])
    expect(every(listing(['~other']))).toEqual([
      [
        'tables[0].values.name',
        'values-reserved',
        'lists "~other", which a published table writes for the values merged together.',
        'remove "~other" from values.name: totals and merged values come with every table.',
      ],
    ])
    // Only the exact texts: a value that contains them is a value like any other.
    expect(found(listing(['**', '~others', 'a*', ' *']))).toEqual([])
  })

  it('refuses an event name unless the metric is events', () => {
    expect(every(spec({ tables: [table({ event: 'download' })] }))).toEqual([
      [
        'tables[0].event',
        'event-metric',
        'is set, but the metric is pageviews.',
        'use metric: events.',
      ],
    ])
    expect(found(spec({ tables: [table({ event: 'download', metric: 'events' })] }))).toEqual([])
  })
})

describe('checkReleaseSpec: what each mechanism needs', () => {
  it('refuses visitors in exact mode, and asks nothing of DP there (no ε, no δ, no budget)', () => {
    const exact = (t: Record<string, unknown>) =>
      spec({ mechanism: 'exact', tables: [{ name: 't', dimensions: ['path'], ...t }] })
    expect(every(exact({ metric: 'visitors' }))).toEqual([
      [
        'tables[0].metric',
        'exact-additive',
        'is visitors: distinct counts do not add up, so exact mode cannot audit their margins.',
        'publish visitors with mechanism: dp, or use pageviews or events.',
      ],
    ])
    expect(found(exact({ metric: 'pageviews' }))).toEqual([])
    expect(found(exact({ metric: 'pageviews', epsilon: 5, delta: 1e-3 }))).toEqual([])
  })

  // kills: check-release-spec.ts:84 BlockStatement / the return after epsilon-required: a table
  // without ε is asked for it once (not also for δ), and the others are still summed against the
  // budget (ε += undefined would make the sum NaN, and NaN exceeds nothing).
  it('asks a table without ε for ε alone, and still checks the budget of the others', () => {
    const tight = budgetPolicy({ epsilon: 0.3, delta: 1e-6 })
    const problems = checkReleaseSpec(
      spec({
        tables: [
          table({ epsilon: undefined, dimensions: ['path'] }),
          table({ name: 'u', epsilon: 0.2 }),
          table({ name: 'v', epsilon: 0.2 }),
        ],
      }),
      tight,
    )
    expect(problems.map((p) => [p.key, p.rule])).toEqual([
      ['tables[0].epsilon', 'epsilon-required'],
      ['tables', 'budget-cap'],
    ])
  })

  // kills: the round() of :82 and :123 (a sixth of the budget, written with six decimals).
  it('asks for ε on every DP table, suggesting a share of the budget', () => {
    const problems = checkReleaseSpec(
      spec({ tables: [table({ epsilon: undefined }), table({ name: 'u' }), table({ name: 'v' })] }),
      policy,
    )
    expect(problems.map((p) => [p.key, p.rule, p.message, p.fix])).toEqual([
      [
        'tables[0].epsilon',
        'epsilon-required',
        'is missing; differential privacy needs the ε each table spends.',
        'set it, e.g. epsilon: 0.166667.',
      ],
    ])
  })

  // kills: :88 LogicalOperator and ConditionalExpressions, and the messages of :92-97.
  it('asks for δ > 0 for open dimensions, naming them, and for Gaussian noise', () => {
    const open = checkReleaseSpec(
      spec({ tables: [table({ dimensions: ['path', 'referrer', 'device'] })] }),
      policy,
    )
    expect(open.map((p) => [p.key, p.rule, p.message, p.fix])).toEqual([
      [
        'tables[0].delta',
        'delta-required',
        'is 0, but path, referrer has no public list of values: choosing which values to publish needs δ > 0.',
        'set delta (e.g. 1e-8), or list the values of path, referrer under values.',
      ],
    ])
    const gaussian = checkReleaseSpec(spec({ tables: [table({ noise: 'gaussian' })] }), policy)
    expect(gaussian.map((p) => [p.key, p.rule, p.message, p.fix])).toEqual([
      [
        'tables[0].delta',
        'delta-required',
        'is 0, but Gaussian noise needs δ > 0.',
        'set delta (e.g. 1e-8), or use noise: laplace.',
      ],
    ])
    expect(found(spec({ tables: [table({ noise: 'gaussian', delta: 1e-9 })] }))).toEqual([])
    expect(found(spec({ tables: [table({ dimensions: ['path'], delta: 1e-9 })] }))).toEqual([])
    expect(
      found(spec({ tables: [table({ dimensions: ['country'], values: { country: ['FR'] } })] })),
    ).toEqual([])
  })
})

describe("checkReleaseSpec: a spec that alone exceeds the policy's budget", () => {
  const tight = budgetPolicy({ epsilon: 0.3, delta: 3e-7 })
  const tables = (...costs: [number, number][]) =>
    costs.map(([epsilon, delta], i) =>
      table({ name: `t${i}`, dimensions: ['path'], epsilon, delta }),
    )

  // kills: :101 ArithmeticOperator (+ 1e-12 → − 1e-12) and :108 (× (1 + 1e-12) → ÷, 1 − 1e-12):
  // 0.1 + 0.2 and 1e-7 + 2e-7 add up past the cap in doubles, not in decimals.
  it('accepts tables that together spend exactly the cap: 0.1 + 0.2 against 0.3', () => {
    expect(found(spec({ tables: tables([0.1, 1e-7], [0.2, 2e-7]) }), tight)).toEqual([])
  })

  // kills: :101 and :108 EqualityOperator (> → >=). The spec check allows a sum up to one part in
  // 10¹² past the cap, so that rounding of doubles never refuses a spec; the exact check of what
  // is spent is checkBudget's, in rationals (check-budget.test.ts), and it refuses this spec.
  it('leaves a sum within 1e-12 of the cap to the exact budget check', () => {
    const one = budgetPolicy({ epsilon: 1, delta: 3e-7 })
    expect(found(spec({ tables: tables([1.000000000001, 3.000000000003e-7]) }), one)).toEqual([])
    expect(found(spec({ tables: tables([1.000000000002, 1e-7]) }), one)).toEqual([
      ['tables', 'budget-cap'],
    ])
    expect(found(spec({ tables: tables([1, 3.000000000004e-7]) }), one)).toEqual([
      ['tables', 'budget-cap'],
    ])
  })

  // kills: :86 AssignmentOperator (+= → −=) and :101 ConditionalExpression → false.
  it('refuses tables whose ε together exceed the cap, however little', () => {
    const problems = checkReleaseSpec(
      spec({ tables: tables([0.1, 1e-8], [0.200001, 1e-8]) }),
      tight,
    )
    expect(problems.map((p) => [p.key, p.rule, p.message, p.fix])).toEqual([
      [
        'tables',
        'budget-cap',
        "spend ε = 0.300001 together, more than the policy's whole budget per window (publication.budget.epsilon = 0.3).",
        "lower the tables' epsilon, or publish fewer tables.",
      ],
    ])
  })

  // kills: :87 AssignmentOperator and :108 ConditionalExpression → false: δ has its own cap.
  it('refuses tables whose δ together exceed the cap, ε being within its own', () => {
    const problems = checkReleaseSpec(spec({ tables: tables([0.1, 1e-7], [0.1, 2.01e-7]) }), tight)
    expect(problems.map((p) => [p.key, p.rule, p.message, p.fix])).toEqual([
      [
        'tables',
        'budget-cap',
        "spend δ = 3.01e-7 together, more than the policy's budget per window (publication.budget.delta = 3e-7).",
        "lower the tables' delta.",
      ],
    ])
  })
})

describe('checkReleaseSpec: hierarchies (groups)', () => {
  const exactTable = (groups: Record<string, string[]>, over: Record<string, unknown> = {}) =>
    spec({
      mechanism: 'exact',
      tables: [
        {
          name: 't',
          metric: 'pageviews',
          dimensions: ['country'],
          values: { country: ['FR', 'BE', 'NL'] },
          groups: { country: groups },
          ...over,
        },
      ],
    })

  it('accepts groups of listed values and of other groups', () => {
    expect(found(exactTable({ Benelux: ['BE', 'NL'], Europe: ['Benelux', 'FR'] }))).toEqual([])
  })

  it('refuses groups in differential privacy, and over a dimension without a list', () => {
    expect(
      every(
        spec({
          tables: [
            table({
              dimensions: ['country'],
              values: { country: ['FR'] },
              groups: { country: { All: ['FR'] } },
            }),
          ],
        }),
      ),
    ).toEqual([
      [
        'tables[0].groups.country',
        'groups-exact',
        'is a hierarchy, which only exact mode publishes.',
        'use mechanism: exact, or remove groups.',
      ],
    ])
    expect(every(exactTable({ All: ['FR'] }, { values: {} }))).toEqual([
      [
        'tables[0].groups.country',
        'groups-values',
        'groups the values of country, which the table does not list.',
        'add country to dimensions and list its values under values.country.',
      ],
    ])
    // Quarters over months: the audit would read a quarter as a month, which covers no day.
    expect(
      every(
        exactTable(
          {},
          {
            dimensions: ['month'],
            values: { month: ['2026-03'] },
            groups: { month: { Q1: ['2026-03'] } },
          },
        ),
      ),
    ).toEqual([
      [
        'tables[0].groups.month',
        'groups-month',
        'groups months, which the audit does not model (a group of months is a period of its own).',
        'publish the quarters as a table of their own, or as releases over their periods.',
      ],
    ])
  })

  it('refuses a group named like a value or a margin, an unknown member, and a group inside itself', () => {
    expect(every(exactTable({ FR: ['BE'], '*': ['NL'] }))).toEqual([
      [
        'tables[0].groups.country.FR',
        'groups-name',
        'is named like the value "FR": a reader could not tell the group\'s figure from it.',
        'give the group a name of its own.',
      ],
      [
        'tables[0].groups.country.*',
        'groups-name',
        "is named like a margin or the merged values: a reader could not tell the group's figure from it.",
        'give the group a name of its own.',
      ],
    ])
    expect(every(exactTable({ Alps: ['CH'] }))).toEqual([
      [
        'tables[0].groups.country.Alps',
        'groups-member',
        'holds "CH", which is neither a listed value of country nor a group.',
        'list "CH" under values.country, or remove it from the group.',
      ],
    ])
    expect(found(exactTable({ A: ['B', 'FR'], B: ['A'], C: ['C'] }))).toEqual([
      ['tables[0].groups.country.A', 'groups-cycle'],
      ['tables[0].groups.country.B', 'groups-cycle'],
      ['tables[0].groups.country.C', 'groups-cycle'],
    ])
    expect(every(exactTable({ C: ['C'] }))).toEqual([
      [
        'tables[0].groups.country.C',
        'groups-cycle',
        'holds itself, through its members.',
        'make each group hold only smaller groups and values.',
      ],
    ])
  })
})
