import { describe, expect, it } from 'vitest'
import { budgetPolicy, NEXT, useLedgerWorld, YEAR } from '../../test/helpers/ledger-fixtures.js'
import { AppError } from '../lib/app-error.js'
import { checkBudget } from './check-budget.js'

// A real ledger (a file in a temporary folder): what earlier releases spent is what it sums.
const world = useLedgerWorld()

/** The error checkBudget throws, or a failure when it does not throw. */
function refusal(run: () => unknown): AppError {
  try {
    run()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('expected BUDGET_EXCEEDED, the release was allowed')
}

describe('checkBudget: ε against its cap, exactly', () => {
  const policy = budgetPolicy({ epsilon: 0.3, delta: 1e-6 })

  // kills: check-budget.ts:27 EqualityOperator (> 0 → >= 0), and compare's d > 0n → d >= 0n:
  // in doubles 0.1 + 0.2 is 0.30000000000000004, past 0.3; in rationals it is exactly the cap.
  it('allows a release that spends exactly what is left: 0.1 spent + 0.2 against a cap of 0.3', async () => {
    await world().spend([YEAR], 0.1)
    const [budget] = checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.2, delta: 0 })
    expect(budget).toEqual({
      window: YEAR,
      epsilonSpent: 0.3,
      deltaSpent: 0,
      epsilonLeft: 0,
      deltaLeft: 1e-6,
    })
  })

  it('allows a first release that spends the whole cap at once', () => {
    expect(() =>
      checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.3, delta: 1e-6 }),
    ).not.toThrow()
  })

  // kills: check-budget.ts:27 ConditionalExpression → false, :28 ConditionalExpression → false,
  // and the additions of :25 / :47-49 (ArithmeticOperator): one part in a billion over is refused.
  it('refuses one part in a billion more than what is left', async () => {
    await world().spend([YEAR], 0.1)
    const e = refusal(() =>
      checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.200000001, delta: 0 }),
    )
    expect(e.code).toBe('BUDGET_EXCEEDED')
  })

  // The spec check lets 1e-12 of rounding through (check-release-spec.ts); this one does not.
  it('refuses a first release one part in 10¹² over the cap', () => {
    const one = budgetPolicy({ epsilon: 1, delta: 3e-7 })
    expect(() =>
      checkBudget(world().ledger(), one, [YEAR], { epsilon: 1.000000000001, delta: 0 }),
    ).toThrow(AppError)
    expect(() =>
      checkBudget(world().ledger(), one, [YEAR], { epsilon: 1, delta: 3.000000000003e-7 }),
    ).toThrow(AppError)
  })

  // kills: the sum of the ledger's spending being ignored (ledger.spent or add → only the cost).
  it('counts every earlier release of the window, not only the last', async () => {
    await world().spend([YEAR], 0.1)
    await world().spend([YEAR], 0.1)
    await world().spend([YEAR], 0.1)
    expect(() =>
      checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.01, delta: 0 }),
    ).toThrow(AppError)
  })

  // kills: compare's UnaryOperator (-1 → +1) and d < 0n mutants that would call "under" "over".
  it('allows a release well under the cap, leaving the rest', async () => {
    await world().spend([YEAR], 0.1)
    const [budget] = checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.05, delta: 0 })
    expect(budget?.epsilonSpent).toBe(0.15)
    expect(budget?.epsilonLeft).toBe(0.15)
  })
})

describe('checkBudget: δ against its own cap', () => {
  // ε stays far below its cap here: only δ can refuse.
  const policy = budgetPolicy({ epsilon: 5, delta: 3e-7 })

  // kills: check-budget.ts:28 LogicalOperator (|| → &&) and ConditionalExpression (δ's over → false):
  // the survivor, a budget whose δ is never compared with its cap.
  it('refuses a release that overspends δ alone, ε being well within its cap', async () => {
    await world().spend([YEAR], 0.1, 1e-7)
    const e = refusal(() =>
      checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.1, delta: 2.000001e-7 }),
    )
    expect(e.code).toBe('BUDGET_EXCEEDED')
    expect(e.message).toContain('δ = 1e-7 of its ε = 5, δ = 3e-7')
  })

  // kills: :26 ArithmeticOperator and an EqualityOperator >= on δ: 1e-7 + 2e-7 is
  // 3.0000000000000004e-7 in doubles, exactly 3e-7 in rationals.
  it('allows spending exactly the δ that is left: 1e-7 spent + 2e-7 against 3e-7', async () => {
    await world().spend([YEAR], 0.1, 1e-7)
    const [budget] = checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.1, delta: 2e-7 })
    expect(budget).toMatchObject({ window: YEAR, epsilonSpent: 0.2, epsilonLeft: 4.8 })
    expect(budget?.deltaSpent).toBeCloseTo(3e-7, 20)
    expect(budget?.deltaLeft).toBeLessThan(1e-20)
  })

  // kills: :42 MethodExpression (Math.max → Math.min): a positive δ left is reported as such.
  it('reports the δ spent and left after the release', async () => {
    await world().spend([YEAR], 0.1, 1e-7)
    const [budget] = checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0, delta: 1e-7 })
    expect(budget?.deltaSpent).toBe(2e-7)
    expect(budget?.deltaLeft).toBeCloseTo(1e-7, 20)
  })
})

describe('checkBudget: every window the release touches', () => {
  const policy = budgetPolicy({ epsilon: 1, delta: 1e-6 })

  // kills: a check of only the first (or only the last) window, and :34 ObjectLiteral (where).
  it('refuses when any one window overflows, and names that window', async () => {
    await world().spend([NEXT], 0.8)
    const late = refusal(() =>
      checkBudget(world().ledger(), policy, [YEAR, NEXT], { epsilon: 0.3, delta: 0 }),
    )
    expect(late.where).toBe(NEXT)
    expect(late.message).toMatch(/^the window 2027-01\/2027-12 /)
    const early = refusal(() =>
      checkBudget(world().ledger(), policy, [NEXT, YEAR], { epsilon: 0.3, delta: 0 }),
    )
    expect(early.where).toBe(NEXT)
  })

  it("returns each window's own budget after the release", async () => {
    await world().spend([YEAR], 0.7)
    await world().spend([NEXT], 0.25, 5e-7)
    expect(
      checkBudget(world().ledger(), policy, [YEAR, NEXT], { epsilon: 0.2, delta: 1e-7 }),
    ).toEqual([
      { window: YEAR, epsilonSpent: 0.9, deltaSpent: 1e-7, epsilonLeft: 0.1, deltaLeft: 9e-7 },
      {
        window: NEXT,
        epsilonSpent: 0.45,
        deltaSpent: 6e-7,
        epsilonLeft: 0.55,
        deltaLeft: 1e-6 - 6e-7,
      },
    ])
  })
})

describe("checkBudget: the refusal's message", () => {
  // kills: the StringLiterals and arithmetic of :29-33: what was spent, the cap, what the release
  // needs and what is left, each in its place.
  it('names the window, what was spent, the cap, what the release needs and what is left', async () => {
    const policy = budgetPolicy({ epsilon: 1, delta: 1e-6 })
    await world().spend([YEAR], 0.4, 2e-7)
    await world().spend([YEAR], 0.3)
    const e = refusal(() =>
      checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.5, delta: 1e-7 }),
    )
    expect(e.message).toBe(
      "the window 2026-01/2026-12 of the site's data has spent ε = 0.7, δ = 2e-7 of its ε = 1, δ = 0.000001 (publication.budget); " +
        'this release needs ε = 0.5, δ = 1e-7 but only ε = 0.3, δ = 8e-7 is left.',
    )
  })

  // kills: :32 ConditionalExpression / EqualityOperator on the number of sites.
  it("says this site's data when the policy has several sites", async () => {
    const policy = budgetPolicy({ epsilon: 1, delta: 1e-6 }, ['example.org', 'example.net'])
    await world().spend([YEAR], 1)
    const e = refusal(() =>
      checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.1, delta: 0 }),
    )
    expect(e.message).toMatch(/^the window 2026-01\/2026-12 of this site's data has spent ε = 1, /)
  })

  // kills: :29 MethodExpression (Math.max → Math.min) — a window already past a lowered cap has
  // nothing left, not a negative amount.
  it('says nothing is left when earlier releases spent more than a since-lowered cap', async () => {
    await world().spend([YEAR], 0.8, 5e-7)
    const policy = budgetPolicy({ epsilon: 0.5, delta: 1e-7 })
    const e = refusal(() =>
      checkBudget(world().ledger(), policy, [YEAR], { epsilon: 0.1, delta: 0 }),
    )
    expect(e.message).toContain('but only ε = 0, δ = 0 is left.')
  })
})
