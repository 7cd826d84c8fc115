import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { BENCH_ROOT } from './bench-root.js'

/** The bare node:http server of bench/bare-server.js, in its own process. */
export interface BareServer {
  readonly url: string
  readonly child: ChildProcess
  close(): Promise<void>
}

/**
 * Starts bench/bare-server.js (reads the body, answers 202) in a child process, like `temoin
 * serve` is started, and waits until it listens.
 *
 * @example const bare = await startBareServer(); …; await bare.close()
 */
export async function startBareServer(): Promise<BareServer> {
  const child = spawn(process.execPath, [join(BENCH_ROOT, 'bench/bare-server.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(
      () => reject(new Error(`bare server did not start in 10 s: ${out}`)),
      10_000,
    )
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
    void exited.then(() => {
      clearTimeout(timer)
      reject(new Error(`bare server exited before listening: ${out}`))
    })
  })
  return {
    url,
    child,
    async close() {
      child.kill('SIGTERM')
      await exited
    },
  }
}
