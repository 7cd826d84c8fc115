import { describe, expect, it } from 'vitest'
import { boundedValues, isOpenDimension, monthsOf, groupLeaves } from './table-domain.js'

const MARCH = { from: '2026-03-01', to: '2026-04-01' }

describe('boundedValues', () => {
  // kills: table-domain.ts:33 ConditionalExpression → false, EqualityOperator → !==,
  // ArrayDeclaration → [], StringLiteral → "" (a table by type would publish no page-view cell)
  it('lists both event types, page views first, for a table by type', () => {
    expect(boundedValues('type', { values: {} }, MARCH)).toEqual(['pageview', 'event'])
  })

  // kills: table-domain.ts:33 ConditionalExpression → true (an open dimension would be given the
  // event types as its public values, and a page would be published as "pageview")
  // kills: table-domain.ts:34 StringLiteral → `` (the error would not say which dimension)
  it('refuses to make up public values for an open dimension', () => {
    expect(() => boundedValues('path', { values: {} }, MARCH)).toThrow(
      new RangeError('path is an open dimension'),
    )
  })

  it("keeps a spec's list once per value, in its order", () => {
    expect(boundedValues('country', { values: { country: ['FR', 'BE', 'FR'] } }, MARCH)).toEqual([
      'FR',
      'BE',
    ])
  })
})

describe('isOpenDimension', () => {
  // kills: table-domain.ts:15 StringLiteral → "" (each of month, device and type: its values are
  // known without the data, so every one is published, zeros included, and none is hidden)
  it('takes month, device and type as bounded, and a page or a country without a list as open', () => {
    for (const d of ['month', 'device', 'type'] as const)
      expect(isOpenDimension(d, { values: {} }), d).toBe(false)
    expect(isOpenDimension('path', { values: {} })).toBe(true)
    expect(isOpenDimension('country', { values: {} })).toBe(true)
    expect(isOpenDimension('country', { values: { country: ['FR'] } })).toBe(false)
  })
})

describe('monthsOf', () => {
  // kills: table-domain.ts:31 ConditionalExpression → false (a table by month would have no
  // public months: refused as an open dimension)
  it('gives a table by month the months its period touches, the day after the last excluded', () => {
    expect(
      boundedValues('month', { values: {} }, { from: '2026-01-15', to: '2026-03-01' }),
    ).toEqual(['2026-01', '2026-02'])
  })

  // kills: table-domain.ts:52 EqualityOperator → ++m >= 12 (December skipped: a year-end
  // period would publish no December figure)
  it('counts December, then goes on into January', () => {
    expect(monthsOf({ from: '2026-11-15', to: '2027-02-01' })).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
    ])
  })
})

describe('groupLeaves', () => {
  // Region → department → commune: a group of groups adds up every value below it, once each,
  // in the order the values are listed.
  it('resolves each group to the listed values below it, through nested groups', () => {
    const table = {
      values: { country: ['FR', 'BE', 'NL', 'LU', 'DE'] },
      groups: {
        country: {
          Europe: ['Benelux', 'FR', 'NL'],
          Benelux: ['LU', 'BE', 'NL'],
          Loop: ['Loop', 'DE'],
        },
      },
    }
    expect(groupLeaves(table, 'country')).toEqual({
      Europe: ['FR', 'BE', 'NL', 'LU'],
      Benelux: ['BE', 'NL', 'LU'],
      Loop: ['DE'],
    })
    expect(groupLeaves(table, 'browser')).toEqual({})
  })
})
