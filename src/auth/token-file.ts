import { createHash } from 'node:crypto'
import { chmod, stat } from 'node:fs/promises'
import { AppError } from '../lib/app-error.js'
import type { Clock } from '../lib/clock.js'
import { readPrivateJson, writePrivateJson } from '../lib/private-json-file.js'

/**
 * One API token as stored: its name, when it was made, the SHA-256 of the token, and the sites
 * it may read (absent: every site, as for the tokens made before scopes).
 */
export interface ApiTokenRecord {
  readonly name: string
  readonly created: string
  readonly hash: string
  readonly sites?: readonly string[]
}

/** What a token looks like: `temoin_` and 256 random bits in base64url. */
export const TOKEN_PATTERN = /^temoin_[A-Za-z0-9_-]{43}$/
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/**
 * The SHA-256 of a token, as stored. A token is 256 random bits, so no guessing attack needs
 * slowing down: a plain hash keeps the file useless to a reader, and a check costs microseconds
 * rather than the 0.1 s of the admin secret's scrypt on every API call.
 *
 * @example tokenHash('temoin_…') // 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg'
 */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

/**
 * The tokens of a data folder's `tokens.json` (none when the file does not exist). A file that
 * others may read or write is made 0600 again.
 *
 * @example const tokens = await listApiTokens('.data/tokens.json')
 */
export async function listApiTokens(file: string): Promise<ApiTokenRecord[]> {
  const read = await readPrivateJson(file)
  if (read === undefined) return []
  const parsed = read.value
  if (!Array.isArray(parsed) || !parsed.every(isRecord)) {
    throw new AppError('TOKEN_FILE_INVALID', `${file} is not a list of API tokens.`, {
      where: file,
    })
  }
  // Whoever may write this file may add a token: a copy restored by hand may have lost its mode.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600)
  return parsed
}

/**
 * Makes a token named `name`, stores its hash in `file` (mode 0600, replaced atomically) and
 * returns the token itself, which is shown once and never stored.
 *
 * @example const { token } = await createApiToken({ file, name: 'ci', clock, randomBytes })
 */
export async function createApiToken(options: {
  readonly file: string
  readonly name: string
  readonly clock: Clock
  readonly randomBytes: (n: number) => Uint8Array
  /** The sites it may read; none given: every site. */
  readonly sites?: readonly string[]
}): Promise<{ token: string; record: ApiTokenRecord }> {
  const { file, name } = options
  if (!NAME_PATTERN.test(name)) {
    throw new AppError(
      'USAGE',
      `token name "${name}" is not 1–64 letters, digits, ".", "_" or "-" starting with a letter or digit`,
      { where: '--name' },
    )
  }
  const tokens = await listApiTokens(file)
  if (tokens.some((t) => t.name === name)) {
    throw new AppError('USAGE', `a token named "${name}" exists; revoke it or pick another name`, {
      where: '--name',
    })
  }
  const token = `temoin_${Buffer.from(options.randomBytes(32)).toString('base64url')}`
  const record: ApiTokenRecord = {
    name,
    created: new Date(options.clock.now()).toISOString(),
    hash: tokenHash(token),
    ...(options.sites?.length ? { sites: [...new Set(options.sites)] } : {}),
  }
  await saveApiTokens(file, [...tokens, record])
  return { token, record }
}

/**
 * Removes the token named `name`: a server running on the folder refuses it from its next
 * request on. An unknown name is TOKEN_UNKNOWN.
 *
 * @example await revokeApiToken({ file, name: 'ci' })
 */
export async function revokeApiToken(options: {
  readonly file: string
  readonly name: string
}): Promise<void> {
  const tokens = await listApiTokens(options.file)
  const kept = tokens.filter((t) => t.name !== options.name)
  if (kept.length === tokens.length) {
    throw new AppError('TOKEN_UNKNOWN', `no API token is named "${options.name}".`, {
      where: options.name,
      details: tokens.length === 0 ? ['There are no tokens.'] : tokens.map((t) => `- ${t.name}`),
    })
  }
  await saveApiTokens(options.file, kept)
}

async function saveApiTokens(file: string, tokens: readonly ApiTokenRecord[]): Promise<void> {
  await writePrivateJson(file, tokens)
}

function isRecord(value: unknown): value is ApiTokenRecord {
  // Stryker disable next-line ConditionalExpression: the mutant `typeof value !== 'object'` → false lets a JSON string, number or boolean through to the field checks, which refuse it (its .name is undefined); the other two ConditionalExpression mutants of this line are killed by token-file.test.ts ('null in the list')
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.name === 'string' &&
    typeof v.created === 'string' &&
    typeof v.hash === 'string' &&
    (v.sites === undefined ||
      (Array.isArray(v.sites) && v.sites.every((s) => typeof s === 'string')))
  )
}
