import { createHash } from 'node:crypto'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { parseJsonText } from '../lib/parse-json-text.js'
import type { ConsentReceipt } from '../protocol/consent-payload.js'

/** The format an export names in its first line, and the seed of its digest chain. */
export const RECEIPTS_FORMAT = 'temoin-receipts/1'

/** The columns of a CSV export, in order: a receipt's fields, then its link in the chain. */
const COLUMNS = [
  'id',
  'time',
  'site',
  'policyVersion',
  'granted',
  'refused',
  'deposit',
  'expires',
  'visitor',
  'gpc',
  'chain',
] as const

/** What an export says of itself: the site and the days it covers (UTC, both included). */
export interface ExportScope {
  readonly site: string
  readonly from: string
  readonly to: string
}

/**
 * The receipt's fields as an export writes them, in the order of {@link COLUMNS}: dates as ISO
 * text, lists joined by spaces (purpose ids hold none), no visitor as ''. The chain reads them
 * as one JSON text ({@link canonical}): the same for a CSV and a JSON export, so both give one
 * digest for the same receipts.
 */
function fieldsOf(r: ConsentReceipt): (string | boolean)[] {
  return [
    r.id,
    new Date(r.time).toISOString(),
    r.site,
    r.policyVersion,
    r.granted.join(' '),
    r.refused.join(' '),
    new Date(r.deposit).toISOString(),
    new Date(r.expires).toISOString(),
    r.visitor ?? '',
    r.gpc,
  ]
}

const canonical = (fields: readonly unknown[]): string => JSON.stringify(fields)

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** Each receipt's link: the digest of the previous link and the receipt (a chain, not a list). */
function links(receipts: readonly ConsentReceipt[]): string[] {
  let last = sha256(RECEIPTS_FORMAT)
  return receipts.map((r) => (last = sha256(`${last}\n${canonical(fieldsOf(r))}`)))
}

/**
 * An export of consent receipts, oldest first, that proves its own integrity: each receipt
 * carries `chain`, the SHA-256 of the previous receipt's chain and its own fields, and the last
 * line gives the count and the last link (the export's digest). A changed byte breaks the chain
 * at that receipt; a receipt taken out or put in breaks it at the next one; a cut end loses the
 * last line. `verifyReceiptsExport` says which. Someone who rewrites the whole file can compute a
 * new chain: the digest, printed by the export, is what to hand over separately.
 *
 * `json` is JSON Lines (a line saying what the export is, one receipt per line, an end line);
 * `csv` has a header row, one row per receipt, and an end row whose `id` is `end`, whose `time`
 * is the count and whose `chain` is the digest.
 *
 * @example const { text, digest } = formatReceiptsExport(receipts, { site, from, to }, 'csv')
 */
export function formatReceiptsExport(
  receipts: readonly ConsentReceipt[],
  scope: ExportScope,
  format: 'json' | 'csv',
): { text: string; digest: string } {
  const chain = links(receipts)
  const digest = chain.at(-1) ?? sha256(RECEIPTS_FORMAT)
  const iso = (ms: number) => new Date(ms).toISOString()
  if (format === 'json') {
    const lines = [
      JSON.stringify({ format: RECEIPTS_FORMAT, site: scope.site, from: scope.from, to: scope.to }),
      ...receipts.map((r, i) =>
        JSON.stringify({
          id: r.id,
          time: iso(r.time),
          site: r.site,
          policyVersion: r.policyVersion,
          granted: r.granted,
          refused: r.refused,
          deposit: iso(r.deposit),
          expires: iso(r.expires),
          visitor: r.visitor,
          gpc: r.gpc,
          chain: chain[i],
        }),
      ),
      JSON.stringify({ end: RECEIPTS_FORMAT, count: receipts.length, digest }),
    ]
    return { text: `${lines.join('\n')}\n`, digest }
  }
  const rows = receipts.map((r, i) => [...fieldsOf(r).map(String), chain[i]])
  const end = [
    'end',
    String(receipts.length),
    scope.site,
    scope.from,
    scope.to,
    '',
    '',
    '',
    '',
    '',
    digest,
  ]
  return { text: stringify([[...COLUMNS], ...rows, end]), digest }
}

/** What `verifyReceiptsExport` finds. */
export type ExportCheck =
  | { readonly ok: true; readonly count: number; readonly digest: string }
  | { readonly ok: false; readonly line: number; readonly problem: string }

/**
 * Checks an export made by {@link formatReceiptsExport} (CSV or JSON Lines, told apart by its
 * first character): every link of the chain, the end line's count and digest, and, when given,
 * the digest the export printed. The first problem is named with its line (1 = the first line).
 *
 * @example verifyReceiptsExport(text, 'a3f…') // { ok: false, line: 7, problem: 'receipt 3f… does not match its chain: …' }
 */
export function verifyReceiptsExport(text: string, expected?: string): ExportCheck {
  const entries = text.startsWith('{') ? readJsonLines(text) : readCsv(text)
  if ('problem' in entries) return { ok: false, ...entries }
  let last = sha256(RECEIPTS_FORMAT)
  for (const e of entries.receipts) {
    last = sha256(`${last}\n${e.canonical}`)
    if (e.chain !== last)
      return {
        ok: false,
        line: e.line,
        problem: `receipt ${e.id} does not match its chain: this line was changed, or a receipt before it was taken out or put in.`,
      }
  }
  const { end } = entries
  if (end === undefined)
    return {
      ok: false,
      line: entries.lines + 1,
      problem:
        'the export has no end line: it was cut short (receipts after this point may be missing).',
    }
  if (end.count !== entries.receipts.length || end.digest !== last)
    return {
      ok: false,
      line: end.line,
      problem: `the end line announces ${end.count} receipts and the digest ${end.digest}; the export holds ${entries.receipts.length}, digest ${last}: receipts were taken out or put in at the end.`,
    }
  if (expected !== undefined && expected.toLowerCase() !== last)
    return {
      ok: false,
      line: end.line,
      problem: `the export's digest is ${last}, not ${expected}: it is not the export that printed that digest.`,
    }
  return { ok: true, count: entries.receipts.length, digest: last }
}

interface ReadEntries {
  readonly receipts: { line: number; id: string; canonical: string; chain: string }[]
  readonly end?: { line: number; count: number; digest: string }
  /** How many lines were read. */
  readonly lines: number
}

type Problem = { readonly line: number; readonly problem: string }

function readJsonLines(text: string): ReadEntries | Problem {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  const head = parseObject(lines[0] ?? '')
  if (head?.format !== RECEIPTS_FORMAT)
    return { line: 1, problem: `the first line does not say "format": "${RECEIPTS_FORMAT}".` }
  const receipts: ReadEntries['receipts'] = []
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1
    const o = parseObject(lines[i] as string)
    if (o === null) return { line, problem: 'not a JSON object.' }
    if (o.end !== undefined) {
      if (i !== lines.length - 1) return { line, problem: 'an end line before the end.' }
      if (typeof o.count !== 'number' || typeof o.digest !== 'string')
        return { line, problem: 'the end line lacks its count or digest.' }
      return { receipts, end: { line, count: o.count, digest: o.digest }, lines: lines.length }
    }
    const dates = ['time', 'deposit', 'expires'].map((k) => o[k])
    if (
      typeof o.id !== 'string' ||
      typeof o.chain !== 'string' ||
      !Array.isArray(o.granted) ||
      !Array.isArray(o.refused) ||
      dates.some((d) => typeof d !== 'string')
    )
      return { line, problem: 'not a receipt of this format.' }
    receipts.push({
      line,
      id: o.id,
      chain: o.chain,
      canonical: canonical([
        o.id,
        o.time,
        o.site,
        o.policyVersion,
        (o.granted as unknown[]).join(' '),
        (o.refused as unknown[]).join(' '),
        o.deposit,
        o.expires,
        o.visitor ?? '',
        o.gpc,
      ]),
    })
  }
  return { receipts, lines: lines.length }
}

function readCsv(text: string): ReadEntries | Problem {
  let records: { record: string[]; info: { lines: number } }[]
  try {
    records = parse(text, { info: true, relax_column_count: true }) as unknown as typeof records
  } catch (e) {
    return {
      line: (e as { lines?: number }).lines ?? 1,
      problem: `not CSV: ${(e as Error).message}`,
    }
  }
  const header = records[0]?.record.join(',')
  if (header !== COLUMNS.join(','))
    return { line: 1, problem: `the first line is not the header ${COLUMNS.join(',')}.` }
  const receipts: ReadEntries['receipts'] = []
  for (let i = 1; i < records.length; i++) {
    const { record, info } = records[i] as (typeof records)[number]
    const line = info.lines
    if (record.length !== COLUMNS.length) return { line, problem: `not ${COLUMNS.length} fields.` }
    const [id, time, , , , , , , , gpc, chain] = record as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    if (id === 'end') {
      if (i !== records.length - 1) return { line, problem: 'an end row before the end.' }
      // The end row names its count, scope and digest; the fields between are written empty.
      if (record.slice(5, 10).some((field) => field !== ''))
        return { line, problem: 'an end row with text where this format writes none.' }
      return { receipts, end: { line, count: Number(time), digest: chain }, lines: line }
    }
    receipts.push({
      line,
      id,
      chain,
      canonical: canonical([
        ...record.slice(0, 9),
        gpc === 'true' ? true : gpc === 'false' ? false : gpc,
      ]),
    })
  }
  return { receipts, lines: records.at(-1)?.info.lines ?? 1 }
}

function parseObject(line: string): Record<string, unknown> | null {
  const v = parseJsonText(line)
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : null
}
