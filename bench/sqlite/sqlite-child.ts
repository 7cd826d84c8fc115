/**
 * The SQLite baseline's process (started by sqlite-process.ts): copies the DuckDB file named by
 * its first argument into the SQLite file named by its second, says `ready`, then answers each
 * `dashboard` message with the dashboard's calls run one after the other (SQLite answers one at
 * a time whatever the order), each timed, until `close`.
 */
import { collectGarbage } from '../collect-garbage.js'
import { dashboardCalls } from '../../src/stats/stats-endpoints.js'
import type { StatsQuery } from '../../src/stats/stats-query.js'
import { createSqliteBaseline } from './create-sqlite-baseline.js'
import type { SqliteMessage } from './sqlite-process.js'

const [duckdbFile, sqliteFile] = process.argv.slice(2)
const send = (m: SqliteMessage) => process.send?.(m)
const fail = (e: unknown) =>
  send({ type: 'error', message: e instanceof Error ? e.message : String(e) })

try {
  if (duckdbFile === undefined || sqliteFile === undefined)
    throw new Error('usage: sqlite-child.ts DUCKDB_FILE SQLITE_FILE')
  const baseline = await createSqliteBaseline(duckdbFile, sqliteFile)
  process.on('message', (m: { type: 'dashboard'; query: StatsQuery } | { type: 'close' }) => {
    if (m.type === 'close') {
      baseline.close()
      process.disconnect()
      return
    }
    void (async () => {
      collectGarbage()
      const answers: Record<string, unknown> = {}
      const calls: [string, number][] = []
      for (const [name, call] of dashboardCalls(m.query)) {
        const started = performance.now()
        answers[name] = await call(baseline.store, m.query)
        calls.push([name, performance.now() - started])
      }
      const total = calls.reduce((sum, [, ms]) => sum + ms, 0)
      send({ type: 'dashboard', result: { answers, calls, total } })
    })().catch(fail)
  })
  send({ type: 'ready' })
} catch (e) {
  fail(e)
  process.disconnect()
}
