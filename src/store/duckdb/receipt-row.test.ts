import type { JS } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { toConsentReceipt } from './receipt-row.js'

/**
 * A receipt row as `SELECT ${RECEIPT_COLUMNS}` gives it to getRowsJS (epoch_ms arrives as a
 * bigint). The store's own tables cannot hold a wrong kind of value (NOT NULL, typed columns),
 * so the refusals are read here, at the reader: what a damaged or foreign table would meet.
 */
const ROW: readonly JS[] = [
  'r1',
  1_772_366_400_000n,
  'example.org',
  '2026-03',
  ['statistics'],
  ['advertising', 'social'],
  1_772_366_000_000n,
  1_806_580_800_000n,
  '1767225600.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  true,
]

describe('toConsentReceipt', () => {
  it('reads every column of a well-formed row into its field', () => {
    expect(toConsentReceipt(ROW)).toEqual({
      id: 'r1',
      time: 1_772_366_400_000,
      site: 'example.org',
      policyVersion: '2026-03',
      granted: ['statistics'],
      refused: ['advertising', 'social'],
      deposit: 1_772_366_000_000,
      expires: 1_806_580_800_000,
      visitor: '1767225600.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      gpc: true,
    })
    expect(toConsentReceipt(ROW.with(8, null)).visitor).toBeNull()
  })

  // kills: receipt-row.ts:49–:58 StringLiteral → "" (each column's name in the error that tells
  // an operator which column of a damaged or foreign table holds what it should not)
  it('refuses a value of the wrong kind in any column, naming that column', () => {
    const cases: [number, JS, string][] = [
      [0, 1, 'column id: expected a string, got number'],
      [1, 'noon', 'column time: expected a number, got string'],
      [2, true, 'column site: expected a string, got boolean'],
      [3, 3, 'column policy_version: expected a string, got number'],
      [4, 'statistics', 'column granted: expected a list, got string'],
      [5, ['social', 5], 'column refused[1]: expected a string, got number'],
      [6, '2026-03-01', 'column deposit: expected a number, got string'],
      [7, null, 'column expires: expected a number, got object'],
      [8, 8, 'column visitor: expected a string, got number'],
      [9, 'true', 'column gpc: expected a boolean, got string'],
    ]
    for (const [i, wrong, message] of cases)
      expect(() => toConsentReceipt(ROW.with(i, wrong)), message).toThrow(new TypeError(message))
  })
})
