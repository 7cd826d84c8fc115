import type { DuckDBAppender, JS } from '@duckdb/node-api'
import type { StoredEvent } from '../store.js'
import { readNullableString, readNumber, readString, toTimestamp } from './sql-values.js'

/** The SELECT list that `toStoredEvent` reads, in its order. */
export const EVENT_COLUMNS =
  'id, epoch_ms(time) AS time, site, type, name, path, query, referrer, visitor, country, device, browser, os, props'

/**
 * Appends one event to an appender on `events`, in the table's column order (migration 1).
 * Props are stored as a JSON object in a VARCHAR: a plain type that ClickHouse reads as well.
 *
 * @example
 * const appender = await connection.createAppender('events')
 * appendEventRow(appender, event)
 * appender.closeSync()
 */
export function appendEventRow(appender: DuckDBAppender, event: StoredEvent): void {
  appender.appendVarchar(event.id)
  appender.appendTimestamp(toTimestamp(event.time))
  appender.appendVarchar(event.site)
  appender.appendVarchar(event.type)
  appender.appendVarchar(event.name)
  appender.appendVarchar(event.path)
  appender.appendVarchar(event.query)
  appender.appendVarchar(event.referrer)
  if (event.visitor === null) appender.appendNull()
  else appender.appendVarchar(event.visitor)
  appender.appendVarchar(event.country)
  appender.appendVarchar(event.device)
  appender.appendVarchar(event.browser)
  appender.appendVarchar(event.os)
  appender.appendVarchar(JSON.stringify(event.props))
  appender.endRow()
}

/**
 * One row selected with `EVENT_COLUMNS` (read with `getRowsJS`) → a StoredEvent.
 *
 * @example (await connection.runAndReadAll(`SELECT ${EVENT_COLUMNS} FROM events`)).getRowsJS().map(toStoredEvent)
 */
export function toStoredEvent(row: readonly JS[]): StoredEvent {
  const type = readString(row[3], 'type')
  if (type !== 'pageview' && type !== 'event')
    throw new TypeError(`column type: unknown event type ${type}`)
  return {
    id: readString(row[0], 'id'),
    time: readNumber(row[1], 'time'),
    site: readString(row[2], 'site'),
    type,
    name: readString(row[4], 'name'),
    path: readString(row[5], 'path'),
    query: readString(row[6], 'query'),
    referrer: readString(row[7], 'referrer'),
    visitor: readNullableString(row[8], 'visitor'),
    country: readString(row[9], 'country'),
    device: readString(row[10], 'device'),
    browser: readString(row[11], 'browser'),
    os: readString(row[12], 'os'),
    props: JSON.parse(readString(row[13], 'props')) as StoredEvent['props'],
  }
}

/**
 * A set-aside row (`set-aside-events.ts`) → a StoredEvent: such a row was set aside because
 * DuckDB could not read its props; JavaScript usually can (a lone surrogate is valid in a JSON
 * string for it), and when even it cannot, the props are given as `{}` rather than failing the
 * visitor's access to everything else.
 *
 * @example (await connection.runAndReadAll(`SELECT ${EVENT_COLUMNS} FROM events_set_aside`)).getRowsJS().map(toSetAsideEvent)
 */
export function toSetAsideEvent(row: JS[]): StoredEvent {
  try {
    return toStoredEvent(row)
  } catch {
    return toStoredEvent([...row.slice(0, 13), '{}'])
  }
}
