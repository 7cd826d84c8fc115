import { describe, expect, it } from 'vitest'
import { newVisitorId, parseVisitorId } from './visitor-id.js'

describe('parseVisitorId', () => {
  const id = '1767225600.8f14e45fceea167a5a36dedd4bea2543'

  it('reads the first-deposit date from the id', () => {
    expect(parseVisitorId(id)).toEqual({ id, deposit: 1767225600_000 })
  })

  // kills: visitor-id.ts:18 Regex without ^: text before the id would be stored as part of it
  it('refuses an id with anything before or after it', () => {
    expect(parseVisitorId(`x${id}`)).toBeNull()
    expect(parseVisitorId(`99${id}`)).toBeNull() // twelve digits of seconds
    expect(parseVisitorId(`${id}0`)).toBeNull()
    expect(parseVisitorId(`${id}\n`)).toBeNull()
  })

  it('refuses a non-string, upper-case hex and a deposit starting with 0', () => {
    expect(parseVisitorId(1767225600)).toBeNull()
    expect(parseVisitorId(id.toUpperCase())).toBeNull()
    expect(parseVisitorId(`0${id.slice(1)}`)).toBeNull()
  })

  it('makes ids it can read back, dated to the second', () => {
    const made = newVisitorId(1767225600_999)
    expect(parseVisitorId(made)?.deposit).toBe(1767225600_000)
  })
})
