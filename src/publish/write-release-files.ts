import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { formatPublishedCsv } from './format-published-csv.js'
import { formatSidecar } from './format-sidecar.js'
import { renderFiguresPage } from './render-figures-page.js'
import type { Release } from './release.js'
import { writeParquet } from './write-parquet.js'

/**
 * Writes a release into a folder: `<table>.csv` and `<table>.parquet` per table, `release.json`
 * (the sidecar, which the Eleventy plugin reads) and `index.html` (the public figures page).
 * Returns the paths written.
 *
 * @example const files = await writeReleaseFiles(release, false, 'public/figures')
 */
export async function writeReleaseFiles(
  release: Release,
  reServed: boolean,
  dir: string,
): Promise<string[]> {
  await mkdir(dir, { recursive: true })
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
  return [...files, sidecar, page]
}
