import type { Io } from '../../src/cli/io.js'

/** An Io whose output is kept, for in-process tests of `run`. */
export function captureIo(
  cwd: string,
  signal?: AbortSignal,
): Io & { out: () => string; err: () => string } {
  let out = ''
  let err = ''
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    cwd,
    ...(signal ? { signal } : {}),
    out: () => out,
    err: () => err,
  }
}
