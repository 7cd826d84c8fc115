import { describe, expect, it } from 'vitest'
import { dpTable, exactTable } from '../../test/helpers/release-fixtures.js'
import { formatPublishedCsv } from './format-published-csv.js'

describe('formatPublishedCsv', () => {
  // kills: format-published-csv.ts:13 (dp → true / false, 'dp' → ''), :14 and :17 (the margin
  // column and its cells dropped or added), the header's string literals.
  it('writes a DP table with its 95% margin column, and a withheld value as an empty field', () => {
    expect(formatPublishedCsv(dpTable())).toBe(
      'country,value,status,margin\r\nFR,1204,published,48\r\nBE,,below-threshold,48\r\n',
    )
  })

  it('writes an exact table without a margin column: its figures have no noise', () => {
    expect(formatPublishedCsv(exactTable())).toBe(
      'country,value,status\r\nFR,60,published\r\nBE,,suppressed-primary\r\nCH,,suppressed-secondary\r\n*,90,published\r\n',
    )
  })

  it('writes a table without dimensions as one total row', () => {
    const total = dpTable({
      dimensions: [],
      cells: [{ key: [], value: 7, status: 'published', margin: 3 }],
    })
    expect(formatPublishedCsv(total)).toBe('value,status,margin\r\n7,published,3\r\n')
  })

  // A page, a referrer or an event name is the visitor's text: an attacker who visits
  // `/=cmd|' /C calc'!A0` makes it a published key. Every sign that opens a formula (= + - @, and
  // TAB and CR, OWASP's list) must open as text in the analyst's spreadsheet, in every dimension.
  it('neutralises every formula a visitor can plant in a published key, in a DP and an exact table', () => {
    const hostile = ["=cmd|' /C calc'!A0", '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1', '\r=1']
    const cells = hostile.map((h) => ({ key: ['/ok', h], value: 5, status: 'published' as const }))
    const exact = formatPublishedCsv(exactTable({ dimensions: ['path', 'referrer'], cells }))
    expect(exact.split('\r\n')).toEqual([
      'path,referrer,value,status',
      `/ok,'=cmd|' /C calc'!A0,5,published`,
      `/ok,"'+SUM(1,2)",5,published`,
      `/ok,'-2+3,5,published`,
      `/ok,'@SUM(A1),5,published`,
      `/ok,'\t=1,5,published`,
      `/ok,"'\r=1",5,published`,
      '',
    ])
    const dp = formatPublishedCsv(
      dpTable({
        dimensions: ['event'],
        cells: hostile.map((h) => ({ key: [h], value: -3, status: 'published', margin: 9 })),
      }),
    )
    const lines = dp.split('\r\n').slice(1, -1)
    expect(lines).toHaveLength(hostile.length)
    // Each key opens as text; a noisy figure may be negative and stays a number.
    for (const line of lines) expect(line).toMatch(/^"?'.*,-3,published,9$/s)
  })
})
