import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JS } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixtureId, storedEvent } from '../../../test/helpers/fixtures.js'
import { withRawConnection } from '../../../test/helpers/raw-duckdb.js'
import type { Store } from '../store.js'
import { createDuckdbStore } from './duckdb-store.js'
import { toStoredEvent } from './event-row.js'

/**
 * Rows read back from a file that something other than this store wrote or damaged: a store
 * file is an operator's, and a row in it can be anything. The file is written by the store,
 * closed, doctored below it, and reopened.
 */
const VISITOR = '1767225600.8f14e45fceea167a5a36dedd4bea2543'

let dir = ''
let store: Store | undefined
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-event-row-'))
})
afterEach(async () => {
  await store?.close()
  store = undefined
  await rm(dir, { recursive: true, force: true })
})

/** Writes `event` with a fresh store, then changes its row below the store with `sql`. */
async function doctored(event: ReturnType<typeof storedEvent>, sql: string): Promise<Store> {
  const path = join(dir, 'temoin.duckdb')
  const first = await createDuckdbStore({ path })
  await first.write({ events: [event], receipts: [] })
  await first.close()
  await withRawConnection(path, async (connection) => {
    await connection.run(sql)
    await connection.run('CHECKPOINT')
  })
  store = await createDuckdbStore({ path })
  return store
}

describe('event rows read back', () => {
  // kills: event-row.ts:76 ArrayDeclaration → [], MethodExpression → row, StringLiteral → ""
  it('gives a set-aside event whose props even JavaScript cannot parse with props {}, every other field intact', async () => {
    const event = storedEvent({
      id: fixtureId(1),
      type: 'event',
      name: 'signup',
      path: '/join',
      visitor: VISITOR,
      props: { plan: 'pro' },
    })
    // Truncated JSON: DuckDB's reader refuses it (so the next open sets the row aside), and so
    // does JSON.parse.
    const s = await doctored(event, `UPDATE events SET props = '{"plan":'`)
    expect(await s.countEvents({})).toBe(0)
    // The visitor's access to their data still works, and shows everything but the props.
    expect(await s.listSetAside(VISITOR)).toEqual([{ ...event, props: {} }])
  })

  // kills: event-row.ts:45 StringLiteral → `` (the operator is told which column held what)
  it('refuses a row whose type is neither pageview nor event, naming the column and the value', async () => {
    const s = await doctored(storedEvent({ id: fixtureId(2) }), `UPDATE events SET type = 'click'`)
    await expect(s.listEvents({})).rejects.toThrow('column type: unknown event type click')
  })
})

/**
 * A row as `SELECT ${EVENT_COLUMNS}` gives it to getRowsJS (epoch_ms arrives as a bigint). The
 * store's own table cannot hold a wrong kind of value (NOT NULL, typed columns), so those
 * refusals are read here, at the reader: what a damaged or foreign table would meet.
 */
const EVENT_ROW: readonly JS[] = [
  fixtureId(7),
  1_772_366_400_000n,
  'example.org',
  'event',
  'signup',
  '/join',
  'ref=x',
  'https://a.example/',
  VISITOR,
  'FR',
  'mobile',
  'Firefox',
  'Android',
  '{"plan":"pro","n":2}',
]
const EVENT_COLUMN_NAMES = [
  'id',
  'time',
  'site',
  'type',
  'name',
  'path',
  'query',
  'referrer',
  'visitor',
  'country',
  'device',
  'browser',
  'os',
  'props',
]

describe('toStoredEvent', () => {
  it('reads every column of a well-formed row into its field', () => {
    expect(toStoredEvent(EVENT_ROW)).toEqual({
      id: fixtureId(7),
      time: 1_772_366_400_000,
      site: 'example.org',
      type: 'event',
      name: 'signup',
      path: '/join',
      query: 'ref=x',
      referrer: 'https://a.example/',
      visitor: VISITOR,
      country: 'FR',
      device: 'mobile',
      browser: 'Firefox',
      os: 'Android',
      props: { plan: 'pro', n: 2 },
    })
    expect(toStoredEvent(EVENT_ROW.with(8, null)).visitor).toBeNull()
  })

  // kills: event-row.ts:43 and :48–:60 StringLiteral → "" (each column's name in the error that
  // tells an operator which column of a damaged or foreign table holds what it should not)
  it('refuses a value of the wrong kind in any column, naming that column', () => {
    EVENT_COLUMN_NAMES.forEach((column, i) => {
      const wrong = column === 'time' ? 'noon' : 42
      expect(() => toStoredEvent(EVENT_ROW.with(i, wrong)), column).toThrow(
        new TypeError(
          `column ${column}: expected a ${column === 'time' ? 'number' : 'string'}, got ${typeof wrong}`,
        ),
      )
    })
  })
})
