import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { parseJsonText } from './parse-json-text.js'

/**
 * A data folder's small JSON file (`tokens.json`, `policy-versions.json`): its value, or
 * `undefined` when the file does not exist; text that is not JSON reads as `undefined` too, so
 * that the caller refuses it with its own error. Any other read error is thrown.
 *
 * @example const value = await readPrivateJson('.data/tokens.json') // unknown | undefined
 */
export async function readPrivateJson(file: string): Promise<{ value: unknown } | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw e
  }
  return { value: parseJsonText(text) }
}

/**
 * Replaces a data folder's JSON file atomically, mode 0600: a reader (a running server) sees the
 * old file or the new one, never half of one, and a new inode each time tells it to read again.
 *
 * @example await writePrivateJson('.data/tokens.json', tokens)
 */
export async function writePrivateJson(file: string, value: unknown): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`
  // `mode` applies only to a file that writeFile creates: one left by a killed write keeps its
  // own, so it goes first, and 'wx' refuses to write through anything put back in its place.
  await rm(temp, { force: true })
  // Not an equivalent mutant, a race defence: 'wx' matters only when another process puts a file
  // or a link at `temp` between the rm and this write, which no deterministic test can arrange
  // (docs/testing.md lists it). A stale file of a crashed write is covered by a test (0600).
  // Stryker disable next-line StringLiteral: race defence, see above
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
  await rename(temp, file)
}
