import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { AppError, isAppError } from '../lib/app-error.js'
import { systemClock } from '../lib/clock.js'
import { loadConfig } from '../policy/load-config.js'
import { retentionCutoffs } from '../store/retention.js'
import type { Removed } from '../store/store.js'
import { dataPaths, openDataStore, type ServerInfo } from './data-dir.js'
import type { Io } from './io.js'
import { parseCommandArgs } from './run.js'

/**
 * `temoin purge`: deletes events and receipts past their retention period. The server does it
 * on its own every `server.purgeEveryMinutes`; this runs it now. When the server holds the data
 * folder, the purge goes through the server's admin API instead of failing on the lock.
 *
 * @example await purgeCommand(['--config', 'temoin.yaml', '--data', '.data'], io)
 */
export async function purgeCommand(args: readonly string[], io: Io): Promise<number> {
  const { common } = parseCommandArgs(args, {}, io)
  const config = await loadConfig(resolve(io.cwd, common.config))
  const paths = dataPaths(resolve(io.cwd, common.data))
  let done: Purged
  let via = 'the data folder'
  try {
    const store = await openDataStore(paths.dir)
    try {
      const cutoffs = retentionCutoffs(config.policy, systemClock.now())
      done = { cutoffs, removed: await store.purge(cutoffs) }
    } finally {
      await store.close()
    }
  } catch (e) {
    if (!isAppError(e) || e.code !== 'STORE_LOCKED') throw e
    const info = await readServerInfo(paths.serverInfo, e)
    // The server purges with its own policy: its cutoffs are the ones to report.
    done = await purgeThroughServer(info)
    via = `the running server (${info.url})`
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

async function readServerInfo(path: string, lockError: AppError): Promise<ServerInfo> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as ServerInfo
  } catch {
    throw new AppError(
      'STORE_LOCKED',
      `${lockError.message} (and no ${path} tells where the server listens)`,
    )
  }
}

async function purgeThroughServer(info: ServerInfo): Promise<Purged> {
  const notAnswering = (cause: unknown) =>
    new AppError(
      'STORE_LOCKED',
      `the data folder is locked but the server at ${info.url} (server.json) does not answer as Témoin`,
      { cause },
    )
  const res = await fetch(`${info.url}/api/admin/purge`, {
    method: 'POST',
    headers: { authorization: `Bearer ${info.adminToken}` },
  }).catch((e: unknown) => {
    throw notAnswering(e)
  })
  const body = (await res.json().catch((e: unknown) => {
    throw notAnswering(e)
  })) as Partial<Purged> & { error?: { code: string; message: string } }
  if (res.status === 401) {
    throw new AppError(
      'UNAUTHORIZED',
      `the server at ${info.url} refused the token in server.json: is that file left over from another server?`,
    )
  }
  if (!res.ok || !body.removed || !body.cutoffs) {
    throw new AppError(
      'INTERNAL',
      `the server refused the purge: ${body.error?.code ?? res.status} ${body.error?.message ?? ''}`,
    )
  }
  return { removed: body.removed, cutoffs: body.cutoffs }
}
