import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { formatPublishedCsv } from './format-published-csv.js'
import { formatSidecar } from './format-sidecar.js'
import { renderFiguresPage } from './render-figures-page.js'
import type { Release } from './release.js'
import { writeParquet } from './write-parquet.js'

/**
 * Public outputs are for everyone (a web server's user among them), while the process's umask
 * (0o077, bin/temoin.js) makes what it creates owner-only: these modes are set with chmod,
 * which the umask does not narrow.
 */
const PUBLIC_FILE = 0o644
const PUBLIC_FOLDER = 0o755

/**
 * Writes a release into a folder: `<table>.csv` and `<table>.parquet` per table, `release.json`
 * (the sidecar, which the Eleventy plugin reads) and `index.html` (the public figures page).
 * The files are made readable by all (0644), and so are the folders it makes (0755); a folder
 * that exists keeps its mode. Returns the paths written.
 *
 * @example const files = await writeReleaseFiles(release, false, 'public/figures')
 */
export async function writeReleaseFiles(
  release: Release,
  reServed: boolean,
  dir: string,
): Promise<string[]> {
  // The folders made are `dir` and its parents up to the first one that did not exist.
  const folder = resolve(dir)
  const firstMade = await mkdir(folder, { recursive: true })
  if (firstMade !== undefined) {
    const made = resolve(firstMade)
    for (let d = folder; d.startsWith(made); d = dirname(d)) {
      await chmod(d, PUBLIC_FOLDER)
      // Stryker disable next-line ConditionalExpression: → false is equivalent: the walk's own test stops it one step later, since the parent of `made` does not start with `made`. The mark also hides → true, which write-release-files.test.ts kills ('makes the folders it creates exactly 0755…')
      if (d === made) break
    }
  }
  const files: string[] = []
  for (const table of release.tables) {
    const csv = join(dir, `${table.name}.csv`)
    await writeFile(csv, formatPublishedCsv(table))
    const parquet = join(dir, `${table.name}.parquet`)
    await writeParquet(table, parquet)
    files.push(csv, parquet)
  }
  const sidecar = join(dir, 'release.json')
  await writeFile(sidecar, formatSidecar(release, reServed))
  const page = join(dir, 'index.html')
  await writeFile(page, renderFiguresPage(release))
  const written = [...files, sidecar, page]
  for (const file of written) await chmod(file, PUBLIC_FILE)
  return written
}
