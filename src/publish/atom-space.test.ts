import { describe, expect, it } from 'vitest'
import { createAtomSpace, MAX_ATOMS } from './atom-space.js'
import type { AuditTable } from './audit-table.js'
import { monthPeriod } from '../../test/helpers/grid-table.js'
import { combinations } from './table-query.js'

/**
 * A table as the audit sees it: its dimensions, listed values and months, and a cell for every
 * listed value and margin (as buildExactTable makes them), unless `keys` gives its cells.
 */
const auditTable = (
  id: string,
  listed: Record<string, string[]>,
  months: string[] = ['2026-03'],
  keys: string[][] = combinations(Object.values(listed).map((values) => [...values, '*'])),
): AuditTable => ({
  id,
  release: id.split('/')[0] as string,
  table: id.split('/')[1] as string,
  isNew: true,
  dimensions: Object.keys(listed),
  listed,
  open: [],
  period: {
    from: monthPeriod(months[0] as string).from,
    to: monthPeriod(months.at(-1) as string).to,
  },
  cells: keys.map((key) => ({ key, status: 'published', value: 1 })),
})

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

describe('createAtomSpace, the classes of a bounded dimension', () => {
  // kills: atom-space.ts:39 ArrayDeclaration → [] (no device atom: a cell by device would add
  // up nothing, and the published figures could not be equations on anything)
  it('gives each device class its own atom, and the total their four', () => {
    const t = auditTable('r/devices', { device: ['desktop', 'mobile', 'tablet', 'other'] })
    const space = createAtomSpace([t])
    const classes = ['desktop', 'mobile', 'tablet', 'other'].map((d) => space.atomsOf(t, [d]))
    for (const atoms of classes) expect(atoms).toHaveLength(1)
    expect(new Set(classes.flat()).size).toBe(4)
    expect(space.atomsOf(t, ['*'])).toEqual(classes.flat().sort((a, b) => a - b))
    // Every event has one of the four classes: no atom stands for a fifth.
    expect(space.size).toBe(4)
  })

  // kills: atom-space.ts:40 ArrayDeclaration → [], StringLiteral → "" (page views would add up
  // no atom, and the total would be the events alone)
  it('gives page views and custom events an atom each, and the total both', () => {
    const t = auditTable('r/types', { type: ['pageview', 'event'] })
    const space = createAtomSpace([t])
    const views = space.atomsOf(t, ['pageview'])
    const events = space.atomsOf(t, ['event'])
    expect(views).toHaveLength(1)
    expect(events).toHaveLength(1)
    expect(views).not.toEqual(events)
    expect(space.atomsOf(t, ['*'])).toEqual([...views, ...events].sort((a, b) => a - b))
    expect(space.size).toBe(2)
  })
})

describe('createAtomSpace, its size limit', () => {
  // A table by country (1,999 listed) and one by page (999 listed), each value list with its
  // "not listed" value: exactly 2,000 × 1,000 = MAX_ATOMS finest cells, over three months that
  // both tables share.
  const months = ['2026-01', '2026-02', '2026-03']
  const byCountry = auditTable('r/countries', { country: names('c', 1_999) }, months)
  const byPage = auditTable('r/pages', { path: names('/p', 999) }, months)

  // kills: atom-space.ts:46 EqualityOperator → size >= MAX_ATOMS (the limit itself refused);
  // atom-space.ts:36 ConditionalExpression → true (tables of one period split by month: × 3);
  // atom-space.ts:42 ArrayDeclaration → ["Stryker was here"] (a value made up for the dimension
  // a table does not have: 2,001 × 1,001); atom-space.ts:33 ArrayDeclaration (a made-up dimension)
  // Two million pieces: 16 s on an almost idle machine, near 30 s on a loaded one (not a speed
  // goal: the bench has those), hence its own time limit.
  it('audits tables of exactly MAX_ATOMS finest cells, not split by month when they share their period', () => {
    const space = createAtomSpace([byCountry, byPage])
    expect(space.size).toBe(MAX_ATOMS)
    expect(space.dimensions).toEqual(['country', 'path', 'time'])
  }, 120_000)

  it('refuses past MAX_ATOMS, naming the tables, their size and what to do', () => {
    // A third table lists one more country: 2,001 × 1,000.
    const more = auditTable('r/more', { country: ['extra'] }, months)
    expect(() => createAtomSpace([byCountry, byPage, more])).toThrow(
      expect.objectContaining({
        code: 'DISCLOSURE_RISK',
        message: expect.stringContaining(
          'the tables of this data (r/countries, r/pages, r/more) cross into 2001000 cells, more than the audit handles (2000000)',
        ) as string,
        details: ['publish fewer or coarser dimensions, or use mechanism: dp.'],
      }),
    )
  })
})

describe('createAtomSpace, the atoms of a cell', () => {
  // kills: atom-space.ts:67 MethodExpression → atoms, ArithmeticOperator → a + b. A spec lists
  // its values in its own order (FR before BE); the atoms of a total still come in increasing
  // order, as AtomSpace promises its callers.
  it('lists the atoms of a total in increasing order, whatever the order of the listed values', () => {
    const t = auditTable('r/countries', {
      country: ['FR', 'BE', 'CH'],
      device: ['mobile', 'desktop'],
    })
    const space = createAtomSpace([t])
    for (const key of [
      ['*', '*'],
      ['*', 'mobile'],
    ]) {
      const atoms = space.atomsOf(t, key)
      expect(atoms).toHaveLength(key[1] === '*' ? 6 : 3)
      expect(atoms).toEqual([...atoms].sort((a, b) => a - b))
    }
  })

  // kills: atom-space.ts:77 ConditionalExpression → true. A spec may list a device value that is
  // no device class ('phone'): no event has it, so its cell adds up no atom (it is 0 whatever is
  // published), rather than one atom that every such cell would share.
  it('gives a listed value outside the device classes no atom', () => {
    const t = auditTable('r/devices', { country: ['FR', 'BE'], device: ['desktop', 'phone'] })
    const space = createAtomSpace([t])
    expect(space.atomsOf(t, ['FR', 'phone'])).toEqual([])
    expect(space.atomsOf(t, ['FR', '*'])).toEqual(space.atomsOf(t, ['FR', 'desktop']))
  })

  // Event names come from visitors: one can be anything, the empty text or what might look like a
  // placeholder. The values no table lists are a position of their own, which no name can take.
  it('keeps every listed value, whatever its text, apart from the values not listed', () => {
    const t = {
      ...auditTable('r/names', { name: ['', '~rest', 'signup'] }),
      open: ['name'],
    }
    const space = createAtomSpace([t])
    const listed = ['', '~rest', 'signup'].map((v) => space.atomsOf(t, [v]))
    const unlisted = space.atomsOf(t, ['~other'])
    for (const atoms of [...listed, unlisted]) expect(atoms).toHaveLength(1)
    expect(new Set([...listed, unlisted].flat()).size).toBe(4)
    expect(space.atomsOf(t, ['*'])).toHaveLength(4)
    expect(space.size).toBe(4)
  })
})

describe('createAtomSpace, tables of different dimensions', () => {
  // kills: atom-space.ts:79 ConditionalExpression → true. A table by country and one by device
  // share their data: a country's figure spans that country on every device, so it meets each
  // device's figure in exactly one atom (the attacker's link between the two tables).
  it('spans a dimension a table does not have, meeting the other table in one atom', () => {
    const byCountry = auditTable('r/countries', { country: ['FR', 'BE'] })
    const byDevice = auditTable('r/devices', { device: ['desktop', 'mobile', 'tablet', 'other'] })
    const space = createAtomSpace([byCountry, byDevice])
    const fr = space.atomsOf(byCountry, ['FR'])
    const mobile = space.atomsOf(byDevice, ['mobile'])
    expect(fr).toHaveLength(4)
    expect(mobile).toHaveLength(3) // FR, BE and the countries not listed
    expect(fr.filter((a) => mobile.includes(a))).toHaveLength(1)
  })
})

describe('createAtomSpace, a total over listed months', () => {
  // kills: atom-space.ts:84 (the month total modelled as every month of the period). A spec may
  // list the months it shows (January and February of a January–March period); the published
  // total then adds those two only (buildExactTable drops the rest), so the audit must model it
  // as their atoms. An extra unknown month in the model lets the audit believe a withheld cell
  // can be lower than it can, and pass a release whose lower protection bound does not hold.
  it('models the total as exactly the listed months it adds, like a total over listed devices', () => {
    const months = ['2026-01', '2026-02', '2026-03']
    const t = auditTable('r/months', { month: ['2026-01', '2026-02'] }, months)
    const space = createAtomSpace([t])
    const parts = [...space.atomsOf(t, ['2026-01']), ...space.atomsOf(t, ['2026-02'])]
    expect(space.atomsOf(t, ['*'])).toEqual(parts.sort((a, b) => a - b))
    expect(space.atomsOf(t, ['*'])).not.toContain(space.atomsOf(t, ['2026-03'])[0])
  })
})

describe('createAtomSpace, tables of different periods', () => {
  // Two releases of one data, March then April, each by country without a month: their figures
  // hold no event in common, so their cells must add up disjoint atoms (one month axis added).
  it('splits the atoms by month when the periods differ, even when no table is by month', () => {
    const march = auditTable('r1/countries', { country: ['FR', 'BE'] }, ['2026-03'])
    const april = auditTable('r2/countries', { country: ['FR', 'BE'] }, ['2026-04'])
    const space = createAtomSpace([march, april])
    expect(space.dimensions).toEqual(['country', 'time'])
    const inMarch = space.atomsOf(march, ['*'])
    const inApril = space.atomsOf(april, ['*'])
    expect(inMarch).toHaveLength(2)
    expect(inApril).toHaveLength(2)
    expect(inMarch.filter((a) => inApril.includes(a))).toEqual([])
  })

  // A table by month already gives the month axis: adding a second one would make atoms (March in
  // one copy, April in the other) that no event can be in.
  it('keeps one month axis when a table is by month already', () => {
    const byMonth = auditTable('r1/months', { month: ['2026-03', '2026-04'] }, [
      '2026-03',
      '2026-04',
    ])
    const march = auditTable('r2/countries', { country: ['FR'] }, ['2026-03'])
    const space = createAtomSpace([byMonth, march])
    expect(space.dimensions).toEqual(['country', 'time'])
    expect(space.spans).toHaveLength(2)
    // FR and the countries not listed, in March; in April no table tells them apart: one atom.
    expect(space.size).toBe(3)
    expect(space.atomsOf(march, ['FR'])).toHaveLength(1)
    expect(space.atomsOf(byMonth, ['2026-04'])).toHaveLength(1)
    expect(space.describe(space.atomsOf(byMonth, ['2026-04'])[0] as number)).toBe(
      'country: "FR", 2026-04-01 to 2026-04-30 or country: not listed, 2026-04-01 to 2026-04-30',
    )
  })

  // 1 March–2 April, then 15–31 March: 1–14 March and 1–2 April are alike for both tables (in the
  // first, not the second), so an attacker isolates them together; an atom of each alone would
  // let a group of two pass as two groups of one, each wide enough.
  it('joins the stretches no table tells apart into one span, and names its pieces', () => {
    const wide = {
      ...auditTable('r1/countries', { country: ['DE'] }),
      period: { from: '2026-03-01', to: '2026-04-03' },
    }
    const inner = {
      ...auditTable('r2/countries', { country: ['DE'] }),
      period: { from: '2026-03-15', to: '2026-04-01' },
    }
    const space = createAtomSpace([wide, inner])
    expect(space.spans).toEqual([
      [
        { from: '2026-03-01', to: '2026-03-15' },
        { from: '2026-04-01', to: '2026-04-03' },
      ],
      [{ from: '2026-03-15', to: '2026-04-01' }],
    ])
    expect(space.domains[1]).toEqual([
      '2026-03-01/2026-03-15+2026-04-01/2026-04-03',
      '2026-03-15/2026-04-01',
    ])
    const outside = space.atomAt(['DE'], 0) as number
    expect(space.atomsOf(wide, ['DE'])).toContain(outside)
    expect(space.atomsOf(inner, ['DE'])).not.toContain(outside)
    expect(space.describe(outside)).toBe(
      'country: "DE", 2026-03-01 to 2026-03-14 and 2026-04-01 to 2026-04-02',
    )
  })

  // The same stretches by month are told apart by the month: two spans of one stretch each.
  it('keeps apart stretches a table by month puts in different months', () => {
    const wide = {
      ...auditTable('r1/months', { month: ['2026-03', '2026-04'] }, ['2026-03', '2026-04']),
      period: { from: '2026-03-01', to: '2026-04-03' },
    }
    const inner = {
      ...auditTable('r2/countries', { country: ['DE'] }),
      period: { from: '2026-03-15', to: '2026-04-01' },
    }
    expect(createAtomSpace([wide, inner]).spans).toHaveLength(3)
  })
})

describe('createAtomSpace, tables that count different data', () => {
  const byBrowser = (id: string, restrict: Record<string, string[]>) => ({
    ...auditTable(id, { browser: ['Firefox', 'Chrome'] }),
    restrict,
  })

  // Restricted alike, the data is a filter of the whole space, not an axis: no atom stands for
  // what no table counts.
  it('makes what every table counts alike a filter (only), not an axis', () => {
    const views = { type: ['pageview'], identified: ['yes'] }
    const space = createAtomSpace([byBrowser('r1/a', views), byBrowser('r2/b', views)])
    expect(space.only).toEqual(views)
    expect(space.dimensions).toEqual(['browser', 'time'])
  })

  // All events minus the sign-ups are the other events: the name is an axis, and a table of
  // sign-ups adds up the sign-up atoms only.
  it('makes what the tables count differently an axis, each table on its own part', () => {
    const all = byBrowser('r1/events', { type: ['event'] })
    const signups = byBrowser('r2/signups', { type: ['event'], name: ['signup'] })
    const space = createAtomSpace([all, signups])
    expect(space.only).toEqual({ type: ['event'] })
    expect(space.dimensions).toEqual(['browser', 'name', 'time'])
    expect(space.domains[1]).toEqual(['signup'])
    const firefox = space.atomsOf(all, ['Firefox'])
    const signed = space.atomsOf(signups, ['Firefox'])
    expect(firefox).toHaveLength(2)
    expect(signed).toHaveLength(1)
    const others = firefox.filter((a) => !signed.includes(a))
    expect(others).toEqual([space.atomAt(['Firefox', null], 0)])
    expect(space.describe(others[0] as number)).toBe(
      'browser: "Firefox", name: not listed, 2026-03-01 to 2026-03-31',
    )
  })

  // With anonymous hits, then without: the anonymous hits of each figure are a group, named so.
  it('tells identified visitors from anonymous hits, in a reader’s words', () => {
    const withAnonymous = byBrowser('r1/with', { type: ['pageview'] })
    const without = byBrowser('r2/without', { type: ['pageview'], identified: ['yes'] })
    const space = createAtomSpace([withAnonymous, without])
    expect(space.dimensions).toEqual(['browser', 'identified', 'time'])
    expect(space.domains[1]).toEqual(['yes', 'no'])
    const anonymous = space.atomAt(['Chrome', 'no'], 0) as number
    expect(space.atomsOf(withAnonymous, ['Chrome'])).toContain(anonymous)
    expect(space.atomsOf(without, ['Chrome'])).not.toContain(anonymous)
    expect(space.describe(anonymous)).toBe(
      'browser: "Chrome", anonymous hits, 2026-03-01 to 2026-03-31',
    )
    expect(space.describe(space.atomAt(['Chrome', 'yes'], 0) as number)).toBe(
      'browser: "Chrome", identified visitors, 2026-03-01 to 2026-03-31',
    )
  })

  // A table that shows the type but counts page views only: its `event` cell is an equation on
  // nothing, not "the events are 0".
  it('keeps a table within what it counts on a dimension it shows too', () => {
    const t = {
      ...auditTable('r/types', { type: ['pageview', 'event'] }),
      restrict: { type: ['pageview'] },
    }
    const space = createAtomSpace([t])
    expect(space.atomsOf(t, ['event'])).toEqual([])
    expect(space.atomsOf(t, ['*'])).toEqual(space.atomsOf(t, ['pageview']))
    // No cell counts the events: no figure says anything of them, so they are no atom to count.
    expect(space.atomAt(['event'], 0)).toBeUndefined()
    expect(space.atomAt(['pageview'], 0)).toBeDefined()
  })
})
