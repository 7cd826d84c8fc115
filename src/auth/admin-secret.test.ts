import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../lib/app-error.js'
import { MIN_SECRET_LENGTH, loadAdminSecret } from './admin-secret.js'
import { verifySecret } from './hash-secret.js'

/**
 * Where the admin secret comes from, on a real data folder: the environment (checked for
 * length, the file left alone), the stored hash (checked for shape, its mode repaired), or a
 * new secret written once even when two servers start together. test/auth.test.ts covers the
 * plain cases through the server; these cover the edges.
 */
let dir: string
let file: string
const mode = async (path: string) => (await stat(path)).mode & 0o777

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-admin-secret-'))
  file = join(dir, 'admin-secret.json')
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('TEMOIN_ADMIN_SECRET', () => {
  // kills: admin-secret.ts:32 EqualityOperator (<=), the trim removed, and the message's text
  it(`needs ${MIN_SECRET_LENGTH} characters, not counting spaces around them`, async () => {
    expect(MIN_SECRET_LENGTH).toBe(16)
    const exactly = await loadAdminSecret({ file, envSecret: 'a'.repeat(16), randomBytes })
    expect(exactly.source).toBe('env')
    expect(await verifySecret('a'.repeat(16), exactly.hash)).toBe(true)
    for (const short of ['a'.repeat(15), `   ${'a'.repeat(15)}   `]) {
      await expect(loadAdminSecret({ file, envSecret: short, randomBytes })).rejects.toMatchObject({
        code: 'ADMIN_SECRET_WEAK',
        where: 'TEMOIN_ADMIN_SECRET',
        message: 'TEMOIN_ADMIN_SECRET has 15 characters; the dashboard needs at least 16.',
      })
    }
  })

  it('is used as it is, the file neither read nor written', async () => {
    await writeFile(file, 'not a hash at all')
    const admin = await loadAdminSecret({ file, envSecret: 'a long secret of my own', randomBytes })
    expect(admin.source).toBe('env')
    expect(await readFile(file, 'utf8')).toBe('not a hash at all')
  })
})

describe('the admin-secret file', () => {
  it('a new secret: 144 random bits shown once, only its hash written, 0600', async () => {
    const admin = await loadAdminSecret({ file, envSecret: undefined, randomBytes })
    if (admin.source !== 'created') throw new Error(`expected created, got ${admin.source}`)
    expect(admin.secret).toMatch(/^[A-Za-z0-9_-]{24}$/)
    expect(await verifySecret(admin.secret, admin.hash)).toBe(true)
    const stored = await readFile(file, 'utf8')
    expect(JSON.parse(stored)).toEqual(admin.hash)
    expect(stored).not.toContain(admin.secret)
    expect(await mode(file)).toBe(0o600)
    const again = await loadAdminSecret({ file, envSecret: undefined, randomBytes })
    expect(again).toEqual({ source: 'file', hash: admin.hash })
  })

  // kills: admin-secret.ts:47 StringLiteral (flag 'wx' → ''), :49 ConditionalExpression → true,
  // :51 ConditionalExpression → false: the loser must take the winner's hash, or its printed
  // secret would not be the one on disk
  it('two servers starting together on one folder: one makes the secret, the other takes its hash', async () => {
    const both = await Promise.all([
      loadAdminSecret({ file, envSecret: undefined, randomBytes }),
      loadAdminSecret({ file, envSecret: undefined, randomBytes }),
    ])
    expect(both.map((a) => a.source).sort()).toEqual(['created', 'file'])
    const created = both.find((a) => a.source === 'created')!
    expect(both.find((a) => a.source === 'file')!.hash).toEqual(created.hash)
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(created.hash)
  })

  // kills: admin-secret.ts:49 ConditionalExpression → false (a failed write taken as done)
  it('a secret that cannot be written is an error, not a secret shown but never kept', async () => {
    const nowhere = join(dir, 'missing-folder', 'admin-secret.json')
    await expect(
      loadAdminSecret({ file: nowhere, envSecret: undefined, randomBytes }),
    ).rejects.toMatchObject({ code: 'ENOENT' })
  })

  // A dangling symbolic link exists for the 'wx' write (EEXIST) but not for a read (ENOENT): a
  // secret made now could not be kept, so the start stops and says why.
  // kills: admin-secret.ts:51 ConditionalExpression → true (an answer from a file, with no hash)
  it('a dangling link in place of the file is refused, and nothing is written', async () => {
    const target = join(dir, 'nowhere.json')
    await symlink(target, file)
    const loading = loadAdminSecret({ file, envSecret: undefined, randomBytes })
    await expect(loading).rejects.toBeInstanceOf(AppError)
    await expect(loading).rejects.toMatchObject({
      code: 'ADMIN_SECRET_INVALID',
      where: file,
      message: `${file} is a link to a file that does not exist: remove the link, or point it at the stored secret.`,
    })
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  // kills: admin-secret.ts:61 ConditionalExpression → true (any read error taken as no file)
  it('a file that cannot be read (here a folder) is an error, not a reason to make a new secret', async () => {
    const folder = join(dir, 'a-folder')
    await mkdir(folder)
    await expect(
      loadAdminSecret({ file: folder, envSecret: undefined, randomBytes }),
    ).rejects.toMatchObject({ code: 'EISDIR' })
  })

  it.each([
    ['not JSON', 'not json {'],
    ['JSON of another shape', '{"algorithm":"bcrypt","hash":"x"}'],
    ['JSON null', 'null'],
  ])(
    'a file holding %s stops the start (ADMIN_SECRET_INVALID), and is left alone',
    async (_, text) => {
      await writeFile(file, text)
      await expect(
        loadAdminSecret({ file, envSecret: undefined, randomBytes }),
      ).rejects.toMatchObject({
        code: 'ADMIN_SECRET_INVALID',
        where: file,
        message: `${file} does not hold an admin secret's hash.`,
      })
      expect(await readFile(file, 'utf8')).toBe(text)
    },
  )

  // Only the bits that let others in are a problem: an owner's own choice (read-only) stays.
  // kills: admin-secret.ts:76 ConditionalExpression → true (chmod 0600 on every read)
  it('a file the owner made read-only (0400) is read and left 0400', async () => {
    const admin = await loadAdminSecret({ file, envSecret: undefined, randomBytes })
    await chmod(file, 0o400)
    expect((await loadAdminSecret({ file, envSecret: undefined, randomBytes })).hash).toEqual(
      admin.hash,
    )
    expect(await mode(file)).toBe(0o400)
  })

  // kills: admin-secret.ts:76 ConditionalExpression → false, EqualityOperator (=== 0)
  it('a copy restored by hand open to others (0644) is made 0600 again when read', async () => {
    const admin = await loadAdminSecret({ file, envSecret: undefined, randomBytes })
    await chmod(file, 0o644)
    expect((await loadAdminSecret({ file, envSecret: undefined, randomBytes })).hash).toEqual(
      admin.hash,
    )
    expect(await mode(file)).toBe(0o600)
  })
})
