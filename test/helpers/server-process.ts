import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = join(ROOT, 'bin/temoin.js')

/** A browser-like user agent, so that the bot filter lets test hits through. */
export const CHROME_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

/** A free TCP port on 127.0.0.1 (scripts/local-cluster.ts, which starts the ClickHouse servers). */
export { freePort } from '../../scripts/local-cluster.js'

/** A temp folder holding a copy of the example policy with `server` settings changed. */
export async function makeWorkdir(
  server: Record<string, unknown> = {},
): Promise<{ dir: string; config: string; data: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'temoin-e2e-'))
  const policy = YAML.parse(await readFile(join(ROOT, 'examples/temoin.yaml'), 'utf8')) as Record<
    string,
    unknown
  >
  policy.server = { ...(policy.server as object), ...server }
  const config = join(dir, 'temoin.yaml')
  await writeFile(config, YAML.stringify(policy))
  return { dir, config, data: join(dir, 'data') }
}

/**
 * Posts one page view of `path` on the example policy's site (http://localhost:4000) to a
 * `temoin serve`, as temoin.js sends it, from Chrome; `headers` are added (e.g.
 * `x-forwarded-for`).
 *
 * @example expect((await sendPageview(server.url, '/p/1')).status).toBe(202)
 */
export function sendPageview(
  url: string,
  path: string,
  headers: Readonly<Record<string, string>> = {},
): Promise<Response> {
  return fetch(`${url}/api/event`, {
    method: 'POST',
    headers: {
      'content-type': 'text/plain',
      'user-agent': CHROME_UA,
      origin: 'http://localhost:4000',
      ...headers,
    },
    body: JSON.stringify({ type: 'pageview', url: `http://localhost:4000${path}` }),
  })
}

/** A real `temoin serve` process. */
export interface ServerProcess {
  readonly url: string
  readonly child: ChildProcess
  /** Everything it printed so far (stdout and stderr). */
  output(): string
  /** Resolves with the exit code (or signal) once the process ended. */
  exited: Promise<number | NodeJS.Signals | null>
}

/** Starts `node bin/temoin.js serve` and waits until it listens. */
export async function startServerProcess(opts: {
  config: string
  data: string
  port: number
  /** Options for node itself, before the script (e.g. `--cpu-prof`). */
  nodeArgs?: readonly string[]
  /** More options of `temoin serve` (e.g. `--store`). */
  args?: readonly string[]
}): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(opts.nodeArgs ?? []),
      ...[BIN, 'serve', '--config', opts.config, '--data', opts.data, '--port', String(opts.port)],
      ...(opts.args ?? []),
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  )
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`temoin serve did not start in 20 s:\n${out}`)),
      20_000,
    )
    const check = () => {
      const m = /Témoin is listening on (\S+)/.exec(out)
      if (m?.[1]) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`temoin serve exited (${String(code)}) before listening:\n${out}`))
    })
  })
  return { url, child, output: () => out, exited }
}
