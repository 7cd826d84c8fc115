import { stringify } from 'csv-stringify/sync'

/** A CSV cell: text (untrusted, neutralised), a figure, or nothing (an empty field). */
export type CsvCell = string | number | null | undefined

/**
 * What may stand before a formula and still let a spreadsheet run it: white space of any script
 * (`" =1"`, `"\n=1"`, `"\u3000=1"` — spreadsheets trim it), control characters and invisible
 * format characters (zero-width space, byte-order mark, direction marks), which show nothing.
 */
const INVISIBLE_LEAD = /^[\p{White_Space}\p{Cc}\p{Cf}]*/u

/**
 * The signs that open a formula (OWASP, "CSV Injection"), compared after NFKC so that their
 * full-width (`＝＋－＠`), small (`﹦﹢﹣﹫`) and superscript (`⁼⁺`) look-alikes count too.
 */
const FORMULA_SIGN = /^[=+\-@]/

/**
 * Whether a spreadsheet could read `text` as a formula: it starts with TAB or CR (OWASP's list),
 * or its first visible character is a formula sign or one of its Unicode look-alikes.
 *
 * @example isFormulaLike(' =1+1') // true
 */
export function isFormulaLike(text: string): boolean {
  if (text.startsWith('\t') || text.startsWith('\r')) return true
  const rest = text.slice(INVISIBLE_LEAD.exec(text)?.[0].length ?? 0)
  const first = rest.codePointAt(0)
  if (first === undefined) return false
  return FORMULA_SIGN.test(String.fromCodePoint(first).normalize('NFKC'))
}

/** A text cell as written: prefixed with `'` when a spreadsheet could run it as a formula. */
function neutralise(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text
}

/**
 * The product's one CSV writer (RFC 4180, on csv-stringify): a header line, then one line per
 * row, CRLF line ends, a field quoted when it holds a comma, a quote or a line break (quotes
 * doubled), no byte-order mark. Every text cell comes from tracked, untrusted input (URLs,
 * referrers, event names, release dimensions…): one that a spreadsheet could run as a formula
 * (`isFormulaLike`: after any leading white space, and full-width signs too) is prefixed with
 * `'` and opens as text: one rule, ours (csv-stringify's `escape_formulas` looks at the first
 * character only, so it is left off). Figures are written as numbers: a negative figure is not prefixed.
 * `null` and `undefined` write an empty field; when the header has a single column an empty cell
 * is written `""`, so that no line is blank (a blank line reads as no row at all).
 *
 * @example formatCsv(['page', 'pageviews'], [['/', 12], [' =1+1', -3]]) // 'page,pageviews\r\n/,12\r\n\' =1+1,-3\r\n'
 */
export function formatCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  return stringify([header, ...rows], {
    record_delimiter: '\r\n',
    // Given a record delimiter, csv-stringify stops quoting a lone LF or CR unless told to: a
    // text cell holding one would then split its row.
    quote_record_delimiter: true,
    quoted_empty: header.length === 1,
    cast: { string: neutralise },
  })
}
