import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FIXTURE_TIME, fixtureId, storedEvent } from '../../../test/helpers/fixtures.js'
import { POISONED_PROPS, poisonDatabase } from '../../../test/helpers/poisoned-store.js'
import { statsRollups } from '../../stats/stats-rollups.js'
import type { Store } from '../store.js'
import { createDuckdbStore } from './duckdb-store.js'
import type { SetAside } from './set-aside-events.js'

/**
 * DESIGN.md rule 10: whatever was accepted can always be read, folded, purged and erased. A row
 * the store cannot read back (props holding a lone surrogate, which an older collector accepted
 * and DuckDB's JSON reader refuses) is set aside, reported by id, and never stops the store.
 */
const VISITOR = `${Math.floor(FIXTURE_TIME / 1000) - 86_400}.8f14e45fceea167a5a36dedd4bea2543`

let dir = ''
let store: Store | undefined
let reported: SetAside[] = []
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-set-aside-'))
  reported = []
})
afterEach(async () => {
  await store?.close()
  store = undefined
  await rm(dir, { recursive: true, force: true })
})

const open = async (): Promise<Store> => {
  store = await createDuckdbStore({
    path: join(dir, 'temoin.duckdb'),
    rollups: statsRollups,
    onSetAside: (s) => reported.push(s),
  })
  return store
}

/** Everything a reader, the dashboard's rollups, retention and erasure do with the events. */
async function readEverything(s: Store): Promise<void> {
  // The rollup that reads props with json_each, and the same on the raw events.
  await s.query('SELECT count(*) AS n FROM rollup_event_props')
  await s.query('SELECT count(*) AS n FROM events AS e, json_each(e.props) AS p')
  await s.listEvents({})
}

async function setAsideCount(s: Store): Promise<number> {
  const [row] = await s.query('SELECT count(*)::INTEGER AS n FROM events_set_aside')
  return Number(row?.n)
}

describe('events the store cannot read back', () => {
  it('are refused by DuckDB’s JSON reader (the fixture really is the poison)', async () => {
    const instance = await DuckDBInstance.create(':memory:')
    const connection = await instance.connect()
    await expect(connection.run('SELECT * FROM json_each($1)', [POISONED_PROPS])).rejects.toThrow(
      /surrogate/,
    )
    connection.closeSync()
    instance.closeSync()
  })

  it('are set aside at the fold, reported by id, and removed by erasure and retention', async () => {
    const s = await open()
    const good = storedEvent({
      id: fixtureId(1),
      type: 'event',
      name: 'signup',
      props: { plan: 'pro' },
      visitor: VISITOR,
    })
    const poisoned = storedEvent({
      id: fixtureId(2),
      type: 'event',
      name: 'x',
      props: { k: '\ud800' },
      visitor: VISITOR,
    })
    const anonymous = storedEvent({
      id: fixtureId(3),
      type: 'event',
      name: 'x',
      props: { ['\udc00']: 1 },
    })
    // Written straight to the store: the collector's text rule would refuse them.
    await s.write({ events: [good, poisoned, anonymous], receipts: [] })

    await readEverything(s)
    expect(reported).toEqual([
      { ids: [poisoned.id, anonymous.id].sort(), reason: expect.stringMatching(/props/) as string },
    ])
    expect(reported[0]?.ids.length).toBe(2)
    expect((await s.listEvents({})).map((e) => e.id)).toEqual([good.id])
    const [props] = await s.query('SELECT sum(events)::INTEGER AS n FROM rollup_event_props')
    expect(Number(props?.n)).toBe(1)
    expect(await setAsideCount(s)).toBe(2)

    // Still the visitor's data: listed for their access to it, props as JavaScript reads them.
    expect((await s.listSetAside(VISITOR)).map((e) => [e.id, e.props])).toEqual([
      [poisoned.id, { k: '\ud800' }],
    ])
    // Erasure reaches the visitor's set-aside event too.
    expect(await s.eraseVisitor(VISITOR)).toEqual({ events: 2, receipts: 0 })
    expect(await setAsideCount(s)).toBe(1)
    expect(await s.listSetAside(VISITOR)).toEqual([])
    // Retention reaches the rest.
    expect(await s.purge({ events: FIXTURE_TIME + 1, receipts: 0 })).toEqual({
      events: 1,
      receipts: 0,
    })
    expect(await setAsideCount(s)).toBe(0)
    await readEverything(s)
  })

  it('a data folder an older version left poisoned opens, is repaired once, and works', async () => {
    const path = join(dir, 'temoin.duckdb')
    let s = await open()
    await s.write({
      events: [
        storedEvent({
          id: fixtureId(1),
          type: 'event',
          name: 'signup',
          props: { plan: 'pro' },
          visitor: VISITOR,
        }),
      ],
      receipts: [],
    })
    await s.close()
    store = undefined

    await poisonDatabase(path, { id: fixtureId(9), time: FIXTURE_TIME, visitor: VISITOR })

    s = await open()
    expect(reported.map((r) => r.ids)).toEqual([[fixtureId(9)]])
    await readEverything(s)
    expect(await s.countEvents({})).toBe(1)
    expect(await setAsideCount(s)).toBe(1)
    await s.close()

    // Repaired for good: the next open finds nothing to set aside.
    s = await open()
    expect(reported.length).toBe(1)
    expect(await s.eraseVisitor(VISITOR)).toEqual({ events: 2, receipts: 0 })
    expect(await s.countEvents({})).toBe(0)
    expect(await setAsideCount(s)).toBe(0)
  })
})
