import type { Store } from '../store/store.js'
import { canUseRollup, eventsWhere, rollupWhere } from './choose-source.js'
import { createSqlParams } from './sql-params.js'
import { statsHeader } from './stats-header.js'
import type { StatsQuery } from './stats-query.js'
import type { TableAnswer } from './stats-types.js'
import { column } from './table-columns.js'
import { toCells } from './to-cells.js'

/**
 * The properties of one custom event (`query.event`): how often each value of each property
 * came (everyone). Values are text: strings as sent, numbers and booleans as JSON writes them.
 *
 * @example const { rows } = await queryEventProps(store, { ...query, event: 'download' }) // [{ property: 'file', value: '/a.pdf', count: 12 }]
 */
export async function queryEventProps(store: Store, query: StatsQuery): Promise<TableAnswer> {
  const d = store.dialect
  const p = createSqlParams(d)
  // Stryker disable next-line StringLiteral: every caller names the event (the API refuses event-props without `event`, parse-stats-query.ts; queryDashboard skips the panel without one, stats-endpoints.ts), so the fallback never runs
  const event = query.event ?? ''
  let sql: string
  if (canUseRollup(store, query, 'event_props', ['event'])) {
    sql = `SELECT property, value, sum(events) AS count FROM rollup_event_props WHERE ${rollupWhere(query, p, query.range)} AND event = ${p.add(event)} GROUP BY property, value HAVING sum(events) > 0 ORDER BY sum(events) DESC, property, value`
  } else {
    // The events are selected first: the entries bring columns named like theirs. Grouped and
    // ordered by expressions: the aliases are named like the entries' columns (SqlDialect).
    const events = `SELECT * FROM events WHERE ${eventsWhere(store, query, p, query.range)} AND type = 'event' AND name = ${p.add(event)}`
    const entry = d.propEntries('e', 'j')
    const value = `coalesce(${entry.value}, '')`
    sql = `SELECT ${entry.key} AS property, ${value} AS value, count(*) AS count FROM (${events}) AS e${entry.from} GROUP BY ${entry.key}, ${value} ORDER BY count(*) DESC, ${entry.key}, ${value}`
  }
  const rows = await store.query(`${sql} LIMIT ${p.add(query.limit)}`, p.values)
  return {
    ...statsHeader(query),
    panel: 'event-props',
    filter: null,
    columns: [
      column('property', 'Property', 'all'),
      column('value', 'Value', 'all'),
      column('count', 'Events', 'all'),
    ],
    rows: toCells(rows),
  }
}
