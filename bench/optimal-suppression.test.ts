import type { Highs } from 'highs'
import { beforeAll, describe, expect, it } from 'vitest'
import { gridTable } from '../test/helpers/grid-table.js'
import { loadHighs } from '../src/publish/load-highs.js'
import { optimalSuppression } from './optimal-suppression.js'

let highs: Highs
beforeAll(async () => {
  highs = await loadHighs()
})

const withPrimaries = (values: Record<string, number>, small: string[]) =>
  gridTable(
    'r/t',
    ['row', 'col'],
    values,
    Object.fromEntries(small.map((k) => [k, 'suppressed-primary' as const])),
  )

describe('optimalSuppression: known optima', () => {
  // One small cell in a 2 × 2 table with its margins: it can only hide in the rectangle it makes
  // with one other row and one other column, three more cells (the Handbook's first example).
  it('withholds the three other corners of a 2 × 2 table', () => {
    const t = withPrimaries({ 'a|x': 1, 'a|y': 9, 'b|x': 8, 'b|y': 7 }, ['a|x'])
    expect(optimalSuppression(highs, t, 2).withheld).toBe(3)
  })

  // Two small cells on one row of a 2 × 3 table, a range of 1: each column of a small cell needs
  // a second withheld cell, so two more at least; the other row's two cells of those columns
  // protect both (a|x + a|y = 2 is all an attacker learns). Fewer cannot do.
  it('shares one rectangle between two small cells of a row', () => {
    const t = withPrimaries({ 'a|x': 1, 'a|y': 1, 'a|z': 20, 'b|x': 8, 'b|y': 7, 'b|z': 9 }, [
      'a|x',
      'a|y',
    ])
    expect(optimalSuppression(highs, t, 1).withheld).toBe(2)
  })

  // The same with a range of 2: a|y (1) must be able to reach 3, more than a|x + a|y = 2 allows,
  // so the rest of row a and column z go as well: four.
  it('withholds more when the range asks more', () => {
    const t = withPrimaries({ 'a|x': 1, 'a|y': 1, 'a|z': 20, 'b|x': 8, 'b|y': 7, 'b|z': 9 }, [
      'a|x',
      'a|y',
    ])
    expect(optimalSuppression(highs, t, 2).withheld).toBe(4)
  })

  it('withholds nothing when no cell is small', () => {
    const t = withPrimaries({ 'a|x': 5, 'a|y': 9 }, [])
    expect(optimalSuppression(highs, t, 2)).toEqual({ withheld: 0, rounds: 1 })
  })
})
