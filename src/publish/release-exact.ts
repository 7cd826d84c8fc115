import { loadHighs } from './load-highs.js'
import { AppError } from '../lib/app-error.js'
import type { Store } from '../store/store.js'
import type { AuditTable } from './audit-table.js'
import { OTHER } from './audit-table.js'
import { buildExactTable } from './build-exact-table.js'
import type { AtomViolation, Violation } from './find-violations.js'
import { createAtomSpace } from './atom-space.js'
import type { AtomSpace } from './atom-space.js'
import { countSmallAtoms } from './count-small-atoms.js'
import { restrictionsOf } from './table-query.js'
import type { PublishedTable } from './published-table.js'
import { TOTAL } from './published-table.js'
import type { ReleaseSpec } from './release-spec.js'
import type { AuditSummary, Release } from './release.js'
import { suppressSecondary } from './suppress-secondary.js'

/** What releaseExact needs besides the store and the spec. */
export interface ExactOptions {
  readonly minGroupSize: number
  readonly protectionRange: number
  /** Earlier exact releases of the same site, from the ledger. */
  readonly earlier: readonly Release[]
  readonly progress: (p: { step: string; done: number; total: number }) => void
}

/**
 * An exact-count release: each table is read with its margins and its primary cells (fewer than
 * k visitors), then secondary suppression and the LP audit run over its new tables together with
 * every table of every earlier exact release of the site, whatever data each counts (page views or
 * events, one event or all, anonymous hits or not: one minus another is data too). A primary cell
 * or a small group (countSmallAtoms) still too narrowly known blocks the release with
 * DISCLOSURE_RISK, naming the cell or the group, the rule and what to change. Published values are
 * the true counts, untouched; withheld ones are null.
 *
 * @example const { tables, audit } = await releaseExact(store, spec, { minGroupSize: 10, protectionRange: 5, earlier: [], progress })
 */
export async function releaseExact(
  store: Store,
  spec: ReleaseSpec,
  options: ExactOptions,
): Promise<{ tables: PublishedTable[]; audit: AuditSummary }> {
  const fresh: AuditTable[] = []
  for (const [i, table] of spec.tables.entries()) {
    options.progress({ step: `read ${table.name}`, done: i, total: spec.tables.length })
    fresh.push(await buildExactTable(store, spec, table, options.minGroupSize))
  }
  const earlier = options.earlier.flatMap(toAuditTables)
  const highs = await loadHighs()
  // Every exact table of the site, page views and events, anonymous hits counted or not: what
  // tells them apart is part of the atom space, so that one table minus another is a group too.
  const all = [...fresh, ...earlier]
  const space = createAtomSpace(all)
  // The small groups all these tables define together, counted in the store; each is audited
  // with the atoms no published figure tells apart from it (a primary cell too: a withheld cell
  // beside it may not be told apart from it either).
  const small = await countSmallAtoms(store, spec.site, space, options.minGroupSize)
  const result = suppressSecondary(
    highs,
    all,
    options.protectionRange,
    (round, solves) =>
      options.progress({
        step: `audit (round ${round}, ${solves} LPs)`,
        done: round,
        total: round + 1,
      }),
    { space, small },
  )
  if (result.violations.length > 0 || result.atomViolations.length > 0)
    throw refusal(result.violations, result.atomViolations, space, all, options.protectionRange)
  const intervals: AuditSummary['intervals'][number][] = []
  for (const iv of result.audit.intervals) {
    if (!iv.table.isNew) continue
    intervals.push({
      table: iv.table.table,
      key: (iv.table.cells[iv.cell] as { key: readonly string[] }).key,
      low: iv.low,
      high: iv.high,
    })
  }
  const summary = { primary: 0, secondary: 0 }
  const tables: PublishedTable[] = fresh.map((t, i) => {
    const s = spec.tables[i] as ReleaseSpec['tables'][number]
    for (const c of t.cells) {
      if (c.status === 'suppressed-primary') summary.primary++
      if (c.status === 'suppressed-secondary') summary.secondary++
    }
    return {
      name: t.table,
      metric: s.metric,
      // Stryker disable next-line ConditionalExpression: → false gives `{ event: undefined }`, which every output drops like an absent key (the ledger, the sidecar and the admin API's answer are JSON; the CSV, Parquet and page never read it). The mark also hides → true (no table would name its event), killed by 'names the event its table counts'
      ...(s.event === undefined ? {} : { event: s.event }),
      dimensions: t.dimensions,
      cells: t.cells.map((c) => ({
        key: c.key,
        status: c.status,
        value: c.status === 'published' ? c.value : null,
      })),
      protection: {
        mechanism: 'exact',
        minGroupSize: options.minGroupSize,
        protectionRange: options.protectionRange,
        openDimensions: t.open,
        data: dataOf(s, spec.anonymousHits),
        ...(t.groups === undefined ? {} : { groups: t.groups }),
      },
    }
  })
  return {
    tables,
    audit: {
      solver: `HiGHS ${highs.version.string} (LP, via the highs npm package)`,
      primary: summary.primary,
      secondary: summary.secondary,
      linkedReleases: [...new Set(earlier.map((t) => t.release))],
      solves: result.solves,
      intervals,
    },
  }
}

/** The data a table counts, in the sidecar's words: `metric:event:anonymous-hit choice`. */
const dataOf = (table: ReleaseSpec['tables'][number], anonymousHits: string) =>
  `${table.metric}:${table.event ?? ''}:${anonymousHits}`

/** The tables of an earlier exact release, as the audit sees them: published values only. */
function toAuditTables(release: Release): AuditTable[] {
  return release.tables.flatMap((t) => {
    if (t.protection.mechanism !== 'exact') return []
    const protection = t.protection
    const listed: Record<string, string[]> = {}
    t.dimensions.forEach((d, i) => {
      const values = new Set<string>()
      for (const c of t.cells) {
        const v = c.key[i] as string
        if (v !== TOTAL && v !== OTHER && protection.groups?.[d]?.[v] === undefined) values.add(v)
      }
      listed[d] = [...values]
    })
    return [
      {
        id: `${release.name}/${t.name}`,
        release: release.name,
        table: t.name,
        isNew: false,
        dimensions: t.dimensions,
        listed,
        open: protection.openDimensions,
        restrict: restrictionsOf(t, release.anonymousHits),
        ...(protection.groups === undefined ? {} : { groups: protection.groups }),
        period: release.period,
        cells: t.cells.map((c) => ({ key: c.key, status: c.status, value: c.value })),
      },
    ]
  })
}

/** DISCLOSURE_RISK for the first violation, with every one listed in the details. */
function refusal(
  violations: readonly Violation[],
  atomViolations: readonly AtomViolation[],
  space: AtomSpace,
  tables: readonly AuditTable[],
  range: number,
): AppError {
  const interval = (v: { low: number; high: number }) =>
    `[${v.low}, ${Number.isFinite(v.high) ? v.high : '∞'}]`
  const describe = (v: Violation) => {
    const key = (v.table.cells[v.cell] as { key: readonly string[] }).key
    const cell = v.table.dimensions.map((d, i) => `${d}=${key[i] as string}`).join(', ')
    return `table ${v.table.id}, cell (${cell}): an attacker narrows it to ${interval(v)} from the published figures${v.table.isNew ? '' : ' together with this release'}; rule ${v.rule}: ${v.needed}.`
  }
  const earlier = [...new Set(tables.filter((t) => !t.isNew).map((t) => t.release))]
  const describeAtom = (v: AtomViolation) =>
    `the group (${v.members.map((m) => space.describe(m)).join(' or ')}), ${v.value} and fewer than k visitors, is no published figure, but subtracting published figures${earlier.length > 0 ? ` of this release and of ${earlier.join(', ')}` : ''} narrows it to ${interval(v)}; rule ${v.rule}: ${v.needed}.`
  const all = [...violations.map(describe), ...atomViolations.map(describeAtom)]
  const first = violations[0]
  const fix = (() => {
    if (first === undefined)
      return earlier.length > 0
        ? `what to change: this release, added to ${earlier.join(', ')}, isolates that group: publish the same values over the same period as ${earlier.length > 1 ? 'those releases' : 'that release'}, or the tables that share its data coarser, or with mechanism: dp.`
        : 'what to change: the tables of this release isolate that group together: give them the same values (a filter in one table and not in another), the same period, or fewer tables, or publish with mechanism: dp.'
    if (!first.table.isNew)
      return `what to change: this release, added to ${first.table.release}, reveals that cell: drop or coarsen the tables that share its data, or publish them with mechanism: dp.`
    const merge =
      "what to change: merge values of the table's dimensions (fewer countries, pages grouped), lengthen the period"
    // A figure recomputed exactly stays so whatever the range: only a change of tables helps.
    return first.rule === 'exact-recovery'
      ? `${merge}, or publish with mechanism: dp.`
      : `${merge}, lower protectionRange (now ${range}), or publish with mechanism: dp.`
  })()
  return new AppError('DISCLOSURE_RISK', all[0] as string, {
    ...(first === undefined ? {} : { where: first.table.id }),
    details: [
      ...all.slice(1, 20),
      ...(all.length > 20 ? [`… and ${all.length - 20} more.`] : []),
      fix,
    ],
  })
}
