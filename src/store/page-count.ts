/**
 * A `limit` or an `offset` of a listing, checked: a whole number ≥ 0 (a RangeError names it
 * otherwise). Every store checks its page bounds here, before they reach SQL.
 *
 * @example pageCount(filter.limit ?? 1000, 'limit') // 1000
 */
export function pageCount(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${value}`)
  return value
}
