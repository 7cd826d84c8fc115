import type { SeriesAnswer, SeriesRow } from '../stats/stats-types.js'
import { formatTableCsv } from './format-table-csv.js'

/**
 * The CSV's columns: which period a row belongs to, then the series' own columns. Keys only: a
 * CSV's header is its keys (formatTableCsv), so labels here would be written nowhere.
 */
const COLUMNS = ['period', 'time', 'visits', 'pageviews', 'visitors'].map((key) => ({ key }))

/**
 * The series as CSV (docs/api.md, "CSV"): one row per bucket, in the long shape a spreadsheet
 * filters and pivots well — `period` says `current` for the buckets of the period asked, then
 * `previous` for those of the period just before — with `time` the bucket's start (ISO 8601,
 * UTC), `visits`, `pageviews` (everyone) and `visitors` (consenting). Quoting and line ends are
 * the tables' (formatTableCsv).
 *
 * @example formatSeriesCsv(answer) // 'period,time,visits,pageviews,visitors\r\ncurrent,2026-03-01T00:00:00.000Z,4,9,2\r\n…'
 */
export function formatSeriesCsv(answer: Pick<SeriesAnswer, 'rows' | 'previousRows'>): string {
  const tag = (period: 'current' | 'previous') => (row: SeriesRow) => ({ period, ...row })
  return formatTableCsv({
    columns: COLUMNS,
    rows: [...answer.rows.map(tag('current')), ...answer.previousRows.map(tag('previous'))],
  })
}
