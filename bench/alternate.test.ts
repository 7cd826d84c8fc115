import { describe, expect, it } from 'vitest'
import { alternate } from './alternate.js'

describe('alternate', () => {
  it('measures each subject runs times, in rounds of alternating order', async () => {
    const calls: string[] = []
    const rounds: number[] = []
    const got = await alternate(
      ['a', 'b'],
      3,
      (subject) => {
        calls.push(subject)
        return Promise.resolve(`${subject}${calls.length}`)
      },
      (round, sofar) => rounds.push(round * 10 + sofar.a.length),
    )
    expect(calls).toEqual(['a', 'b', 'b', 'a', 'a', 'b'])
    expect(got).toEqual({ a: ['a1', 'a4', 'a5'], b: ['b2', 'b3', 'b6'] })
    expect(rounds).toEqual([1, 12, 23])
  })
})
