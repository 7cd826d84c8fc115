import { resolve } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { AppError } from '../../lib/app-error.js'

/** An opened database and the call that gives the file back to the process when closing. */
export interface OpenedInstance {
  readonly instance: DuckDBInstance
  /** The file path as opened (absolute), or ':memory:'. */
  readonly file: string
  readonly release: () => void
}

/**
 * Files this process has open. DuckDB's lock on a file is a POSIX record lock, which a process
 * never conflicts with itself: a second `DuckDBInstance.create` on the same file in the same
 * process succeeds, and two instances writing one file corrupt it. This set is the in-process
 * half of the lock; the operating system's lock is the other half.
 */
const openFiles = new Set<string>()

const LOCK_ERROR = /Could not set lock on file/i

/**
 * Opens a DuckDB file (or ':memory:'), turning a lock held elsewhere into STORE_LOCKED: DuckDB
 * lets a single process write a file, and `temoin serve` keeps it open for its whole life.
 *
 * @example
 * const { instance, release } = await openDuckdbInstance('data/temoin.duckdb')
 * try { … } finally { instance.closeSync(); release() }
 */
export async function openDuckdbInstance(path: string): Promise<OpenedInstance> {
  if (path === ':memory:') {
    return {
      // Stryker disable next-line StringLiteral: DuckDB opens a fresh in-memory database for an empty path as for ':memory:' (checked by hand: two are separate, no file is made)
      instance: await DuckDBInstance.create(':memory:'),
      file: path,
      release: () => undefined,
    }
  }
  const file = resolve(path)
  if (openFiles.has(file)) {
    throw new AppError(
      'STORE_LOCKED',
      `${file} is already open in this process; open it once and share the store.`,
      {
        where: file,
      },
    )
  }
  openFiles.add(file)
  try {
    const instance = await DuckDBInstance.create(file)
    return { instance, file, release: () => openFiles.delete(file) }
  } catch (cause) {
    openFiles.delete(file)
    const message = cause instanceof Error ? cause.message : String(cause)
    if (LOCK_ERROR.test(message)) {
      throw new AppError(
        'STORE_LOCKED',
        `${file} is locked by another process, probably \`temoin serve\`. While the server runs, commands that need the data go through the server (its admin API); otherwise stop it first.`,
        { cause, where: file },
      )
    }
    throw new AppError('STORE_FAILED', `could not open ${file}: ${message}`, { cause, where: file })
  }
}
