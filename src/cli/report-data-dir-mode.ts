import { lstat, opendir } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** The group and other bits: none may be set on the data folder or anything in it. */
const GROUP_OTHER = 0o077
/** A data folder holds a few files per release: past this many entries, the walk stops. */
const MAX_ENTRIES = 10_000
/** Names listed in the log line; the count says how many more. */
const MAX_NAMED = 5

/** What in a data folder gives rights to its group or to other users. */
export interface OpenModes {
  /** The folder's mode when it has a group or other bit, else null. */
  readonly folder: number | null
  /** Entries inside with a group or other bit (path relative to the folder, mode). */
  readonly entries: readonly { readonly path: string; readonly mode: number }[]
}

/**
 * Finds what in the data folder other users of the machine could reach: the folder itself and
 * every entry inside (symbolic links not followed), at most MAX_ENTRIES. Null when the folder
 * does not exist yet (the server makes it 0700).
 *
 * @example const open = await findOpenModes('/var/lib/temoin') // { folder: 0o755, entries: [{ path: 'temoin.duckdb', mode: 0o644 }] }
 */
export async function findOpenModes(dir: string): Promise<OpenModes | null> {
  const st = await lstat(dir).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  })
  if (st === null || !st.isDirectory()) return null
  const entries: { path: string; mode: number }[] = []
  let seen = 0
  for await (const entry of await opendir(dir, { recursive: true })) {
    if (++seen > MAX_ENTRIES) break
    const path = join(entry.parentPath, entry.name)
    const mode = (await lstat(path).catch(() => null))?.mode
    if (mode !== undefined && !entry.isSymbolicLink() && (mode & GROUP_OTHER) !== 0)
      entries.push({ path: relative(dir, path), mode: mode & 0o7777 })
  }
  return { folder: (st.mode & GROUP_OTHER) !== 0 ? st.mode & 0o7777 : null, entries }
}

/**
 * Reports, at start, a data folder (or anything in it) that its group or other users could
 * reach, naming the folder, the modes and the command that fixes it. It changes nothing: the
 * folder may be the operator's (a systemd StateDirectory is 0755 by default, a backup group may
 * be meant), and rights Témoin did not set are theirs to change. What Témoin creates is owner-only
 * either way (the umask in bin/temoin.js, explicit modes on our files).
 *
 * @example await reportDataDirMode('/var/lib/temoin', log) // logs "data folder: /var/lib/temoin is mode 0755 …"
 */
export async function reportDataDirMode(dir: string, log: (line: string) => void): Promise<void> {
  const open = await findOpenModes(dir)
  if (open === null) return
  const fix = `chmod -R go-rwx ${shellQuote(dir)}`
  if (open.folder !== null)
    log(
      `data folder: ${dir} is mode ${octal(open.folder)}, so other users of this machine can reach it (events, visitor ids, receipts); it should be 0700 — ${fix}`,
    )
  if (open.entries.length > 0) {
    const named = open.entries
      .slice(0, MAX_NAMED)
      .map((e) => `${e.path} (${octal(e.mode)})`)
      .join(', ')
    const more =
      open.entries.length > MAX_NAMED ? ` and ${open.entries.length - MAX_NAMED} more` : ''
    log(
      `data folder: ${open.entries.length === 1 ? '1 entry' : `${open.entries.length} entries`} in ${dir} ${open.entries.length === 1 ? 'has' : 'have'} group or other rights: ${named}${more}; they should be 0600 (folders 0700) — ${fix}`,
    )
  }
}

function octal(mode: number): string {
  return mode.toString(8).padStart(4, '0')
}

/** A path as one POSIX shell word, to paste as is. */
function shellQuote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`
}
