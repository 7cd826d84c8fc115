import { resolve } from 'node:path'
import { systemClock } from '../lib/clock.js'
import { dataPaths, openDataStore } from './data-dir.js'
import type { Io } from './io.js'
import { loadCommandConfig } from './store-option.js'
import type { CommonOptions } from './options.js'
import { parseIntegerOption } from './options.js'
import { startProgress } from './progress.js'
import { writeSynthetic } from './write-synthetic.js'

/**
 * `temoin seed --events N`: writes N synthetic events, and one consent receipt per 20 events,
 * into the data folder, with a progress bar.
 * It needs the data folder for itself (stop the server first): seeding millions of rows through
 * the HTTP API would measure the API, not fill a database.
 *
 * @example await seedCommand({ config: 'temoin.yaml', data: '.data', events: '100000' }, io)
 */
export async function seedCommand(
  options: CommonOptions & {
    readonly events: string
    readonly months?: string
    readonly seed?: string
  },
  io: Io,
): Promise<number> {
  const common = options
  const events = parseIntegerOption('--events', options.events, 1, 1e9) as number
  const months = parseIntegerOption('--months', options.months, 1, 120) ?? 12
  const seed = parseIntegerOption('--seed', options.seed, 0, 2 ** 32 - 1) ?? 1
  const config = await loadCommandConfig(common, io)
  const paths = dataPaths(resolve(io.cwd, common.data))
  const store = await openDataStore(paths.dir, config.store, io.env, (line) =>
    io.stderr.write(`${line}\n`),
  )
  const progress = startProgress(io, 'seeding', events, 'events')
  const started = systemClock.now()
  let written = 0
  try {
    const policy = config.policy
    await writeSynthetic(
      [store],
      {
        events,
        months,
        now: systemClock.now(),
        seed,
        sites: policy.sites.map((s) => s.domain),
        lifetimeMonths: policy.cookies.lifetimeMonths,
        purposes: Object.keys(policy.purposes),
        versions: [...new Set([...policy.history.map((h) => h.version), policy.version])],
        validityMonths: policy.consent.validityMonths,
        refusalMonths: policy.consent.refusalMonths,
      },
      (done) => {
        written = done
        progress.update(done)
      },
    )
  } finally {
    progress.stop()
    await store.close()
  }
  const seconds = (systemClock.now() - started) / 1000
  io.stdout.write(
    `seeded ${written} events and ${Math.ceil(events / 20)} consent receipts over ${months} months into ${paths.database} in ${seconds.toFixed(1)} s\n`,
  )
  return 0
}
