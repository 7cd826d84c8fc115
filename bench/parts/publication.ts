import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchPart, PartOutcome } from '../bench-part.js'
import { BENCH_ROOT } from '../bench-root.js'

/**
 * Part 5: the figures the publication issue asks for (disclosure control on seeded data). Not
 * available until `src/publish/` exists: the part says so and is not counted as a measurement.
 *
 * @example const outcome = await publication.run(ctx) // { status: 'not-available', … } for now
 */
export const publication: BenchPart = {
  id: 'publication',
  number: 5,
  title: 'Publication',
  timeLimit: { full: 300, quick: 60 },
  reproduce: 'npm run bench -- --only publication',
  run(): Promise<PartOutcome> {
    return Promise.resolve({
      status: 'not-available',
      reason: existsSync(join(BENCH_ROOT, 'src/publish'))
        ? 'src/publish/ exists but this part does not call it yet: add the figures of the publication issue in bench/parts/publication.ts.'
        : 'the publication code (src/publish/, disclosure control) is not written yet; this part will report the figures its issue asks for.',
    })
  },
}
