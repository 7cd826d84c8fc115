import { readFile } from 'node:fs/promises'

/**
 * The peak resident memory of a running process, in MiB: Linux's high-water mark (VmHWM in
 * /proc/PID/status), which the kernel keeps for the process's whole life, so no sampling misses
 * a peak. Linux only: elsewhere it says so.
 *
 * @example await peakRssMiB(child.pid!) // 142.3
 */
export async function peakRssMiB(pid: number): Promise<number> {
  return (await rssMiB(pid)).peak
}

/**
 * A running process's resident memory now (VmRSS) and its high-water mark (VmHWM), in MiB,
 * from /proc/PID/status. Linux only: elsewhere it says so.
 *
 * @example const { current, peak } = await rssMiB(child.pid!)
 */
export async function rssMiB(pid: number): Promise<{ current: number; peak: number }> {
  let status: string
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8')
  } catch (e) {
    throw new Error(
      `cannot read /proc/${pid}/status (${e instanceof Error ? e.message : String(e)}): peak RSS is measured on Linux, with the process still running`,
    )
  }
  const field = (name: string) => {
    const kb = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1]
    if (kb === undefined) throw new Error(`/proc/${pid}/status has no ${name} line`)
    return Number(kb) / 1024
  }
  return { current: field('VmRSS'), peak: field('VmHWM') }
}
