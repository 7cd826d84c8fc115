import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isMainThread } from 'node:worker_threads'
import { describe, expect, it, onTestFinished } from 'vitest'
import { dpRelease, exactRelease } from '../../test/helpers/release-fixtures.js'
import { testFolder } from '../../test/helpers/test-folder.js'
import { writeReleaseFiles } from './write-release-files.js'

const modeOf = async (path: string) => (await stat(path)).mode & 0o777

/**
 * The umask `bin/temoin.js` sets (owner-only), where the test can set one: a worker thread
 * cannot change the process's umask (Stryker's vitest runner uses threads), so there the
 * folders made keep the machine's umask and only the files' modes can be told apart.
 */
function ownerOnlyUmask(): void {
  if (!isMainThread) return
  const previous = process.umask(0o077)
  onTestFinished(() => {
    process.umask(previous)
  })
}

describe('writeReleaseFiles', () => {
  // kills: write-release-files.ts:41–53 StringLiteral (a file's name: `<table>.csv`,
  // `<table>.parquet`, `release.json`, `index.html`), ArrayDeclaration (`files`, `written`),
  // BlockStatement (the loop over tables, the chmod of every file written).
  it('writes each table as CSV and Parquet, the sidecar and the page, and returns their paths', async () => {
    const dir = join(await testFolder('temoin-release-files-'), 'out')
    const release = exactRelease()
    const written = await writeReleaseFiles(release, true, dir)
    expect(written).toEqual([
      join(dir, 'regions.csv'),
      join(dir, 'regions.parquet'),
      join(dir, 'release.json'),
      join(dir, 'index.html'),
    ])
    expect(await readFile(join(dir, 'regions.csv'), 'utf8')).toMatch(
      /^country,value,status\r\nFR,60,published\r\n/,
    )
    expect((await readFile(join(dir, 'regions.parquet'))).subarray(0, 4).toString()).toBe('PAR1')
    const sidecar = JSON.parse(await readFile(join(dir, 'release.json'), 'utf8')) as {
      reServed: boolean
      tables: { file: string }[]
    }
    expect(sidecar.reServed).toBe(true)
    expect(sidecar.tables.map((t) => t.file)).toEqual(['regions.csv'])
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain('<title>regions-2026 — ')
  })

  // The figures are public while the process's umask makes what it creates owner-only: a web
  // server's user must be able to read them. Files left owner-only by an earlier write (or a
  // copy from the ledger) are opened up too; the operator's own folder keeps its mode.
  // kills: write-release-files.ts:53 BlockStatement / the chmod of each file, :33 EqualityOperator
  // and ConditionalExpression → true (a folder that exists: `resolve(undefined)` would throw).
  it('makes every file it writes readable by all, also over an owner-only file, and leaves an existing folder as it was', async () => {
    ownerOnlyUmask()
    const dir = await testFolder('temoin-release-files-')
    await chmod(dir, 0o700)
    const old = join(dir, 'by-country.csv')
    await writeFile(old, 'stale\n', { mode: 0o600 })
    await chmod(old, 0o600)
    const written = await writeReleaseFiles(dpRelease(), false, dir)
    expect(written).toHaveLength(4)
    for (const file of written) expect([file, await modeOf(file)]).toEqual([file, 0o644])
    expect(await readFile(old, 'utf8')).toMatch(/^country,value,status,margin\r\n/)
    expect(await modeOf(dir)).toBe(0o700)
  })

  // A folder made inside a setgid folder (a web root shared by a group) inherits the bit, and
  // the umask where the test cannot set one: only the chmod gives it exactly 0755, so the test
  // sees a missing or misdirected chmod in a worker thread too.
  // kills: write-release-files.ts:33 ConditionalExpression → false and BlockStatement, :35
  // ConditionalExpression → false, MethodExpression endsWith and BlockStatement (the folders'
  // walk), :37 ConditionalExpression → true and EqualityOperator (a walk stopped at the first).
  it('makes the folders it creates exactly 0755, and leaves the existing one above them as it was', async () => {
    ownerOnlyUmask()
    const root = await testFolder('temoin-release-files-')
    const site = join(root, 'site')
    await mkdir(site)
    await chmod(site, 0o2700)
    const dir = join(site, 'figures', 'kit')
    await writeReleaseFiles(exactRelease(), false, dir)
    const fullMode = async (path: string) => (await stat(path)).mode & 0o7777
    expect(await fullMode(join(site, 'figures'))).toBe(0o755)
    expect(await fullMode(dir)).toBe(0o755)
    expect(await fullMode(site)).toBe(0o2700)
  })
})
