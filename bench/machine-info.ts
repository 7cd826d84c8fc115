import { execFileSync } from 'node:child_process'
import { cpus, release, totalmem, type } from 'node:os'
import type { BenchResults } from './bench-part.js'

/**
 * The machine and the code a run measured: CPU model and core count, memory, Node, OS, the
 * date, and the commit (with `+dirty` when the work tree had changes), for results.json.
 *
 * @example machineInfo('/work/temoin').commit // 'b1ce462…' or 'b1ce462…+dirty'
 */
export function machineInfo(root: string): BenchResults['machine'] {
  const list = cpus()
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim()
  let commit = 'unknown (not a git checkout)'
  try {
    commit = git('rev-parse', 'HEAD')
    // results.json and docs/benchmarks.md are what the run itself writes: not "dirty".
    const changed = git(
      'status',
      '--porcelain',
      '--',
      '.',
      ':!bench/results.json',
      ':!docs/benchmarks.md',
    )
    if (changed !== '') commit += '+dirty'
  } catch {
    // keep 'unknown'
  }
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
    date: new Date().toISOString(),
    commit,
  }
}
