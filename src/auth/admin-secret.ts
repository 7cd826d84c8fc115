import { chmod, stat, writeFile } from 'node:fs/promises'
import { AppError } from '../lib/app-error.js'
import { readPrivateJson } from '../lib/private-json-file.js'
import { hashSecret, isSecretHash, type SecretHash } from './hash-secret.js'

/** The shortest `TEMOIN_ADMIN_SECRET` accepted: 16 characters. */
export const MIN_SECRET_LENGTH = 16

/** Where the admin secret came from, and the hash the login checks against. */
export type AdminSecret =
  | { readonly source: 'env'; readonly hash: SecretHash }
  | { readonly source: 'file'; readonly hash: SecretHash }
  /** Made now: `secret` is shown once, and only its hash was written. */
  | { readonly source: 'created'; readonly hash: SecretHash; readonly secret: string }

/**
 * The dashboard's admin secret. Precedence: `TEMOIN_ADMIN_SECRET` (given as `envSecret`) when
 * set — then `file` is neither read nor written; else the scrypt hash in `file`; else a new
 * random secret (144 bits, base64url), whose hash and salt are written to `file` (mode 0600) and
 * which the caller prints once. Deleting the file makes a new secret at the next start.
 *
 * @example
 * const admin = await loadAdminSecret({ file: '.data/admin-secret.json', envSecret: process.env.TEMOIN_ADMIN_SECRET, randomBytes })
 * if (admin.source === 'created') io.stdout.write(`admin secret: ${admin.secret}\n`)
 */
export async function loadAdminSecret(options: {
  readonly file: string
  readonly envSecret: string | undefined
  readonly randomBytes: (n: number) => Uint8Array
}): Promise<AdminSecret> {
  const { file, envSecret, randomBytes } = options
  if (envSecret !== undefined) {
    if (envSecret.trim().length < MIN_SECRET_LENGTH) {
      throw new AppError(
        'ADMIN_SECRET_WEAK',
        `TEMOIN_ADMIN_SECRET has ${envSecret.trim().length} characters; the dashboard needs at least ${MIN_SECRET_LENGTH}.`,
        { where: 'TEMOIN_ADMIN_SECRET' },
      )
    }
    return { source: 'env', hash: await hashSecret(envSecret, randomBytes(16)) }
  }
  const existing = await readSecretFile(file)
  if (existing) return { source: 'file', hash: existing }
  const secret = Buffer.from(randomBytes(18)).toString('base64url')
  const hash = await hashSecret(secret, randomBytes(16))
  try {
    // 'wx': two servers starting on one folder cannot both write; the loser reads the winner's.
    await writeFile(file, `${JSON.stringify(hash, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    const other = await readSecretFile(file)
    if (other) return { source: 'file', hash: other }
    // The name exists for the write but not for the read: a link to a file that does not exist.
    // A secret made now could be shown but never kept, and the next start would make another.
    throw new AppError(
      'ADMIN_SECRET_INVALID',
      `${file} is a link to a file that does not exist: remove the link, or point it at the stored secret.`,
      { where: file },
    )
  }
  return { source: 'created', hash, secret }
}

async function readSecretFile(file: string): Promise<SecretHash | undefined> {
  const read = await readPrivateJson(file)
  if (read === undefined) return undefined
  // Not JSON reads as undefined, which isSecretHash refuses like any other shape.
  const value = read.value
  if (!isSecretHash(value)) {
    throw new AppError('ADMIN_SECRET_INVALID', `${file} does not hold an admin secret's hash.`, {
      where: file,
    })
  }
  // A copy restored by hand may have lost its mode: the hash is for the owner's eyes only.
  if (((await stat(file)).mode & 0o077) !== 0) await chmod(file, 0o600)
  return value
}
