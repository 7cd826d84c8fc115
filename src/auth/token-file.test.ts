import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
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

  // Only the bits that let others in are a problem: an owner's own choice (read-only) stays.
  // kills: token-file.ts:49 ConditionalExpression → true (chmod 0600 on every read)
  it('a copy the owner made read-only (0400) is read and left 0400', async () => {
    await createApiToken({ file, name: 'ci', clock, randomBytes })
    await chmod(file, 0o400)
    expect(await listApiTokens(file)).toHaveLength(1)
    expect(await mode(file)).toBe(0o400)
  })

  it('stays 0600 through a revoke', async () => {
    await createApiToken({ file, name: 'ci', clock, randomBytes })
    await createApiToken({ file, name: 'report', clock, randomBytes })
    await revokeApiToken({ file, name: 'ci' })
    expect(await mode(file)).toBe(0o600)
    expect((await listApiTokens(file)).map((t) => t.name)).toEqual(['report'])
  })
})

/** What `temoin token …` tells the operator when it refuses, and which files it refuses. */
describe('tokens.json refusals', () => {
  // kills: token-file.ts:39 ConditionalExpression → true (any read error taken as no file)
  it('a tokens.json that cannot be read (here a folder) is an error, not an empty list', async () => {
    await mkdir(file)
    await expect(listApiTokens(file)).rejects.toMatchObject({ code: 'EISDIR' })
  })

  // kills: token-file.ts:44 StringLiteral and ObjectLiteral (the message and where), :129 and
  // :131 each check of a record (a record missing a field, null or text taken for a token)
  it.each([
    ['not JSON', 'not json ['],
    ['an object', '{}'],
    ['null in the list', '[null]'],
    ['text in the list', '["temoin_x"]'],
    ['a record without its name', '[{"created":"2026-11-26T10:00:00.000Z","hash":"h"}]'],
    ['a record without its date', '[{"name":"ci","hash":"h"}]'],
    ['a record without its hash', '[{"name":"ci","created":"2026-11-26T10:00:00.000Z"}]'],
    ['a name that is not text', '[{"name":1,"created":"2026-11-26T10:00:00.000Z","hash":"h"}]'],
    [
      'sites that are not a list',
      '[{"name":"ci","created":"2026-11-26T10:00:00.000Z","hash":"h","sites":"a.example"}]',
    ],
    [
      'a site that is not text',
      '[{"name":"ci","created":"2026-11-26T10:00:00.000Z","hash":"h","sites":[1]}]',
    ],
    [
      'one site of several that is not text',
      '[{"name":"ci","created":"2026-11-26T10:00:00.000Z","hash":"h","sites":["a.example",1]}]',
    ],
  ])('a file holding %s is TOKEN_FILE_INVALID, naming the file', async (_, text) => {
    await writeFile(file, text)
    await expect(listApiTokens(file)).rejects.toMatchObject({
      code: 'TOKEN_FILE_INVALID',
      where: file,
      message: `${file} is not a list of API tokens.`,
    })
  })

  // kills: token-file.ts:69 StringLiteral and :70 ObjectLiteral/StringLiteral
  it('a name that is not 1–64 letters, digits, ".", "_" or "-" is a usage error on --name', async () => {
    await expect(createApiToken({ file, name: '-ci', clock, randomBytes })).rejects.toMatchObject({
      code: 'USAGE',
      where: '--name',
      message:
        'token name "-ci" is not 1–64 letters, digits, ".", "_" or "-" starting with a letter or digit',
    })
  })

  // kills: token-file.ts:75 ObjectLiteral and :76 StringLiteral
  it('a name already taken is a usage error on --name', async () => {
    await createApiToken({ file, name: 'ci', clock, randomBytes })
    await expect(createApiToken({ file, name: 'ci', clock, randomBytes })).rejects.toMatchObject({
      code: 'USAGE',
      where: '--name',
      message: 'a token named "ci" exists; revoke it or pick another name',
    })
  })

  // kills: token-file.ts:102 StringLiteral and ObjectLiteral, :104 every mutant of the details
  it('revoking an unknown name is TOKEN_UNKNOWN, and lists the names there are (or says there are none)', async () => {
    const unknown = (name: string) => revokeApiToken({ file, name })
    await expect(unknown('ci')).rejects.toMatchObject({
      code: 'TOKEN_UNKNOWN',
      where: 'ci',
      message: 'no API token is named "ci".',
      details: ['There are no tokens.'],
    })
    await createApiToken({ file, name: 'report', clock, randomBytes })
    await createApiToken({ file, name: 'ci', clock, randomBytes })
    await expect(unknown('deploy')).rejects.toMatchObject({
      code: 'TOKEN_UNKNOWN',
      details: ['- report', '- ci'],
    })
  })
})

describe('tokens for some sites', () => {
  // A scoped token keeps its sites (once each); a token without is for every site, and its record
  // has no `sites` at all, as the tokens made before scopes.
  it('stores the sites a token may read, once each, and none for an every-site token', async () => {
    const made = await createApiToken({
      file,
      name: 'client-a',
      clock,
      randomBytes,
      sites: ['a.example', 'b.example', 'a.example'],
    })
    expect(made.record.sites).toEqual(['a.example', 'b.example'])
    await createApiToken({ file, name: 'ci', clock, randomBytes, sites: [] })
    const listed = await listApiTokens(file)
    expect(listed.map((t) => [t.name, t.sites])).toEqual([
      ['client-a', ['a.example', 'b.example']],
      ['ci', undefined],
    ])
    expect(listed[1]).not.toHaveProperty('sites')
  })
})
