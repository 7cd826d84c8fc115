import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFakeClock } from '../lib/clock.js'
import { createApiToken, listApiTokens, revokeApiToken } from './token-file.js'

/** tokens.json holds who may read the statistics: only its owner may read or change it. */
let dir: string
let file: string
const clock = createFakeClock('2026-11-26T10:00:00Z')
const mode = async (path: string) => (await stat(path)).mode & 0o777

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-tokens-'))
  file = join(dir, 'tokens.json')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('tokens.json permissions', () => {
  it('is written 0600 even where a stale temporary file of a crashed write was left open to all', async () => {
    // The temporary name a killed `temoin token create` of this process id would have left.
    const stale = `${file}.${process.pid}.tmp`
    await writeFile(stale, 'half a file', { mode: 0o666 })
    await chmod(stale, 0o666)
    await createApiToken({ file, name: 'ci', clock, randomBytes })
    expect(await mode(file)).toBe(0o600)
    await expect(stat(stale)).rejects.toThrow(/ENOENT/)
  })

  it('a copy that lost its mode (restored by hand, 0666) is made 0600 again when read', async () => {
    await createApiToken({ file, name: 'ci', clock, randomBytes })
    await chmod(file, 0o666)
    expect(await listApiTokens(file)).toHaveLength(1)
    expect(await mode(file)).toBe(0o600)
  })

  it('stays 0600 through a revoke', async () => {
    await createApiToken({ file, name: 'ci', clock, randomBytes })
    await createApiToken({ file, name: 'report', clock, randomBytes })
    await revokeApiToken({ file, name: 'ci' })
    expect(await mode(file)).toBe(0o600)
    expect((await listApiTokens(file)).map((t) => t.name)).toEqual(['report'])
  })
})
