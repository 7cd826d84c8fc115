import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/** A secret as stored: scrypt's parameters, the salt and the derived key (base64). */
export interface SecretHash {
  readonly algorithm: 'scrypt'
  readonly N: number
  readonly r: number
  readonly p: number
  readonly salt: string
  readonly hash: string
}

/**
 * scrypt at N = 2^15, r = 8, p = 1 (32 MiB, ~0.1 s here): OWASP's minimum for a password is
 * N = 2^17 with r = 8, but the admin secret is 128 random bits and the login is rate-limited, so
 * the cost only has to make an offline guess of a chosen `TEMOIN_ADMIN_SECRET` expensive.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const
const KEY_BYTES = 32

function derive(secret: string, salt: Buffer, params: { N: number; r: number; p: number }) {
  // maxmem must exceed 128 · N · r (32 MiB here), which is node's default limit.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r }
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, KEY_BYTES, options, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  )
}

/**
 * Hashes a secret with scrypt under a fresh 16-byte salt, for storage.
 *
 * @example const stored = await hashSecret('correct horse battery staple', randomBytes(16))
 */
export async function hashSecret(secret: string, salt: Uint8Array): Promise<SecretHash> {
  const key = await derive(secret, Buffer.from(salt), PARAMS)
  return {
    algorithm: 'scrypt',
    ...PARAMS,
    salt: Buffer.from(salt).toString('base64'),
    hash: key.toString('base64'),
  }
}

/**
 * Whether `secret` is the one `stored` was made from. The derived keys are compared in constant
 * time, and the work is the same whatever is typed: nothing leaks through timing.
 *
 * @example if (await verifySecret(form.secret, stored)) startSession()
 */
export async function verifySecret(secret: string, stored: SecretHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64')
  const key = await derive(secret, Buffer.from(stored.salt, 'base64'), stored)
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/**
 * Whether a value read from a file has the shape of a stored secret.
 *
 * @example isSecretHash(JSON.parse(text))
 */
export function isSecretHash(value: unknown): value is SecretHash {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  const whole = (x: unknown, max: number) =>
    // Stryker disable next-line ConditionalExpression: Number.isInteger is false for anything but a number, so `typeof x === 'number'` → true changes nothing; the line's other ConditionalExpression mutants are killed by hash-secret.test.ts (N of 0, N not whole, N past 2^20, …)
    typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= max
  return (
    v.algorithm === 'scrypt' &&
    whole(v.N, 2 ** 20) &&
    whole(v.r, 32) &&
    whole(v.p, 16) &&
    typeof v.salt === 'string' &&
    typeof v.hash === 'string' &&
    Buffer.from(v.hash, 'base64').length === KEY_BYTES
  )
}
