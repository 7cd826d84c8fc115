import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatCsv, isFormulaLike } from './format-csv.js'
import type { CsvCell } from './format-csv.js'

/**
 * A strict RFC 4180 reader, written from the RFC and not from the writer, for the tests only:
 * records end with CRLF; a quoted field doubles its quotes and may hold anything; an unquoted
 * field may hold neither a quote, nor CR, nor LF. Anything else throws.
 */
function parseRfc4180(text: string): string[][] {
  const records: string[][] = []
  let record: string[] = []
  let i = 0
  while (i < text.length) {
    let field = ''
    if (text[i] === '"') {
      i++
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field')
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"'
            i += 2
            continue
          }
          i++
          break
        }
        field += text[i]
        i++
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${text[i]} at ${i}`)
        field += text[i]
        i++
      }
    }
    record.push(field)
    if (text[i] === ',') {
      i++
      continue
    }
    if (text.slice(i, i + 2) !== '\r\n') throw new Error(`no CRLF after a record at ${i}`)
    i += 2
    records.push(record)
    record = []
  }
  return records
}

/** The signs the brief names, and a few of their look-alikes. */
const SIGNS = ['=', '+', '-', '@', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫', '⁼', '⁺']
/** Unicode white space, controls and invisible characters a spreadsheet may trim. */
const LEADS = [' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u1680', '\u2003', '\u2028'].concat([
  '\u2029',
  '\u202f',
  '\u3000',
  '\u200b',
  '\ufeff',
  '\u200e',
  '\u0000',
])

const text = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc
    .tuple(
      fc.array(fc.constantFrom(...LEADS), { maxLength: 4 }),
      fc.constantFrom(...SIGNS, 'a', '1', '"', ',', "'", '\ud800'),
      fc.string({ unit: 'binary', maxLength: 8 }),
    )
    .map(([lead, sign, rest]) => `${lead.join('')}${sign}${rest}`),
)
const cell: fc.Arbitrary<CsvCell> = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constant(undefined),
)
const tables = fc.integer({ min: 1, max: 6 }).chain((width) =>
  fc.record({
    header: fc.array(text, { minLength: width, maxLength: width }),
    rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
  }),
)

/** The test's own reading of "starts with a formula", from OWASP's list, after white space. */
const FORMULA_AFTER_SPACE = new RegExp(
  `^[\\s\\p{White_Space}]*[${SIGNS.map((s) => (s === '-' ? '\\-' : s)).join('')}]`,
  'u',
)

describe('formatCsv (property, fast-check)', () => {
  it('every row keeps its cell count, text reads back as itself or with a leading apostrophe, figures as numbers, and no text cell starts with a formula unless prefixed', () => {
    fc.assert(
      fc.property(tables, ({ header, rows }) => {
        const records = parseRfc4180(formatCsv(header, rows))
        expect(records).toHaveLength(rows.length + 1)
        const written: readonly (readonly CsvCell[])[] = [header, ...rows]
        records.forEach((record, r) => {
          const source = written[r] ?? []
          expect(record).toHaveLength(source.length)
          record.forEach((field, c) => {
            const value = source[c]
            if (value === null || value === undefined) return expect(field).toBe('')
            if (typeof value === 'number') return expect(field).toBe(String(value))
            expect([value, `'${value}`]).toContain(field)
            if (field.startsWith("'")) return
            expect(field).not.toMatch(/^[\t\r]/)
            expect(field).not.toMatch(FORMULA_AFTER_SPACE)
            if (/^[\p{L}\p{N}]/u.test(value)) expect(field).toBe(value)
          })
        })
      }),
      { numRuns: 400 },
    )
  })
})

describe('formatCsv', () => {
  it('neutralises a formula after leading white space, a line break, ideographic space, an invisible character, and full-width signs', () => {
    const cases = [' =1+1', '\n=1+1', '\u3000=1', '\t\t@SUM(A1)', '\u200b+1', '＝1+1', '＋1', '－1']
    const records = parseRfc4180(
      formatCsv(
        ['a', 'b'],
        cases.map((c) => [c, 1]),
      ),
    )
    expect(records.slice(1).map((r) => r[0])).toEqual(cases.map((c) => `'${c}`))
  })

  it("keeps OWASP's list: = + - @ TAB CR first are prefixed, and fields are quoted as RFC 4180 says", () => {
    expect(
      formatCsv(
        ['a', 'b'],
        [
          ['+1', -3],
          ['-x', null],
          ['@SUM(A1)', 0.5],
          ['\tx', 1],
          ['\rx', 1],
          ['line\nbreak', 1],
          ['ok=1', 1],
          ['=HYPERLINK("http://evil.example","x")', undefined],
        ],
      ),
    ).toBe(
      "a,b\r\n'+1,-3\r\n'-x,\r\n'@SUM(A1),0.5\r\n'\tx,1\r\n\"'\rx\",1\r\n\"line\nbreak\",1\r\nok=1,1\r\n" +
        '"\'=HYPERLINK(""http://evil.example"",""x"")",\r\n',
    )
  })

  it('writes figures as numbers (a negative one is not prefixed), and null or undefined as an empty field', () => {
    expect(formatCsv(['n', 'm', 'o'], [[-12, null, undefined]])).toBe('n,m,o\r\n-12,,\r\n')
  })

  it('never writes a blank line: a one-column empty cell is written ""', () => {
    expect(formatCsv(['a'], [[null], [''], ['x']])).toBe('a\r\n""\r\n""\r\nx\r\n')
    expect(parseRfc4180(formatCsv(['a'], [[null]]))).toEqual([['a'], ['']])
  })

  it('writes the header alone for no rows', () => {
    expect(formatCsv(['page', 'pageviews'], [])).toBe('page,pageviews\r\n')
  })
})

describe('isFormulaLike', () => {
  it('tells formulas from text', () => {
    for (const t of [' =1', '\n+1', '\u3000-1', '@a', '\t', '\r', '＠x', '﹦1']) {
      expect(isFormulaLike(t), JSON.stringify(t)).toBe(true)
    }
    for (const t of ['', ' ', 'a=1', "'=1", '1-2', '/=', '\ud800=', '−1']) {
      expect(isFormulaLike(t), JSON.stringify(t)).toBe(false)
    }
  })
})
