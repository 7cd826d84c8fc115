import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './server-process.js'

/** Debian's server (18.16 on Debian 12), run as a plain process: no systemd, its own folder. */
export const CLICKHOUSE_SERVER = '/usr/sbin/clickhouse-server'

/** A ClickHouse server this test run started, on 127.0.0.1 and ports of its own. */
export interface ClickhouseServer {
  /** `http://127.0.0.1:PORT`, the HTTP interface. */
  readonly url: string
  /** What `SELECT version()` answers (18.16.1 on Debian 12). */
  readonly version: string
  /** Kills the process at once (SIGKILL), as a crash would; `start()` brings it back on its data. */
  kill(): Promise<void>
  /** Starts it again on the same folder and ports, after kill(). */
  start(): Promise<void>
  /** Stops it and deletes its folder. Safe to call twice. */
  stop(): Promise<void>
  /** The rows a SELECT answers (as JSON objects), e.g. to check what a test stored. */
  rows<T>(sql: string): Promise<T[]>
}

/**
 * Starts Debian's `clickhouse-server` on a new folder with free ports, and waits until it answers.
 * A test that needs it fails, with how to install it, where it is missing.
 *
 * @example
 * const server = await startClickhouseServer()
 * afterAll(() => server.stop())
 */
export async function startClickhouseServer(): Promise<ClickhouseServer> {
  if (!existsSync(CLICKHOUSE_SERVER))
    throw new Error(
      `${CLICKHOUSE_SERVER} is missing: install Debian's ClickHouse server (apt-get install -y clickhouse-server), or run scripts/setup.sh as root`,
    )
  const dir = await mkdtemp(join(tmpdir(), 'temoin-clickhouse-'))
  const [http, tcp] = [await freePort(), await freePort()]
  await writeFile(join(dir, 'config.xml'), serverConfig(dir, http, tcp))
  await writeFile(join(dir, 'users.xml'), USERS)
  const url = `http://127.0.0.1:${http}`
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()

  const start = async (): Promise<string> => {
    const proc = spawn(CLICKHOUSE_SERVER, [`--config-file=${join(dir, 'config.xml')}`], {
      stdio: 'ignore',
    })
    child = proc
    exited = new Promise((resolve) => proc.once('exit', () => resolve()))
    const deadline = Date.now() + 60_000
    for (;;) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`clickhouse-server exited at start: ${await errorLog(dir)}`)
      try {
        const answer = await fetch(`${url}/?query=${encodeURIComponent('SELECT version()')}`)
        if (answer.ok) return (await answer.text()).trim()
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        proc.kill('SIGKILL')
        throw new Error(`clickhouse-server did not answer within 60 s: ${await errorLog(dir)}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const kill = async (): Promise<void> => {
    child?.kill('SIGKILL')
    await exited
    child = undefined
  }

  const version = await start()
  let stopped = false
  return {
    url,
    version,
    kill,
    start: async () => {
      await start()
    },
    stop: async () => {
      if (stopped) return
      stopped = true
      await kill()
      await rm(dir, { recursive: true, force: true })
    },
    rows: async <T>(sql: string): Promise<T[]> => {
      const answer = await fetch(`${url}/`, { method: 'POST', body: `${sql} FORMAT JSONEachRow` })
      const text = await answer.text()
      if (!answer.ok) throw new Error(`ClickHouse refused ${sql}: ${text}`)
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as T)
    },
  }
}

async function errorLog(dir: string): Promise<string> {
  const text = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '(no error log)')
  return text.split('\n').slice(-15).join('\n')
}

/** The smallest configuration 18.16 starts with: one folder, two ports, UTC, warnings logged. */
function serverConfig(dir: string, http: number, tcp: number): string {
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
  <http_port>${http}</http_port>
  <tcp_port>${tcp}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>5368709</mark_cache_size>
  <timezone>UTC</timezone>
</yandex>
`
}

/** One user, `default`, no password, from 127.0.0.1 only (the server listens there only). */
const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`
