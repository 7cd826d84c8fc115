import { readFile, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { formatReceiptsExport, verifyReceiptsExport } from '../consent-records/receipts-export.js'
import { findReceipts, parseReceiptsQuery } from '../consent-records/receipts-query.js'
import { AppError, isAppError } from '../lib/app-error.js'
import { systemClock } from '../lib/clock.js'
import { callAdminApi } from './call-admin-api.js'
import { dataPaths, openDataStore } from './data-dir.js'
import type { Io } from './io.js'
import { loadCommandConfig } from './store-option.js'
import type { CommonOptions } from './options.js'

/** The options of `temoin receipts export`, as the parameters of `GET /api/receipts`. */
export interface ReceiptsExportOptions {
  readonly site?: string
  readonly from?: string
  readonly to?: string
  readonly id?: string
  readonly visitor?: string
  readonly purpose?: string
  readonly decision?: string
  readonly format?: string
  /** The file to write (mode 0600: receipts hold visitor ids); stdout when absent. */
  readonly out?: string
}

/**
 * `temoin receipts export`: the consent receipts of a site and period (or found by id or
 * visitor), as JSON Lines or CSV with their digest chain, read from the data folder or, while
 * the server holds it, through the server. Prints the count and the digest on stderr: hand the
 * digest over apart from the file, so that `temoin receipts verify FILE --digest …` proves the
 * file is that export.
 *
 * @example await receiptsExportCommand({ site: 'example.org', from: '2026-01-01', to: '2026-03-31', format: 'csv', out: 'receipts.csv' }, common, io)
 */
export async function receiptsExportCommand(
  options: ReceiptsExportOptions,
  common: CommonOptions,
  io: Io,
): Promise<number> {
  const config = await loadCommandConfig(common, io)
  const params = new URLSearchParams()
  for (const key of [
    'site',
    'from',
    'to',
    'id',
    'visitor',
    'purpose',
    'decision',
    'format',
  ] as const) {
    const value = options[key]
    if (value !== undefined) params.set(key, value)
  }
  const parsed = parseReceiptsQuery(params, config.policy, systemClock.now())
  if (!parsed.ok) throw parsed.error
  const q = parsed.value
  const paths = dataPaths(resolve(io.cwd, common.data))
  let made: { text: string; digest: string; count: number }
  try {
    const store = await openDataStore(paths.dir, config.store, io.env, (line) =>
      io.stderr.write(`${line}\n`),
    )
    try {
      const receipts = await findReceipts(store, q)
      made = { ...formatReceiptsExport(receipts, q, q.format), count: receipts.length }
    } finally {
      await store.close()
    }
  } catch (e) {
    if (!isAppError(e) || e.code !== 'STORE_LOCKED') throw e
    const { answer } = await callAdminApi(paths.serverInfo, e, '/api/admin/receipts', {
      query: params.toString(),
    })
    const { text, digest, count } = answer as { text?: unknown; digest?: unknown; count?: unknown }
    if (typeof text !== 'string' || typeof digest !== 'string' || typeof count !== 'number')
      throw new AppError('STORE_LOCKED', 'the running server did not answer with an export')
    made = { text, digest, count }
  }
  if (options.out === undefined) io.stdout.write(made.text)
  else await writeFile(resolve(io.cwd, options.out), made.text, { mode: 0o600 })
  io.stderr.write(
    `${made.count} receipts of ${q.site}, ${q.from} to ${q.to}${options.out === undefined ? '' : `, written to ${options.out}`}\n` +
      `digest: ${made.digest}\n` +
      'Give the digest apart from the file; `temoin receipts verify FILE --digest DIGEST` checks it.\n',
  )
  return 0
}

/**
 * `temoin receipts verify FILE [--digest HEX]`: checks an export's digest chain, its end line and,
 * when given, the digest printed at the export. A broken export is RECEIPTS_EXPORT_BROKEN, naming
 * its first bad line.
 *
 * @example await receiptsVerifyCommand('receipts.csv', { digest: '9f…' }, io) // 0, or throws
 */
export async function receiptsVerifyCommand(
  file: string,
  options: { readonly digest?: string },
  io: Io,
): Promise<number> {
  const text = await readFile(resolve(io.cwd, file), 'utf8')
  const check = verifyReceiptsExport(text, options.digest)
  if (!check.ok)
    throw new AppError('RECEIPTS_EXPORT_BROKEN', `${file} line ${check.line}: ${check.problem}`, {
      where: `${file}:${check.line}`,
    })
  io.stdout.write(
    `${file}: ${check.count} receipts, intact (digest ${check.digest}${options.digest === undefined ? '' : ', the one given'})\n`,
  )
  return 0
}
