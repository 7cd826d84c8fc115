import { Presets, SingleBar } from 'cli-progress'
import type { Io } from './io.js'

/** A long command's progress, on stderr. */
export interface Progress {
  update(done: number): void
  stop(): void
}

/**
 * A progress bar on a terminal (cli-progress), else a line at each tenth: `label: done/total
 * unit (N %)`, so that a log or a test sees it move.
 *
 * @example const progress = startProgress(io, 'seeding', 1e6, 'events'); progress.update(5e5); progress.stop()
 */
export function startProgress(io: Io, label: string, total: number, unit: string): Progress {
  if (io.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% {value}/{total} ${unit}, {eta}s left`,
        stream: io.stderr as NodeJS.WriteStream,
      },
      Presets.shades_classic,
    )
    bar.start(total, 0)
    return { update: (done) => bar.update(done), stop: () => bar.stop() }
  }
  // The next tenth to report, counted in whole tenths (no sum of 0.1s to drift).
  let tenth = 1
  return {
    update(done) {
      if (total === 0 || done * 10 < tenth * total) return
      io.stderr.write(
        `${label}: ${done}/${total} ${unit} (${Math.round((100 * done) / total)} %)\n`,
      )
      tenth = Math.floor((done * 10) / total) + 1
    },
    stop: () => undefined,
  }
}
