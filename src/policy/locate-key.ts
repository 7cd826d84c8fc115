import { isMap, isScalar, isSeq } from 'yaml'
import type { Document, LineCounter, Node } from 'yaml'

/**
 * Where a key sits in a parsed YAML document, as a 1-based line and column, so that a problem
 * points at the line to edit. A key that is missing from the file (a required key, a language
 * left out) points at the nearest parent that is there; undefined when not even the root is.
 *
 * @example
 * const lc = new LineCounter()
 * const doc = parseDocument('cookies:\n  lifetimeMonths: 14\n', { lineCounter: lc })
 * locateKey(doc, lc, 'cookies.lifetimeMonths') // { line: 2, column: 3 }
 */
export function locateKey(
  doc: Document,
  lineCounter: LineCounter,
  key: string,
): { line: number; column: number } | undefined {
  let node: unknown = doc.contents
  let at: Node | undefined = isNode(node) ? node : undefined
  for (const segment of toPath(key)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === segment)
      if (pair === undefined) break
      // Point at the key itself (the start of its line), not at its value.
      if (isNode(pair.key)) at = pair.key
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment]
      if (!isNode(item)) break
      at = item
      node = item
    } else break
  }
  const offset = at?.range?.[0]
  if (offset === undefined) return undefined
  const { line, col } = lineCounter.linePos(offset)
  return { line, column: col }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value
}

/** `sites[0].domain` → `['sites', 0, 'domain']` (purpose ids and language codes hold no dots). */
function toPath(key: string): (string | number)[] {
  const path: (string | number)[] = []
  for (const part of key.split('.')) {
    if (part === '') continue
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part)
    if (m === null) {
      path.push(part)
      continue
    }
    if (m[1] !== undefined && m[1] !== '') path.push(m[1])
    for (const index of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]))
  }
  return path
}
