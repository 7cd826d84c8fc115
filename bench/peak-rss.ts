import { readFile } from 'node:fs/promises'

/**
 * The peak resident memory of a running process, in MiB: Linux's high-water mark (VmHWM in
 * /proc/PID/status), which the kernel keeps for the process's whole life, so no sampling misses
 * a peak. Linux only: elsewhere it says so.
 *
 * @example await peakRssMiB(child.pid!) // 142.3
 */
export async function peakRssMiB(pid: number): Promise<number> {
  let status: string
  try {
    status = await readFile(`/proc/${pid}/status`, 'utf8')
  } catch (e) {
    throw new Error(
      `cannot read /proc/${pid}/status (${e instanceof Error ? e.message : String(e)}): peak RSS is measured on Linux, with the process still running`,
    )
  }
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]
  if (kb === undefined) throw new Error(`/proc/${pid}/status has no VmHWM line`)
  return Number(kb) / 1024
}
