import { scryptSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashSecret, isSecretHash, verifySecret, type SecretHash } from './hash-secret.js'

/**
 * The admin secret's hash: what is stored, what verifies, and which stored values are taken for
 * one. Each scrypt costs ~0.1 s, so the tests hash only a few times.
 */
const SALT = new Uint8Array(16).fill(9)
const VALID: SecretHash = {
  algorithm: 'scrypt',
  N: 2 ** 15,
  r: 8,
  p: 1,
  salt: Buffer.from(SALT).toString('base64'),
  hash: Buffer.alloc(32, 1).toString('base64'),
}

describe('hashSecret and verifySecret', () => {
  // kills: hash-secret.ts:55 LogicalOperator (|| lets any secret in), :26 ConditionalExpression
  // → true (every key taken for an error), and the salt's or hash's encoding changed
  it('store scrypt’s parameters, the salt and a 32-byte key; the right secret verifies, another does not', async () => {
    const stored = await hashSecret('correct horse battery staple', SALT)
    expect(stored).toMatchObject({ algorithm: 'scrypt', N: 32768, r: 8, p: 1 })
    expect(stored.salt).toBe(Buffer.from(SALT).toString('base64'))
    expect(Buffer.from(stored.hash, 'base64')).toHaveLength(32)
    expect(isSecretHash(stored)).toBe(true)
    expect(await verifySecret('correct horse battery staple', stored)).toBe(true)
    expect(await verifySecret('correct horse battery stapl', stored)).toBe(false)
  })

  // The same secret typed on two keyboards (é as one code point, or e and a combining accent).
  it('a secret is compared in Unicode NFC: é composed or decomposed is the same secret', async () => {
    const stored = await hashSecret('mot de passe d\u00e9j\u00e0 choisi', SALT)
    expect(await verifySecret('mot de passe de\u0301ja\u0300 choisi', stored)).toBe(true)
  })

  // kills: hash-secret.ts:55 ConditionalExpression (key.length === expected.length → true)
  it('a stored key of another length is a wrong secret, not a crash', async () => {
    const short = { ...VALID, N: 1024, hash: Buffer.alloc(16, 1).toString('base64') }
    expect(await verifySecret('anything at all', short)).toBe(false)
  })

  // The parameters written beside a hash are the ones it was made with, and the ones a check
  // uses: a hash made at N = 2^10 (here by node's scrypt itself) verifies at N = 2^10.
  // kills: hash-secret.ts:23 ObjectLiteral (scrypt's defaults used instead of the parameters)
  it('verifies a hash with the parameters stored beside it', async () => {
    const salt = Buffer.alloc(16, 2)
    const key = scryptSync('an older secret of mine', salt, 32, { N: 1024, r: 8, p: 1 })
    const stored = {
      ...VALID,
      N: 1024,
      salt: salt.toString('base64'),
      hash: key.toString('base64'),
    }
    expect(await verifySecret('an older secret of mine', stored)).toBe(true)
  })

  // A file edited by hand may hold any whole N: scrypt's own refusal is what the operator sees.
  it('parameters scrypt refuses are reported as scrypt’s error', async () => {
    await expect(verifySecret('anything at all', { ...VALID, N: 3 })).rejects.toMatchObject({
      code: 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS',
    })
  })
})

describe('isSecretHash', () => {
  it('takes a stored hash, with parameters at their bounds', () => {
    expect(isSecretHash(VALID)).toBe(true)
    // kills: hash-secret.ts:67 EqualityOperator (x > 1) and (x < max)
    expect(isSecretHash({ ...VALID, N: 1, r: 1, p: 1 })).toBe(true)
    expect(isSecretHash({ ...VALID, N: 2 ** 20, r: 32, p: 16 })).toBe(true)
  })

  // kills: hash-secret.ts:64 ConditionalExpression and LogicalOperator (null or undefined read)
  it('refuses what is not an object: null, undefined (unparsable JSON), a string, a number', () => {
    for (const value of [null, undefined, 'scrypt', 32768]) {
      expect(isSecretHash(value), String(value)).toBe(false)
    }
  })

  it.each([
    ['another algorithm', { algorithm: 'bcrypt' }],
    ['N of 0', { N: 0 }],
    ['N past 2^20', { N: 2 ** 20 + 1 }],
    ['N not whole', { N: 1.5 }],
    ['N as text', { N: '32768' }],
    ['r of 0', { r: 0 }],
    ['r past 32', { r: 33 }],
    ['p of 0', { p: 0 }],
    ['p past 16', { p: 17 }],
    ['no salt', { salt: undefined }],
    ['a salt that is not text', { salt: 16 }],
    ['no hash', { hash: undefined }],
    ['a hash that is not text', { hash: 32 }],
    ['a hash of 31 bytes', { hash: Buffer.alloc(31).toString('base64') }],
    ['a hash of 33 bytes', { hash: Buffer.alloc(33).toString('base64') }],
  ])('refuses %s', (_, change) => {
    expect(isSecretHash({ ...VALID, ...change })).toBe(false)
  })
})
