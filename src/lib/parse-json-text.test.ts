import { describe, expect, it } from 'vitest'
import { parseJsonText } from './parse-json-text.js'

describe('parseJsonText', () => {
  it('gives the value of JSON text, null included, and undefined for what is not JSON', () => {
    expect(parseJsonText('{"a":[1,"x"]}')).toEqual({ a: [1, 'x'] })
    expect(parseJsonText('null')).toBeNull()
    for (const text of ['', '{', 'undefined', "{'a':1}", '[1,]'])
      expect(parseJsonText(text), text).toBeUndefined()
  })
})
