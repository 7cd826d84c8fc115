import { resolve } from 'node:path'
import { AppError, isAppError } from '../lib/app-error.js'
import { systemClock } from '../lib/clock.js'
import { retentionCutoffs } from '../store/retention.js'
import type { Removed } from '../store/store.js'
import { callAdminApi } from './call-admin-api.js'
import { dataPaths, openDataStore } from './data-dir.js'
import type { Io } from './io.js'
import { loadCommandConfig } from './store-option.js'
import type { CommonOptions } from './options.js'

/**
 * `temoin purge`: deletes events and receipts past their retention period. The server does it
 * on its own every `server.purgeEveryMinutes`; this runs it now. When the server holds the data
 * folder, the purge goes through the server's admin API instead of failing on the lock.
 *
 * @example await purgeCommand({ config: 'temoin.yaml', data: '.data' }, io)
 */
export async function purgeCommand(common: CommonOptions, io: Io): Promise<number> {
  const config = await loadCommandConfig(common, io)
  const paths = dataPaths(resolve(io.cwd, common.data))
  let done: Purged
  let via = 'the data folder'
  try {
    const store = await openDataStore(paths.dir, config.store, io.env, (line) =>
      io.stderr.write(`${line}\n`),
    )
    try {
      const cutoffs = retentionCutoffs(config.policy, systemClock.now())
      done = { cutoffs, removed: await store.purge(cutoffs) }
    } finally {
      await store.close()
    }
  } catch (e) {
    if (!isAppError(e) || e.code !== 'STORE_LOCKED') throw e
    // The server purges with its own policy: its cutoffs are the ones to report.
    const through = await purgeThroughServer(paths.serverInfo, e)
    done = through
    via = `the running server (${through.url})`
  }
  const { removed, cutoffs } = done
  io.stdout.write(
    `purged through ${via}: ${removed.events} events before ${new Date(cutoffs.events).toISOString()}, ` +
      `${removed.receipts} receipts before ${new Date(cutoffs.receipts).toISOString()}\n`,
  )
  return 0
}

/** What a purge removed, and the cutoffs it used. */
interface Purged {
  readonly removed: Removed
  readonly cutoffs: { readonly events: number; readonly receipts: number }
}

/** The purge, run by the server that holds the data folder. */
async function purgeThroughServer(
  serverInfo: string,
  lockError: AppError,
): Promise<Purged & { url: string }> {
  const { url, answer } = await callAdminApi(serverInfo, lockError, '/api/admin/purge')
  const body = answer as Partial<Purged>
  if (!body.removed || !body.cutoffs)
    throw new AppError('INTERNAL', `the server at ${url} answered the purge without its figures`)
  return { url, removed: body.removed, cutoffs: body.cutoffs }
}
