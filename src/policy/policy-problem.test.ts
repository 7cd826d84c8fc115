import { describe, expect, it } from 'vitest'
import { formatProblem } from './policy-problem.js'

describe('formatProblem', () => {
  it('writes severity, key, rule, message and fix on one line', () => {
    expect(
      formatProblem({
        severity: 'error',
        key: 'cookies.lifetimeMonths',
        rule: 'cnil-cookie-lifetime',
        message: 'is 14 months; the CNIL allows at most 13 months from the first deposit.',
        fix: 'set 13 or less.',
      }),
    ).toBe(
      'error  cookies.lifetimeMonths  [cnil-cookie-lifetime] is 14 months; the CNIL allows at most 13 months from the first deposit. Fix: set 13 or less.',
    )
  })

  it('adds the line when known', () => {
    expect(
      formatProblem({
        severity: 'warning',
        key: 'a.b',
        rule: 'r',
        message: 'm.',
        fix: 'f.',
        line: 7,
        column: 3,
      }),
    ).toBe('warning  a.b (line 7)  [r] m. Fix: f.')
  })

  it('names the whole file when the key is empty', () => {
    expect(
      formatProblem({
        severity: 'error',
        key: '',
        rule: 'yaml-syntax',
        message: 'x.yaml:1:2: bad.',
        fix: 'f.',
        line: 1,
      }),
    ).toBe('error  (file)  [yaml-syntax] x.yaml:1:2: bad. Fix: f.')
  })
})
