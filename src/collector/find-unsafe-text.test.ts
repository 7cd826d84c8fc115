import { expect, test } from 'vitest'
import { findUnsafeText } from './find-unsafe-text.js'

/**
 * The text rule's refusal is a 400 body the client reads: `where` must name the string at fault
 * (docs/api.md, "Text"), including when the whole body is that string.
 */

// kills: find-unsafe-text.ts:22 StringLiteral → "" (a bare string has no path: it is the body)
test('a bare string holding a control character is named as the body', () => {
  const e = findUnsafeText('a\u0000b')
  expect(e?.code).toBe('TEXT_INVALID')
  expect(e?.where).toBe('body')
  expect(e?.message).toBe(
    'body: holds a control character (U+0000); text must be valid Unicode without control characters or noncharacters.',
  )
})

// kills: find-unsafe-text.ts:46 ObjectLiteral → {} (the error would carry no `where`)
test.each([
  [{ props: { plan: '\ud800' } }, 'props.plan'],
  [{ granted: ['statistics', '\ufffe'] }, 'granted[1]'],
  [{ props: { ['\u0007']: 1 } }, 'props'],
])('an unsafe string in %j is found at %s', (body, where) => {
  const e = findUnsafeText(body)
  expect(e?.code).toBe('TEXT_INVALID')
  expect(e?.where).toBe(where)
  expect(e?.message.startsWith(`${where}: `)).toBe(true)
})

test('safe text anywhere, U+FFFD and every script included, passes', () => {
  expect(findUnsafeText({ props: { plan: 'pro \ufffd 日本 😀' }, granted: ['é'] })).toBeNull()
})
