import { describe, expect, it } from 'vitest'
import { publishPolicy, releaseSpec } from '../../test/helpers/publish-fixtures.js'
import { describeProtectedUnit } from './protected-unit.js'

/**
 * The sidecar and the figures page tell a reader who is protected, and where the guarantee is
 * weaker: each of the four (mechanism, anonymous hits) choices has its own words.
 */
describe('describeProtectedUnit', () => {
  const policy = publishPolicy({ minGroupSize: 7 })
  const tables = [{ name: 't', metric: 'pageviews', dimensions: ['country'] }]
  const unit = (mechanism: 'dp' | 'exact', anonymousHits: 'include' | 'exclude') =>
    describeProtectedUnit(releaseSpec({ mechanism, anonymousHits, tables }), policy)

  // kills: protected-unit.ts:13 ConditionalExpression → false, EqualityOperator → !==,
  // BlockStatement → {} (exact mode would describe DP's unit, with no group size)
  it('exact counts name the group size, and say an anonymous hit counts as a visitor of its own', () => {
    expect(unit('exact', 'include')).toMatch(/^every published figure counts at least 7 distinct/)
    expect(unit('exact', 'include')).toContain('a hit without a visitor id counts as one visitor')
  })

  // kills: protected-unit.ts:14 ConditionalExpression → true, protected-unit.ts:16 StringLiteral → ``
  it('exact counts without anonymous hits say they are not counted', () => {
    expect(unit('exact', 'exclude')).toBe(
      'every published figure counts at least 7 distinct visitors with a visitor id; anonymous hits are not counted.',
    )
  })

  // kills: protected-unit.ts:13 ConditionalExpression → true (DP would claim a group size)
  it('DP protects a visitor with all their events, an anonymous hit as one event only', () => {
    expect(unit('dp', 'include')).toMatch(/^a visitor with a visitor id .*all of their events/)
    expect(unit('dp', 'include')).toContain('protected as one event only')
    expect(unit('dp', 'include')).not.toContain('at least 7')
  })

  // kills: protected-unit.ts:20 StringLiteral → ""
  it('DP without anonymous hits says they are not counted', () => {
    expect(unit('dp', 'exclude')).toBe(
      'a visitor with a visitor id (consented statistics), all of their events in the period together; anonymous hits are not counted.',
    )
  })
})
