import { describe, expect, it } from 'vitest'
import { examplePolicy } from '../../test/helpers/example-policy.js'
import { AppError } from '../lib/app-error.js'
import { POLICY_VALUE_KEYS, policyValue } from './policy-value.js'

const policy = examplePolicy()
const known = `Known: ${POLICY_VALUE_KEYS.join(', ')}.`

/** The error a key throws, to read its code and message. */
function refusal(key: unknown): AppError {
  try {
    policyValue(policy, key, 'fr', '/cgu/')
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error(`policyValue accepted ${JSON.stringify(key)}`)
}

describe('{% temoinValue %}: a value of the policy as a page says it', () => {
  it('writes the controller’s address, or nothing when the policy gives none', () => {
    expect(policyValue(policy, 'controller.address', 'fr', '/')).toBe(
      "1 rue de l'Exemple, 75000 Paris",
    )
    // kills policy-value.ts: the address's '' default → another string
    const { name, contact } = policy.controller
    const noAddress = { ...policy, controller: { name, contact } }
    expect(policyValue(noAddress, 'controller.address', 'fr', '/')).toBe('')
  })

  it('stops on an unknown key with the closest known one, else with the list alone', () => {
    // kills policy-value.ts: the "did you mean" part emptied
    const typo = refusal('cookies.lifetimes')
    expect(typo.code).toBe('TEMPLATE_VALUE_UNKNOWN')
    expect(typo.message).toBe(
      `temoin/eleventy: {% temoinValue "cookies.lifetimes" %} in /cgu/ names no value of the policy; did you mean "cookies.lifetime"? ${known}`,
    )
    // kills policy-value.ts: the text without a suggestion ('' → another string); the sentence
    // ended with no full stop before "Known:" (fixed: '.')
    expect(refusal('durée').message).toBe(
      `temoin/eleventy: {% temoinValue "durée" %} in /cgu/ names no value of the policy. ${known}`,
    )
  })

  it('takes only text as a key: a list holding a known key’s name is refused too', () => {
    for (const key of [['version'], ['cookies.lifetimeMonths'], 13, undefined]) {
      const e = refusal(key)
      expect(e.code, JSON.stringify(key)).toBe('TEMPLATE_VALUE_UNKNOWN')
      expect(e.message).toContain(`names no value of the policy. ${known}`)
    }
  })
})
