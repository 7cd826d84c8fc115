import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchPart, PartOutcome } from '../bench-part.js'
import { BENCH_ROOT } from '../bench-root.js'

/**
 * Part 4: the dashboard's full set of stats calls for a 30-day range on 1 M and 10 M seeded
 * events (`temoin seed --events N`, DuckDB) against the same questions over raw rows in SQLite
 * (better-sqlite3 12), in the same run. Not available until the dashboard's queries exist
 * (src/stats/, issue 5): the part says so and is not counted as a measurement.
 *
 * @example const outcome = await queries.run(ctx) // { status: 'not-available', … } for now
 */
export const queries: BenchPart = {
  id: 'queries',
  number: 4,
  title: 'Dashboard queries',
  timeLimit: { full: 600, quick: 60 },
  reproduce: 'npm run bench -- --only queries --events 1e6,1e7',
  run(): Promise<PartOutcome> {
    if (!existsSync(join(BENCH_ROOT, 'src/stats'))) {
      return Promise.resolve({
        status: 'not-available',
        reason:
          "the dashboard's queries (src/stats/, issue 5) are not written yet; this part will time them on 1 M and 10 M seeded events against the same questions over raw rows in SQLite (better-sqlite3 12).",
      })
    }
    return Promise.resolve({
      status: 'not-available',
      reason:
        'src/stats/ exists but this part does not call it yet: register its stats calls in bench/parts/queries.ts.',
    })
  },
}
