import { createHash } from 'node:crypto'
import { appendFile, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../lib/app-error.js'
import { reduce, toRational } from './rational.js'
import type { Rational } from './rational.js'
import type { Release } from './release.js'

/** One line of the ledger: a release made, what it spent, and a hash of what it published. */
export interface LedgerEntry {
  /** Position in the ledger, from 1. */
  readonly seq: number
  /** The release's id (a hash of its spec): the same spec is re-served, never re-noised. */
  readonly id: string
  readonly name: string
  readonly time: string
  readonly mechanism: 'dp' | 'exact'
  readonly period: { readonly from: string; readonly to: string }
  /** Budget windows charged (DP), see budget-windows.ts. */
  readonly windows: readonly string[]
  readonly epsilon: number
  readonly delta: number
  /** The data the release counted (metric, event, anonymous hits) per table, for the audit's links. */
  readonly data: readonly string[]
  /** sha256 of the stored output (`<site>/<id>.json`). */
  readonly output: string
  /** sha256 of the previous line, '' for the first: a changed or removed line breaks the chain. */
  readonly previous: string
}

/** What a new entry says; the ledger adds its position, the chain and the output's hash. */
export type NewLedgerEntry = Omit<LedgerEntry, 'seq' | 'output' | 'previous'>

/** The budget spent on one window. */
export interface Spent {
  readonly epsilon: Rational
  readonly delta: Rational
}

/**
 * The append-only ledger of one site's releases, held open under its lock.
 *
 * @example
 * const ledger = await openLedger('.data/publications', 'example.org')
 * try { … } finally { await ledger.close() }
 */
export interface Ledger {
  readonly entries: readonly LedgerEntry[]
  /** The entry of a release already made from this spec, if any. */
  find(id: string): LedgerEntry | undefined
  /** ε and δ spent on a window, exactly (the sum of every entry charging it). */
  spent(window: string): Spent
  /** The stored output of an entry, checked against its hash. */
  readOutput(entry: LedgerEntry): Promise<Release>
  /** Stores the output, then appends the entry (flushed to disk) — in that order. */
  append(entry: NewLedgerEntry, output: Release): Promise<LedgerEntry>
  /** Releases the lock. */
  close(): Promise<void>
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/**
 * Opens a site's ledger in `dir` (`<site>.jsonl`, outputs in `<site>/`), taking the folder's
 * lock (`ledger.lock`, created exclusively: LEDGER_BUSY when another publish holds it). Every line
 * is read back and its hash chain checked: LEDGER_INVALID when a line was edited or removed.
 *
 * @example const ledger = await openLedger(join(dataDir, 'publications'), spec.site)
 */
export async function openLedger(dir: string, site: string): Promise<Ledger> {
  await mkdir(join(dir, site), { recursive: true, mode: 0o700 })
  const lockPath = join(dir, 'ledger.lock')
  const lock = await open(lockPath, 'wx', 0o600).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new AppError('LEDGER_BUSY', `${lockPath} exists: another temoin publish is running.`, {
        where: lockPath,
      })
    throw e
  })
  await lock.writeFile(`${process.pid}\n`)
  await lock.close()
  const file = join(dir, `${site}.jsonl`)
  let read: { entries: LedgerEntry[]; last: string }
  try {
    read = readEntries(file, await readFile(file, 'utf8').catch(() => ''))
  } catch (e) {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the lock was created by this very call a moment before, so rm finds it with or without force
    await rm(lockPath, { force: true })
    throw e
  }
  const entries = read.entries
  let last = read.last
  const outputPath = (id: string) => join(dir, site, `${id}.json`)

  return {
    entries,
    find: (id) => entries.find((e) => e.id === id),
    spent(window) {
      let epsilon: Rational = { num: 0n, den: 1n }
      let delta: Rational = { num: 0n, den: 1n }
      for (const e of entries) {
        if (!e.windows.includes(window)) continue
        epsilon = add(epsilon, toRational(e.epsilon))
        delta = add(delta, toRational(e.delta))
      }
      return { epsilon, delta }
    },
    async readOutput(entry) {
      const path = outputPath(entry.id)
      const text = await readFile(path, 'utf8').catch(() => null)
      if (text === null || sha256(text) !== entry.output)
        throw new AppError(
          'LEDGER_INVALID',
          `${path}: the stored output of release ${entry.name} (ledger line ${entry.seq}) is missing or was changed.`,
          { where: path },
        )
      return JSON.parse(text) as Release
    },
    async append(entry, output) {
      const text = `${JSON.stringify(output)}\n`
      // Stryker disable next-line BooleanLiteral: flush (fsync) differs only across a power cut, which no in-process test can cause (mode: 0o600 is tested)
      await writeFile(outputPath(entry.id), text, { mode: 0o600, flush: true })
      const full: LedgerEntry = {
        seq: entries.length + 1,
        ...entry,
        output: sha256(text),
        previous: last,
      }
      const line = JSON.stringify(full)
      // Stryker disable next-line BooleanLiteral: flush (fsync) differs only across a power cut, which no in-process test can cause (mode: 0o600 is tested)
      await appendFile(file, `${line}\n`, { mode: 0o600, flush: true })
      entries.push(full)
      last = sha256(line)
      return full
    },
    async close() {
      await rm(lockPath, { force: true })
    },
  }
}

/** Parses the ledger's lines and checks the chain: each names the hash of the line before. */
function readEntries(file: string, text: string): { entries: LedgerEntry[]; last: string } {
  const entries: LedgerEntry[] = []
  let previous = ''
  const lines = text.split('\n').filter((l) => l !== '')
  lines.forEach((line, i) => {
    let entry: LedgerEntry
    try {
      entry = JSON.parse(line) as LedgerEntry
    } catch {
      throw new AppError('LEDGER_INVALID', `${file}:${i + 1}: not a JSON line.`, { where: file })
    }
    if (entry.previous !== previous || entry.seq !== i + 1)
      throw new AppError(
        'LEDGER_INVALID',
        `${file}:${i + 1}: the chain is broken (a line before it was changed, removed or reordered).`,
        { where: file },
      )
    entries.push(entry)
    previous = sha256(line)
  })
  return { entries, last: previous }
}

function add(a: Rational, b: Rational): Rational {
  return reduce({ num: a.num * b.den + b.num * a.den, den: a.den * b.den })
}
