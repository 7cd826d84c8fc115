import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { StatsQuery } from '../../src/stats/stats-query.js'

/** One dashboard on the SQLite baseline: every call, one after the other, each timed (ms). */
export interface SqliteDashboard {
  readonly answers: Record<string, unknown>
  readonly calls: readonly (readonly [string, number])[]
  readonly total: number
}

/** The SQLite baseline, answering in a process of its own. */
export interface SqliteProcess {
  /** The dashboard's calls for `query` (source 'raw'), as `queryDashboard` lists them. */
  dashboard(query: StatsQuery): Promise<SqliteDashboard>
  close(): Promise<void>
}

/** What the child process sends. */
export type SqliteMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'dashboard'; readonly result: SqliteDashboard }
  | { readonly type: 'error'; readonly message: string }

const CHILD = fileURLToPath(new URL('./sqlite-child.ts', import.meta.url))

/**
 * Copies a seeded DuckDB file into SQLite and answers the dashboard there, in a child process
 * (bench/sqlite/sqlite-child.ts). Not in the bench's own process: copying 10 M rows through
 * JavaScript and SQLite's JavaScript functions leave so much garbage that V8, collecting it on
 * the same two cores, slowed the DuckDB runs that followed 2–3× (the whole dashboard 90–120 ms
 * alone, 260–390 ms right after a comparable heap was collected, measured). The DuckDB file
 * must not be open elsewhere while the copy runs.
 *
 * @example const sqlite = await startSqliteProcess(duckdbFile, sqliteFile, ctx.signal)
 */
export async function startSqliteProcess(
  duckdbFile: string,
  sqliteFile: string,
  signal: AbortSignal,
): Promise<SqliteProcess> {
  signal.throwIfAborted()
  const child = fork(CHILD, [duckdbFile, sqliteFile], {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  // One request at a time: `dashboard` refuses a second while one waits.
  let waiting: { resolve: (m: SqliteMessage) => void; reject: (e: Error) => void } | undefined
  const next = () => {
    if (waiting) throw new Error('SQLite baseline: one request at a time')
    if (!child.connected) throw new Error('SQLite baseline: its process has ended')
    return new Promise<SqliteMessage>((resolve, reject) => {
      waiting = { resolve, reject }
    })
  }
  const settle = (outcome: SqliteMessage | Error) => {
    const w = waiting
    waiting = undefined
    if (outcome instanceof Error) w?.reject(outcome)
    else if (outcome.type === 'error') w?.reject(new Error(`SQLite baseline: ${outcome.message}`))
    else w?.resolve(outcome)
  }
  child.on('message', (m: SqliteMessage) => settle(m))
  child.on('error', (e) => settle(e))
  child.on('exit', (code, sig) =>
    settle(new Error(`the SQLite baseline process exited (${sig ?? code ?? 'unknown'})`)),
  )
  const kill = () => child.kill('SIGKILL')
  signal.addEventListener('abort', kill, { once: true })
  void exited.then(() => signal.removeEventListener('abort', kill))
  try {
    await next()
  } catch (e) {
    kill()
    throw e
  }
  return {
    async dashboard(query) {
      const answer = next()
      child.send({ type: 'dashboard', query })
      const m = await answer
      if (m.type !== 'dashboard') throw new Error(`SQLite baseline: unexpected ${m.type}`)
      return m.result
    },
    async close() {
      if (child.connected) child.send({ type: 'close' })
      // It ends by itself once told; a child that does not within 10 s is killed.
      const timer = setTimeout(kill, 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
