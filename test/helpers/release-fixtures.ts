import type { PublishedTable } from '../../src/publish/published-table.js'
import type { Release } from '../../src/publish/release.js'

/**
 * Small releases made by hand, for the tests of what a release is written as (CSV, sidecar,
 * Parquet, the figures page): no store and no solver, so that a mutation run reruns them in
 * milliseconds. Each gives the fields a test needs to tell apart (a DP table with a margin and a
 * withheld cell, an exact table with a margin row `*` and both kinds of suppression).
 */
export function dpTable(overrides: Partial<PublishedTable> = {}): PublishedTable {
  return {
    name: 'by-country',
    metric: 'pageviews',
    dimensions: ['country'],
    protection: {
      mechanism: 'dp',
      noise: 'discrete-laplace',
      epsilon: 0.5,
      delta: 0,
      parameter: 'b = 16',
      bounds: { cellsPerVisitor: 4, eventsPerCell: 2 },
      threshold: 10,
    },
    cells: [
      { key: ['FR'], value: 1204, status: 'published', margin: 48 },
      { key: ['BE'], value: null, status: 'below-threshold', margin: 48 },
    ],
    ...overrides,
  }
}

/** An exact-mode table: a primary and a secondary suppression and the published total. */
export function exactTable(overrides: Partial<PublishedTable> = {}): PublishedTable {
  return {
    name: 'regions',
    metric: 'pageviews',
    dimensions: ['country'],
    protection: {
      mechanism: 'exact',
      minGroupSize: 4,
      protectionRange: 2,
      openDimensions: [],
      data: 'pageviews::include',
    },
    cells: [
      { key: ['FR'], value: 60, status: 'published' },
      { key: ['BE'], value: null, status: 'suppressed-primary' },
      { key: ['CH'], value: null, status: 'suppressed-secondary' },
      { key: ['*'], value: 90, status: 'published' },
    ],
    ...overrides,
  }
}

/** A DP release of one table, with its budget. */
export function dpRelease(overrides: Partial<Release> = {}): Release {
  return {
    id: 'a'.repeat(64),
    name: 'media-kit',
    site: 'example.org',
    period: { from: '2026-01-01', to: '2026-07-01' },
    mechanism: 'dp',
    createdAt: '2026-07-02T08:00:00.000Z',
    protectedUnit: 'a visitor with a visitor id',
    anonymousHits: 'exclude',
    tables: [dpTable()],
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
    ...overrides,
  }
}

/** An exact release of one table, with its audit. */
export function exactRelease(overrides: Partial<Release> = {}): Release {
  return {
    id: 'b'.repeat(64),
    name: 'regions-2026',
    site: 'example.org',
    period: { from: '2026-03-01', to: '2026-04-01' },
    mechanism: 'exact',
    createdAt: '2026-04-02T08:00:00.000Z',
    protectedUnit: 'every published figure counts at least 4 distinct visitors',
    anonymousHits: 'include',
    tables: [exactTable()],
    audit: {
      solver: 'HiGHS 1.11',
      primary: 1,
      secondary: 1,
      linkedReleases: ['regions-q1', 'regions-feb'],
      solves: 4,
      intervals: [{ table: 'regions', key: ['BE'], low: 0, high: 30 }],
    },
    ...overrides,
  }
}
