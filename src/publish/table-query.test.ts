import { describe, expect, it } from 'vitest'
import {
  newVisitor,
  publishPolicy,
  usePublishWorld,
  releaseSpec,
  views,
} from '../../test/helpers/publish-fixtures.js'
import { storedEvent } from '../../test/helpers/fixtures.js'
import { publishRelease } from './publish-release.js'
import type { ReleaseSpec } from './release-spec.js'
import { combinations, keyId, tableFilter } from './table-query.js'

const world = usePublishWorld()

// Exact counts (no noise) with a smallest group of 1 (no suppression): each published figure is
// the true count of the events the table selects, so what tableFilter selects shows directly.
const policy = publishPolicy({ minGroupSize: 1 })

/** The published figures of a one-table exact release, by country. */
async function figures(
  table: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): Promise<Record<string, number | null>> {
  const release: ReleaseSpec = releaseSpec({
    name: 'counts',
    mechanism: 'exact',
    ...spec,
    tables: [{ name: 't', dimensions: ['country'], values: { country: ['FR', 'BE'] }, ...table }],
  })
  const { release: made } = await publishRelease(world.store, release, {
    policy,
    ledgerDir: world.ledgerDir,
  })
  return Object.fromEntries((made.tables[0]?.cells ?? []).map((c) => [c.key.join(), c.value]))
}

const event = (name: string, country: string, visitor: string | null = newVisitor()) =>
  storedEvent({
    type: 'event',
    name,
    country,
    visitor,
    time: Date.parse('2026-03-10T12:00:00Z'),
  })

describe('tableFilter, as the published figures show it', () => {
  // kills: table-query.ts:20 ObjectLiteral → {} (every custom event counted, not only those of
  // the table's event), :19 the metric's type (`=== 'events'`, 'event', 'pageview').
  it('counts only the custom events of the table’s event, and page views only in a page-view table', async () => {
    await world.store.write({
      events: [
        event('download', 'FR'),
        event('download', 'FR'),
        event('download', 'BE'),
        event('signup', 'FR'),
        ...views(4, newVisitor(), { country: 'BE' }),
      ],
      receipts: [],
    })
    expect(await figures({ metric: 'events', event: 'download' })).toEqual({ FR: 2, BE: 1, '*': 3 })
    expect(await figures({ name: 't2', metric: 'events' }, { name: 'all-events' })).toEqual({
      FR: 3,
      BE: 1,
      '*': 4,
    })
    expect(await figures({ metric: 'pageviews' }, { name: 'views' })).toEqual({
      FR: 0,
      BE: 4,
      '*': 4,
    })
  })

  // The period is [from, to) in UTC: the first day counts, the day `to` names does not.
  // kills: table-query.ts:17–18 StringLiteral → `` (no date: nothing counted).
  it('counts the events of the period: from its first UTC midnight, up to the excluded day after', async () => {
    const at = (iso: string) => storedEvent({ country: 'FR', time: Date.parse(iso) })
    await world.store.write({
      events: [
        at('2026-02-28T23:59:59.999Z'),
        at('2026-03-01T00:00:00.000Z'),
        at('2026-03-31T23:59:59.999Z'),
        at('2026-04-01T00:00:00.000Z'),
      ],
      receipts: [],
    })
    expect(await figures({ metric: 'pageviews' })).toEqual({ FR: 2, BE: 0, '*': 2 })
  })

  // kills: table-query.ts:22 (anonymous hits: the spec's choice for events and page views).
  it('leaves anonymous hits out when the spec excludes them, and counts them when it includes them', async () => {
    await world.store.write({
      events: [...views(3, null, { country: 'FR' }), ...views(2, newVisitor(), { country: 'FR' })],
      receipts: [],
    })
    expect(await figures({ metric: 'pageviews' }, { anonymousHits: 'exclude' })).toEqual({
      FR: 2,
      BE: 0,
      '*': 2,
    })
    expect(await figures({ metric: 'pageviews' }, { name: 'with-anonymous' })).toEqual({
      FR: 5,
      BE: 0,
      '*': 5,
    })
  })
})

describe('tableFilter, combinations, keyId', () => {
  // A hit without a visitor id is no visitor: a visitors table never counts one, whatever the
  // spec says for the other tables (only DP publishes visitors, so the noise would hide it in a
  // release: the filter is checked here).
  // kills: table-query.ts:22 ConditionalExpression → false, EqualityOperator, StringLiteral 'exclude'.
  it('leaves anonymous hits out of a visitors table even when the spec includes them', () => {
    const spec = releaseSpec({
      anonymousHits: 'include',
      tables: [{ name: 'v', metric: 'visitors', epsilon: 1 }],
    })
    expect(tableFilter(spec, { metric: 'visitors' })).toEqual({
      filter: {
        site: 'example.org',
        from: Date.parse('2026-03-01T00:00:00Z'),
        to: Date.parse('2026-04-01T00:00:00Z'),
        type: 'pageview',
      },
      anonymous: 'exclude',
    })
    expect(tableFilter(spec, { metric: 'pageviews' }).anonymous).toBe('include')
  })

  // kills: table-query.ts:32–33 (the seed `[[]]`, the product's order) and :38 the separator.
  it('lists every combination, the last list fastest, and one empty key for no list', () => {
    expect(combinations([])).toEqual([[]])
    expect(
      combinations([
        ['a', 'b'],
        ['x', 'y', 'z'],
      ]),
    ).toEqual([
      ['a', 'x'],
      ['a', 'y'],
      ['a', 'z'],
      ['b', 'x'],
      ['b', 'y'],
      ['b', 'z'],
    ])
    expect(combinations([['a'], []])).toEqual([])
    // Two keys are one only when every value is: ['a', 'bc'] is not ['ab', 'c'].
    expect(keyId(['a', 'bc'])).not.toBe(keyId(['ab', 'c']))
    expect(keyId(['a', 'bc'])).toBe(keyId(['a', 'bc']))
  })
})
