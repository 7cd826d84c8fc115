import { describe, expect, it } from 'vitest'
import {
  dpRelease,
  dpTable,
  exactRelease,
  exactTable,
} from '../../test/helpers/release-fixtures.js'
import { formatSidecar } from './format-sidecar.js'

// The sidecar is what the Eleventy plugin and an analyst read: every key is a promise about how
// to read the figures. Each test compares the whole document, so that a key dropped, emptied or
// renamed (the ObjectLiteral and StringLiteral mutants of format-sidecar.ts) fails.
describe('formatSidecar', () => {
  // kills: format-sidecar.ts:11–33 ObjectLiteral / StringLiteral ('temoin-release/1', `${name}.csv`),
  // :22 budget kept (ConditionalExpression → true drops it), :28 event of a table.
  it('describes a DP release: format, mechanism, budget per window, each table with its file and protection', () => {
    const table = dpTable({ metric: 'events', event: 'download' })
    const text = formatSidecar(dpRelease({ tables: [table] }), false)
    expect(JSON.parse(text)).toStrictEqual({
      format: 'temoin-release/1',
      name: 'media-kit',
      id: 'a'.repeat(64),
      site: 'example.org',
      period: { from: '2026-01-01', to: '2026-07-01' },
      createdAt: '2026-07-02T08:00:00.000Z',
      reServed: false,
      mechanism: 'dp',
      protectedUnit: 'a visitor with a visitor id',
      anonymousHits: 'exclude',
      budget: {
        epsilon: 0.5,
        delta: 1e-7,
        windows: [
          {
            window: '2026-01/2026-12',
            epsilonSpent: 0.5,
            deltaSpent: 1e-7,
            epsilonLeft: 0.5,
            deltaLeft: 9e-7,
          },
        ],
      },
      tables: [
        {
          name: 'by-country',
          file: 'by-country.csv',
          metric: 'events',
          event: 'download',
          dimensions: ['country'],
          protection: table.protection,
          cells: table.cells,
        },
      ],
    })
    // Readable by a person too: indented, one final line end.
    expect(text.startsWith('{\n  "format": "temoin-release/1",\n')).toBe(true)
    expect(text.endsWith('}\n')).toBe(true)
  })

  // kills: format-sidecar.ts:23 audit kept (ConditionalExpression → true), :22/:23 EqualityOperator
  // (`!==` would drop the one present), :18 reServed passed through.
  it('describes a re-served exact release with its audit and no budget', () => {
    const sidecar = JSON.parse(formatSidecar(exactRelease(), true)) as Record<string, unknown>
    expect(sidecar).toMatchObject({ mechanism: 'exact', reServed: true })
    expect(sidecar.audit).toStrictEqual(exactRelease().audit)
    expect('budget' in sidecar).toBe(false)
    expect(sidecar.tables).toStrictEqual([
      {
        name: 'regions',
        file: 'regions.csv',
        metric: 'pageviews',
        dimensions: ['country'],
        protection: exactTable().protection,
        cells: exactTable().cells,
      },
    ])
  })
})
