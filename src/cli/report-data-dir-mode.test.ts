import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findOpenModes, reportDataDirMode } from './report-data-dir-mode.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'temoin-modes-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('reportDataDirMode', () => {
  it('says nothing of a folder that does not exist yet, or of one that is owner-only', async () => {
    const lines: string[] = []
    await reportDataDirMode(join(root, 'new'), (l) => lines.push(l))
    const dir = join(root, 'tight')
    await mkdir(join(dir, 'publications'), { recursive: true })
    await chmod(dir, 0o700)
    await chmod(join(dir, 'publications'), 0o700)
    await writeFile(join(dir, 'temoin.duckdb'), '', { mode: 0o600 })
    await reportDataDirMode(dir, (l) => lines.push(l))
    expect(lines).toEqual([])
  })

  it('names the folder, its mode, each open entry (nested too) and a chmod that can be pasted', async () => {
    const dir = join(root, "it's data")
    await mkdir(join(dir, 'publications'), { recursive: true })
    await chmod(dir, 0o750)
    await chmod(join(dir, 'publications'), 0o700)
    await writeFile(join(dir, 'publications', 'localhost.jsonl'), '', { mode: 0o640 })
    await chmod(join(dir, 'publications', 'localhost.jsonl'), 0o640)
    await symlink('/etc/hostname', join(dir, 'link')) // a link's own mode is 0777: not followed
    const lines: string[] = []
    await reportDataDirMode(dir, (l) => lines.push(l))
    expect(lines).toEqual([
      `data folder: ${dir} is mode 0750, so other users of this machine can reach it (events, visitor ids, receipts); it should be 0700 — chmod -R go-rwx '${root}/it'\\''s data'`,
      `data folder: 1 entry in ${dir} has group or other rights: publications/localhost.jsonl (0640); they should be 0600 (folders 0700) — chmod -R go-rwx '${root}/it'\\''s data'`,
    ])
    expect(await findOpenModes(dir)).toEqual({
      folder: 0o750,
      entries: [{ path: 'publications/localhost.jsonl', mode: 0o640 }],
    })
  })
})
