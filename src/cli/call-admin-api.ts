import { readFile } from 'node:fs/promises'
import { AppError, ERROR_CATALOGUE } from '../lib/app-error.js'
import type { ErrorCode } from '../lib/app-error.js'
import type { ServerInfo } from './data-dir.js'

/**
 * Calls the running server's admin API (src/collector/create-admin-api.ts) for a command that
 * found the data folder locked (`lockError`, STORE_LOCKED): reads the address and token the server
 * left in `server.json`, POSTs `body` as JSON, and returns the answer's JSON with the server's
 * URL. A refusal comes back as the server's AppError (code, message, where, details); no
 * `server.json`, or a server that does not answer as Témoin, is STORE_LOCKED saying so.
 *
 * @example const { url, answer } = await callAdminApi(paths.serverInfo, lockError, '/api/admin/purge')
 */
export async function callAdminApi(
  serverInfoPath: string,
  lockError: AppError,
  path: string,
  body?: unknown,
): Promise<{ url: string; answer: Record<string, unknown> }> {
  let info: ServerInfo
  try {
    info = JSON.parse(await readFile(serverInfoPath, 'utf8')) as ServerInfo
  } catch {
    throw new AppError(
      'STORE_LOCKED',
      `${lockError.message} (and no ${serverInfoPath} tells where the server listens)`,
    )
  }
  const notAnswering = (cause: unknown) =>
    new AppError(
      'STORE_LOCKED',
      `the data folder is locked but the server at ${info.url} (server.json) does not answer as Témoin`,
      { cause },
    )
  const res = await fetch(`${info.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${info.adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch((e: unknown) => {
    throw notAnswering(e)
  })
  const answer = (await res.json().catch((e: unknown) => {
    throw notAnswering(e)
  })) as Record<string, unknown> & {
    error?: { code?: string; message?: string; where?: string; details?: unknown }
  }
  if (res.status === 401)
    throw new AppError(
      'UNAUTHORIZED',
      `the server at ${info.url} refused the token in server.json: is that file left over from another server?`,
    )
  if (!res.ok) {
    const error = answer.error ?? {}
    const code = (
      typeof error.code === 'string' && Object.hasOwn(ERROR_CATALOGUE, error.code)
        ? error.code
        : 'INTERNAL'
    ) as ErrorCode
    throw new AppError(code, error.message ?? `the server answered ${res.status}`, {
      ...(typeof error.where === 'string' ? { where: error.where } : {}),
      details: Array.isArray(error.details)
        ? error.details.filter((d): d is string => typeof d === 'string')
        : [],
    })
  }
  return { url: info.url, answer }
}
