import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'

let ticksPerSecond: number | undefined

/**
 * The CPU time a running process has used so far (user + system, every thread: DuckDB's
 * too), in seconds, from /proc/PID/stat. Linux only; the resolution is the kernel's clock tick
 * (usually 10 ms). Under a shared, noisy machine the CPU time per event moves far less than the
 * events per second, which is why the ingestion part reports both.
 *
 * @example const before = await processCpuSeconds(pid); …; const used = (await processCpuSeconds(pid)) - before
 */
export async function processCpuSeconds(pid: number): Promise<number> {
  ticksPerSecond ??=
    Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch((e: unknown) => {
    throw new Error(
      `cannot read /proc/${pid}/stat (${e instanceof Error ? e.message : String(e)}): CPU time is measured on Linux, with the process still running`,
    )
  })
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`/proc/${pid}/stat has no utime/stime: ${stat.slice(0, 200)}`)
  }
  return (utime + stime) / ticksPerSecond
}
