import { execFile } from 'node:child_process'
import { chmod, lstat, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BIN,
  CHROME_UA,
  freePort,
  makeWorkdir,
  ROOT,
  startServerProcess,
  type ServerProcess,
} from './helpers/server-process.js'

const run = promisify(execFile)

const dirs: string[] = []
let server: ServerProcess | undefined
afterEach(async () => {
  server?.child.kill('SIGTERM')
  if (server) await server.exited
  server = undefined
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

/** Every entry of the folder, itself included (as '.'), with its permission bits. */
async function modes(dir: string): Promise<Map<string, number>> {
  const found = new Map([['.', (await lstat(dir)).mode & 0o7777]])
  for (const name of await readdir(dir, { recursive: true })) {
    const st = await lstat(join(dir, name)).catch(() => null) // DuckDB may remove its .wal
    if (st) found.set(name, st.mode & 0o7777)
  }
  return found
}

/** The entries that give any right to the group or to others, as `name 0644`. */
function open(found: Map<string, number>): string[] {
  return [...found]
    .filter(([, mode]) => (mode & 0o077) !== 0)
    .map(([name, mode]) => `${name} ${mode.toString(8)}`)
}

/** `node bin/temoin.js …`, as an operator runs it (its own process, its own umask). */
async function temoin(args: readonly string[], cwd = ROOT) {
  return run(process.execPath, [BIN, ...args], { cwd, timeout: 30_000 })
}

describe('the data folder is its user’s only (real server process)', () => {
  it('folder 0700 and files 0600 after the start, an event, a token, a publication and a purge', async () => {
    const w = await makeWorkdir()
    dirs.push(w.dir)
    server = await startServerProcess({ config: w.config, data: w.data, port: await freePort() })

    const afterStart = await modes(w.data)
    expect([...afterStart.keys()]).toEqual(
      expect.arrayContaining(['.', 'temoin.duckdb', 'server.json', 'admin-secret.json']),
    )
    expect(afterStart.get('.')).toBe(0o700)
    expect(open(afterStart)).toEqual([])

    const res = await fetch(`${server.url}/api/event`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        'user-agent': CHROME_UA,
        origin: 'http://localhost:4000',
      },
      body: JSON.stringify({ type: 'pageview', url: 'http://localhost:4000/a' }),
    })
    expect(res.status).toBe(202)
    const afterWrite = await modes(w.data)
    expect(afterWrite.has('temoin.duckdb.wal')).toBe(true)
    expect(open(afterWrite)).toEqual([])

    await temoin(['token', 'create', '--name', 'script', '--data', w.data])
    const spec = join(w.dir, 'release.yaml')
    await writeFile(
      spec,
      `name: kit
site: localhost
period: { from: 2026-01-01, to: 2026-02-01 }
mechanism: exact
tables:
  - name: by-country
    metric: pageviews
    dimensions: [country]
    values: { country: [FR, BE] }
`,
    )
    const out = join(w.dir, 'figures', 'kit')
    const published = await temoin(
      ['publish', '--spec', spec, '--config', w.config, '--data', w.data, '--out', out],
      w.dir,
    )
    expect(published.stdout).toContain('through the running server')
    const purged = await temoin(['purge', '--config', w.config, '--data', w.data], w.dir)
    expect(purged.stdout).toContain('purged through the running server')

    const afterPurge = await modes(w.data)
    expect([...afterPurge.keys()]).toEqual(
      expect.arrayContaining(['tokens.json', 'publications', 'publications/localhost.jsonl']),
    )
    expect([...afterPurge.keys()].some((k) => k.startsWith('publications/localhost/'))).toBe(true)
    expect(open(afterPurge)).toEqual([])

    // The published figures are public: readable by all though the process's umask is 0o077.
    const figures = await modes(join(w.dir, 'figures'))
    expect(figures.get('.')).toBe(0o755)
    expect(figures.get('kit')).toBe(0o755)
    expect(figures.get('kit/by-country.csv')).toBe(0o644)
    expect(figures.get('kit/index.html')).toBe(0o644)

    expect(server.output()).not.toContain('data folder:')
  })

  it('reports a data folder made 0755 beforehand, and what in it is open, without changing it', async () => {
    const w = await makeWorkdir()
    dirs.push(w.dir)
    await mkdir(w.data)
    await chmod(w.data, 0o755)
    await writeFile(join(w.data, 'notes.txt'), 'left by the operator\n')
    await chmod(join(w.data, 'notes.txt'), 0o644)
    server = await startServerProcess({ config: w.config, data: w.data, port: await freePort() })

    const log = server.output()
    expect(log).toContain(
      `temoin: data folder: ${w.data} is mode 0755, so other users of this machine can reach it`,
    )
    expect(log).toContain(`notes.txt (0644)`)
    expect(log).toContain(`chmod -R go-rwx '${w.data}'`)
    const found = await modes(w.data)
    expect(found.get('.')).toBe(0o755)
    expect(found.get('notes.txt')).toBe(0o644)
    // What the server made itself is owner-only all the same.
    expect(found.get('temoin.duckdb')).toBe(0o600)
    expect(found.get('server.json')).toBe(0o600)
    expect(await readFile(join(w.data, 'notes.txt'), 'utf8')).toBe('left by the operator\n')
  })
})
