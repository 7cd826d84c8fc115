/**
 * JSON text's value, or `undefined` when it is not JSON: for callers that refuse a bad value with
 * their own error, as they refuse a value of the wrong shape.
 *
 * @example parseJsonText('{"a":1}') // { a: 1 }; parseJsonText('{') // undefined
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    // Not JSON: undefined, below.
  }
  return undefined
}
