import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../lib/clock.js'
import { createTokenChecker } from './token-checker.js'
import { createApiToken, revokeApiToken } from './token-file.js'

/**
 * API tokens as a running server sees them, on a real tokens.json: `temoin token create` and
 * `revoke` take effect at the next check, each token names its own owner, and nothing that is
 * not a stored token gets through.
 */
let dir: string
let file: string
const clock = createFakeClock('2026-11-26T10:00:00Z')

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-token-checker-'))
  file = join(dir, 'tokens.json')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('createTokenChecker', () => {
  // kills: token-checker.ts:27 ConditionalExpression → false (a missing file would throw)
  it('knows no token while tokens.json does not exist', async () => {
    const tokens = createTokenChecker(file)
    expect(await tokens.check(`temoin_${'x'.repeat(43)}`)).toBeNull()
  })

  // kills: token-checker.ts:40 LogicalOperator (||) and ConditionalExpression → true, which
  // accept any token of the right shape; :31 ConditionalExpression → false (never re-read)
  it('gives each token’s own name, and null for a token of the right shape that was never made', async () => {
    const tokens = createTokenChecker(file)
    expect(await tokens.check(`temoin_${'x'.repeat(43)}`)).toBeNull()
    const ci = await createApiToken({ file, name: 'ci', clock, randomBytes })
    const report = await createApiToken({ file, name: 'report', clock, randomBytes })
    expect((await tokens.check(ci.token))?.name).toBe('ci')
    expect((await tokens.check(report.token))?.name).toBe('report')
    expect(await tokens.check(`temoin_${'x'.repeat(43)}`)).toBeNull()
    // One character changed.
    const last = report.token.at(-1) === 'A' ? 'B' : 'A'
    expect(await tokens.check(report.token.slice(0, -1) + last)).toBeNull()
  })

  it('a token revoked, or its whole file deleted, is refused at the next check', async () => {
    const tokens = createTokenChecker(file)
    const ci = await createApiToken({ file, name: 'ci', clock, randomBytes })
    const report = await createApiToken({ file, name: 'report', clock, randomBytes })
    expect((await tokens.check(ci.token))?.name).toBe('ci')
    await revokeApiToken({ file, name: 'ci' })
    expect(await tokens.check(ci.token)).toBeNull()
    expect((await tokens.check(report.token))?.name).toBe('report')
    await rm(file)
    expect(await tokens.check(report.token)).toBeNull()
  })

  // kills: token-checker.ts:25 ConditionalExpression → false (the file read for any value)
  it('a value that is not a token is refused without reading the file', async () => {
    // A file that cannot be parsed: reading it would throw TOKEN_FILE_INVALID.
    await writeFile(file, 'not json')
    const tokens = createTokenChecker(file)
    const shaped = `temoin_${'x'.repeat(43)}`
    for (const wrong of [
      '',
      'temoin_',
      shaped.slice(0, -1),
      `${shaped}=`,
      `x${shaped}`,
      ` ${shaped}`,
    ]) {
      expect(await tokens.check(wrong), JSON.stringify(wrong)).toBeNull()
    }
  })

  // A record edited by hand into a hash of another length matches nothing, and breaks no other
  // (timingSafeEqual throws on buffers of different lengths).
  // kills: token-checker.ts:40 ConditionalExpression (stored.length === given.length → true)
  it('a stored hash of the wrong length matches nothing and does not stop the other tokens', async () => {
    const ci = await createApiToken({ file, name: 'ci', clock, randomBytes })
    const records = JSON.parse(await readFile(file, 'utf8')) as unknown[]
    const broken = { name: 'broken', created: '2026-11-26T10:00:00.000Z', hash: 'short' }
    await writeFile(file, JSON.stringify([broken, ...records]))
    const tokens = createTokenChecker(file)
    expect((await tokens.check(ci.token))?.name).toBe('ci')
    expect(await tokens.check(`temoin_${'x'.repeat(43)}`)).toBeNull()
  })

  // A folder the server cannot look into is an operator's error to see, not "no tokens".
  // kills: token-checker.ts:27 ConditionalExpression → true (every stat error taken as no file)
  it('a tokens.json that cannot be looked at (ENOTDIR) is an error, not an empty list', async () => {
    const notADir = join(dir, 'plain-file')
    await writeFile(notADir, '')
    const tokens = createTokenChecker(join(notADir, 'tokens.json'))
    await expect(tokens.check(`temoin_${'x'.repeat(43)}`)).rejects.toMatchObject({
      code: 'ENOTDIR',
    })
  })
})
