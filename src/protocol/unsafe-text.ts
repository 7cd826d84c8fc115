/**
 * The one rule for text that may enter the store. A string is refused when it holds a code point
 * that some part of the chain cannot carry safely:
 * - a lone surrogate (U+D800–U+DFFF not in a pair): valid in a JSON string and in JavaScript,
 *   but not Unicode (UTF-8 cannot encode it); DuckDB's JSON reader refuses it, and one such row
 *   made every rollup fold, purge and erasure fail;
 * - a control character (C0, DEL, C1; tab and line breaks included): never part of a URL, a name
 *   or a label, and where CSV cells, log lines and headers are split;
 * - a noncharacter (U+FDD0–U+FDEF, and the last two code points of each plane): reserved by
 *   Unicode for a program's internal use, never for interchange.
 * Everything else, U+FFFD and every script included, is text.
 *
 * @example findUnsafeChar('caf\u00e9') // null
 * @example findUnsafeChar('a\ud800') // { kind: 'a lone surrogate', codePoint: 0xd800 }
 */
export function findUnsafeChar(
  text: string,
): { readonly kind: UnsafeCharKind; readonly codePoint: number } | null {
  const found = UNSAFE.exec(text)
  if (found === null) return null
  const codePoint = found[0].codePointAt(0) ?? 0
  return { kind: kindOf(codePoint), codePoint }
}

/** What is wrong with a refused code point, as a message says it. */
export type UnsafeCharKind = 'a lone surrogate' | 'a control character' | 'a noncharacter'

// With the u flag a surrogate pair is one code point, so \p{Cs} matches only a lone surrogate.
const UNSAFE = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u

function kindOf(codePoint: number): UnsafeCharKind {
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'a lone surrogate'
  if (codePoint <= 0x9f) return 'a control character'
  return 'a noncharacter'
}

/**
 * A code point as Unicode writes it, for messages: never the character itself.
 *
 * @example formatCodePoint(0xd800) // 'U+D800'
 */
export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`
}
