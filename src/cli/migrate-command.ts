import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../lib/app-error.js'
import { copyStore } from '../store/copy-store.js'
import { dataPaths, openDataStore } from './data-dir.js'
import type { Io } from './io.js'
import type { CommonOptions } from './options.js'
import { startProgress } from './progress.js'
import { parseStoreOption } from './store-option.js'

/**
 * `temoin migrate --to clickhouse://…`: copies the data folder's events and receipts (its DuckDB
 * file) into a ClickHouse database, with a progress bar, then checks each month's count and
 * digest of ids in both (copy-store.ts). Stopped (Ctrl-C, a crash), the same command goes on
 * where it stopped, copying nothing twice. It holds the data folder like the server does: stop
 * `temoin serve` first, and start it on ClickHouse after.
 *
 * @example await migrateCommand({ config: 'temoin.yaml', data: '.data', to: 'clickhouse://db1/temoin' }, io)
 */
export async function migrateCommand(
  options: CommonOptions & { readonly to: string },
  io: Io,
): Promise<number> {
  const target = parseStoreOption(options.to)
  if (target?.clickhouse === undefined)
    throw new AppError(
      'USAGE',
      `--to must name a ClickHouse server (clickhouse://host[:port]/database): the data folder's DuckDB file is what migrate copies from.`,
    )
  const paths = dataPaths(resolve(io.cwd, options.data))
  if (!existsSync(paths.database))
    throw new AppError(
      'USAGE',
      `there is nothing to migrate: ${paths.database} does not exist. Give the data folder of the server to move with --data (or TEMOIN_DATA).`,
    )
  const log = (line: string) => io.stderr.write(`${line}\n`)
  const source = await openDataStore(paths.dir, undefined, io.env, log)
  try {
    const into = await openDataStore(paths.dir, target, io.env, log)
    try {
      let progress: ReturnType<typeof startProgress> | undefined
      const report = await copyStore(source, into, {
        onProgress: (done, total) => {
          progress ??= startProgress(io, 'migrating', total, 'rows')
          progress.update(done)
        },
        ...(io.signal ? { signal: io.signal } : {}),
      }).finally(() => progress?.stop())
      const where = `${target.clickhouse.url}, database ${target.clickhouse.database}`
      const count = (table: string) =>
        report.months.filter((m) => m.table === table).reduce((sum, m) => sum + m.rows, 0)
      const skipped = report.months.reduce((sum, m) => sum + m.skipped, 0)
      io.stdout.write(
        `migrated ${count('events')} events and ${count('receipts')} consent receipts from ${paths.database} into ClickHouse (${where}): ` +
          `${report.copied} rows copied by this run${skipped > 0 ? `, ${skipped} found already there from an earlier run` : ''}; ` +
          `${report.months.length} table-months checked equal in both (counts and digests of ids).\n` +
          `The admin secret, the API tokens and the publication ledger stay in ${paths.dir}: keep that folder for temoin serve. ` +
          `Next: temoin serve --store ${options.to} (or store.clickhouse in the policy file).\n`,
      )
      return 0
    } finally {
      await into.close()
    }
  } finally {
    await source.close()
  }
}
