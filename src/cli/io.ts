/**
 * What a command may touch of the outside world. `bin/temoin.js` passes the process's own;
 * tests pass buffers, an environment of their choosing and an AbortSignal to stop `serve`.
 *
 * @example
 * const out: string[] = []
 * await run(['policy', 'check', 'temoin.yaml'], { stdout: { write: (s) => out.push(s) }, stderr: …, env: {}, cwd: '/tmp' })
 */
export interface Io {
  readonly stdout: { write(chunk: string): unknown; isTTY?: boolean }
  readonly stderr: { write(chunk: string): unknown; isTTY?: boolean }
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
  /** Aborting it stops a long-running command (`serve`) cleanly. */
  readonly signal?: AbortSignal
}
