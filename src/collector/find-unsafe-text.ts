import { AppError } from '../lib/app-error.js'
import { findUnsafeChar, formatCodePoint } from '../protocol/unsafe-text.js'
import { safeKey } from '../lib/safe-key.js'

/**
 * Applies the text rule (`protocol/unsafe-text.ts`) to every string of a parsed JSON body, keys
 * included, at any depth: the first string holding a lone surrogate, a control character or a
 * noncharacter is a TEXT_INVALID error naming where it is (`props.plan`, `granted[0]`, or the
 * object whose key it is). This is the only place the rule is applied: every body the server
 * reads goes through `readJsonBody`, so no parser after it can let such text reach the store,
 * and none of them checks it again. The walk uses its own stack, so no nesting depth can
 * overflow the call stack.
 *
 * @example findUnsafeText({ props: { k: '\ud800' } })?.code // 'TEXT_INVALID' (where: 'props.k')
 */
export function findUnsafeText(body: unknown): AppError | null {
  const stack: [value: unknown, where: string][] = [[body, '']]
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, where] = next
    if (typeof value === 'string') {
      const problem = describe(value)
      if (problem !== null) return invalid(where || 'body', `holds ${problem}`)
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${where}[${i}]`]))
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const problem = describe(key)
        if (problem !== null) return invalid(where || 'body', `has a key holding ${problem}`)
        const name = safeKey(key)
        stack.push([item, where === '' ? name : `${where}.${name}`])
      }
    }
  }
  return null
}

function describe(text: string): string | null {
  const found = findUnsafeChar(text)
  return found === null ? null : `${found.kind} (${formatCodePoint(found.codePoint)})`
}

function invalid(where: string, problem: string): AppError {
  return new AppError(
    'TEXT_INVALID',
    `${where}: ${problem}; text must be valid Unicode without control characters or noncharacters.`,
    { where },
  )
}
