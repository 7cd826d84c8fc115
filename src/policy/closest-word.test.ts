import { describe, expect, it } from 'vitest'
import { closestWord } from './closest-word.js'

describe('closestWord', () => {
  it.each([
    ['cookeis', ['cookies', 'consent'], 'cookies'],
    ['lifetimeMonth', ['lifetimeMonths'], 'lifetimeMonths'],
    ['trustproxy', ['host', 'trustProxy'], 'trustProxy'],
    ['langages', ['languages', 'sites'], 'languages'],
    ['banana', ['lifetimeMonths'], undefined],
    ['ab', ['xy'], undefined],
    ['x', [], undefined],
  ] as const)('%s → %s', (word, candidates, expected) => {
    expect(closestWord(word, candidates)).toBe(expected)
  })
})
