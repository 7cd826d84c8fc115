import { timingSafeEqual } from 'node:crypto'
import { stat } from 'node:fs/promises'
import { TOKEN_PATTERN, listApiTokens, tokenHash, type ApiTokenRecord } from './token-file.js'

/** Checks API tokens against a data folder's `tokens.json`. */
export interface TokenChecker {
  /** The token's record (its name and scope), or null when it is unknown or revoked. */
  check(token: string): Promise<ApiTokenRecord | null>
}

/**
 * A checker that re-reads `tokens.json` whenever the file changed (inode, size or modification
 * time), so that `temoin token create` and `revoke` take effect on a running server at its next
 * request, with no restart and no admin call. The stored hashes are compared in constant time.
 *
 * @example
 * const tokens = createTokenChecker('.data/tokens.json')
 * await tokens.check(bearer) // { name: 'ci', … } or null
 */
export function createTokenChecker(file: string): TokenChecker {
  // Stryker disable next-line StringLiteral: `records` starts empty, so whether the first check reads a missing file or not, it finds no token; a file's signature (ino:size:mtime) never equals this sentinel
  let seen = ''
  let records: readonly ApiTokenRecord[] = []
  return {
    async check(token) {
      if (!TOKEN_PATTERN.test(token)) return null
      const info = await stat(file, { bigint: true }).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null
        throw e
      })
      // Stryker disable next-line StringLiteral: 'none' only has to differ from a file's signature (ino:size:mtime); with '' the first check of a missing file skips a read whose result is the empty list `records` already holds
      const signature = info ? `${info.ino}:${info.size}:${info.mtimeNs}` : 'none'
      // Stryker disable next-line ConditionalExpression: re-reading a file whose inode, size and mtime are unchanged gives the same records; only the cost of a read per request differs
      if (signature !== seen) {
        records = info ? await listApiTokens(file) : []
        seen = signature
      }
      const given = Buffer.from(tokenHash(token))
      let found: ApiTokenRecord | null = null
      // Every record is compared, so the time taken does not say which one matched.
      for (const record of records) {
        const stored = Buffer.from(record.hash)
        if (stored.length === given.length && timingSafeEqual(stored, given)) found = record
      }
      return found
    },
  }
}
