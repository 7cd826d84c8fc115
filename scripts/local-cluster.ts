import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { connect, createServer } from 'node:net'
import { join } from 'node:path'

/**
 * ClickHouse and ZooKeeper as plain processes on 127.0.0.1, each on a folder and ports of its
 * own, no systemd: one server for a test (startClickhouseNode), or a local cluster of 2 shards ×
 * 2 replicas with its ZooKeeper (startLocalCluster) for the tests, the bench and a person trying
 * it (`npx tsx scripts/cluster.ts start`). Debian's packages: `clickhouse-server` (18.16 on
 * Debian 12) and `zookeeper` (3.8); scripts/setup.sh installs both.
 */

/** Debian's ClickHouse server. */
export const CLICKHOUSE_SERVER = '/usr/sbin/clickhouse-server'
/** Debian's ZooKeeper, run by its main class on the JVM. */
export const ZOOKEEPER_JAR = '/usr/share/java/zookeeper.jar'
/** The cluster's name in `remote_servers`, as `ON CLUSTER` and `Distributed` name it. */
export const CLUSTER = 'temoin'

/** A process this module started, which a test may kill (as a crash would) and start again. */
export interface LocalProcess {
  /** SIGKILL, and waits until the process is gone. */
  kill(): Promise<void>
  /** Starts it again on the same folder and ports, after kill(). */
  start(): Promise<void>
  /** The process id while it runs. */
  readonly pid: () => number | undefined
}

/** A ClickHouse server this module started. */
export interface ClickhouseNode extends LocalProcess {
  /** `http://127.0.0.1:PORT`, the HTTP interface. */
  readonly url: string
  readonly tcpPort: number
  /** What `SELECT version()` answers (18.16.1 on Debian 12). */
  readonly version: string
  /** Stops it and deletes its folder. Safe to call twice. */
  stop(): Promise<void>
  /** The rows a SELECT answers (as JSON objects); any other statement: none. */
  rows<T>(sql: string): Promise<T[]>
}

/** What makes a server a node of a cluster. */
export interface ClusterRole {
  readonly shard: number
  readonly replica: number
  readonly interserverPort: number
  readonly zookeeperPort: number
  /** Every node's TCP port, by shard then replica. */
  readonly topology: readonly (readonly number[])[]
}

/** What a start may be asked: the folder, the ports, and whether the process outlives this one. */
export interface NodeOptions {
  /** The server's folder; a new temporary one when absent. */
  readonly dir?: string
  readonly httpPort?: number
  readonly tcpPort?: number
  readonly role?: ClusterRole
  /** Detached: the process goes on after this one exits (the `cluster.ts start` command). */
  readonly detached?: boolean
}

/**
 * Runs `start` again, up to three times in all, while it fails because a port it was given is
 * taken: a free port is only free until the server binds it, and a test run starts many servers
 * at once.
 */
async function retryOnPortClash<T>(
  start: () => Promise<T>,
  beforeRetry: () => Promise<void> = () => Promise.resolve(),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start()
    } catch (e) {
      if (attempt >= 3 || !/Address already in use/.test(String(e))) throw e
      await beforeRetry()
    }
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

/**
 * Starts Debian's `clickhouse-server` on `dir` (created; a temporary folder by default) and waits
 * until it answers. A missing server fails with how to install it, before any folder is made.
 *
 * @example const node = await startClickhouseNode({}) // in a new temporary folder
 */
export async function startClickhouseNode(options: NodeOptions): Promise<ClickhouseNode> {
  // A node of a cluster has the ports the others know it by: the cluster is started again.
  if (options.httpPort === undefined && options.tcpPort === undefined && !options.role)
    return retryOnPortClash(() => startNodeOnce(options))
  return startNodeOnce(options)
}

async function startNodeOnce(options: NodeOptions): Promise<ClickhouseNode> {
  if (!existsSync(CLICKHOUSE_SERVER))
    throw new Error(
      `${CLICKHOUSE_SERVER} is missing: install Debian's ClickHouse server (apt-get install -y clickhouse-server), or run scripts/setup.sh as root`,
    )
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'temoin-clickhouse-')))
  await mkdir(dir, { recursive: true })
  const http = options.httpPort ?? (await freePort())
  const tcp = options.tcpPort ?? (await freePort())
  await writeFile(join(dir, 'config.xml'), clickhouseConfig(dir, http, tcp, options.role))
  await writeFile(join(dir, 'users.xml'), USERS)
  const url = `http://127.0.0.1:${http}`
  const versionOf = async (): Promise<string | undefined> => {
    try {
      // Bounded: a server that takes the connection but does not answer yet (loading its
      // replicated tables) would otherwise hold start() past its own deadline.
      const answer = await fetch(`${url}/?query=${encodeURIComponent('SELECT version()')}`, {
        signal: AbortSignal.timeout(2_000),
      })
      return answer.ok ? (await answer.text()).trim() : undefined
    } catch {
      return undefined // Not listening, or not answering, yet.
    }
  }
  const proc = localProcess(
    CLICKHOUSE_SERVER,
    [`--config-file=${join(dir, 'config.xml')}`],
    async () => (await versionOf()) !== undefined,
    () => errorLog(dir),
    options.detached ?? false,
  )
  await proc.start()
  const version = (await versionOf()) ?? ''
  let stopped = false
  return {
    ...proc,
    url,
    tcpPort: tcp,
    version,
    stop: async () => {
      if (stopped) return
      stopped = true
      await proc.kill()
      await rm(dir, { recursive: true, force: true })
    },
    rows: async <T>(sql: string): Promise<T[]> => {
      const select = /^\s*(SELECT|WITH|SHOW|DESCRIBE)\b/i.test(sql)
      const answer = await fetch(`${url}/`, {
        method: 'POST',
        body: select ? `${sql} FORMAT JSONEachRow` : sql,
      })
      const text = await answer.text()
      if (!answer.ok) throw new Error(`ClickHouse refused ${sql}: ${text}`)
      if (!select) return []
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as T)
    },
  }
}

/** A ZooKeeper server this module started (standalone, one node). */
export interface ZookeeperNode extends LocalProcess {
  readonly port: number
}

/**
 * Starts Debian's ZooKeeper, standalone, on `dir` and `port`, and waits until it answers its
 * `srvr` command.
 *
 * @example const zookeeper = await startZookeeper({ dir, port: await freePort() })
 */
export async function startZookeeper(options: {
  readonly dir: string
  readonly port: number
  readonly detached?: boolean
}): Promise<ZookeeperNode> {
  if (!existsSync(ZOOKEEPER_JAR))
    throw new Error(
      `${ZOOKEEPER_JAR} is missing: install Debian's ZooKeeper (apt-get install -y zookeeper), or run scripts/setup.sh as root`,
    )
  await mkdir(join(options.dir, 'data'), { recursive: true })
  const proc = localProcess(
    'java',
    [
      '-Xmx256m',
      '-cp',
      ZOOKEEPER_JAR,
      'org.apache.zookeeper.server.ZooKeeperServerMain',
      String(options.port),
      join(options.dir, 'data'),
    ],
    async () => (await zookeeperSays(options.port, 'srvr')).includes('Zookeeper version'),
    () => Promise.resolve('(ZooKeeper logs nothing: Debian ships no logger binding)'),
    options.detached ?? false,
  )
  await proc.start()
  return { ...proc, port: options.port }
}

/** A local cluster: ZooKeeper and every node, by shard then replica. */
export interface LocalCluster {
  readonly zookeeper: ZookeeperNode
  readonly nodes: readonly (readonly ClickhouseNode[])[]
  /** Stops every process and deletes the folder. */
  stop(): Promise<void>
}

/**
 * Starts ZooKeeper and `shards` × `replicas` ClickHouse servers that form the cluster `temoin`
 * (remote_servers, with internal replication: a Distributed table writes one replica of a shard,
 * and ReplicatedMergeTree copies it to the others through ZooKeeper), each with its macros
 * `{shard}` (01, 02…) and `{replica}` (r1, r2…), on free ports under `dir`.
 *
 * @example const cluster = await startLocalCluster({ dir }); … ; await cluster.stop()
 */
export async function startLocalCluster(options: ClusterOptions): Promise<LocalCluster> {
  // What the failed start left (its processes are stopped) goes before the next one.
  return retryOnPortClash(
    () => startClusterOnce(options),
    () => rm(options.dir, { recursive: true, force: true }),
  )
}

interface ClusterOptions {
  readonly dir: string
  readonly shards?: number
  readonly replicas?: number
  readonly detached?: boolean
}

async function startClusterOnce(options: ClusterOptions): Promise<LocalCluster> {
  const shards = options.shards ?? 2
  const replicas = options.replicas ?? 2
  const detached = options.detached ?? false
  const zookeeper = await startZookeeper({
    dir: join(options.dir, 'zookeeper'),
    port: await freePort(),
    detached,
  })
  const ports: { http: number; tcp: number; interserver: number }[][] = []
  for (let s = 0; s < shards; s++) {
    const row: { http: number; tcp: number; interserver: number }[] = []
    for (let r = 0; r < replicas; r++)
      row.push({ http: await freePort(), tcp: await freePort(), interserver: await freePort() })
    ports.push(row)
  }
  const topology = ports.map((row) => row.map((p) => p.tcp))
  const nodes: ClickhouseNode[][] = []
  try {
    for (const [s, row] of ports.entries()) {
      const started: ClickhouseNode[] = []
      nodes.push(started)
      for (const [r, p] of row.entries())
        started.push(
          await startClickhouseNode({
            dir: join(options.dir, nodeName(s + 1, r + 1)),
            httpPort: p.http,
            tcpPort: p.tcp,
            role: {
              shard: s + 1,
              replica: r + 1,
              interserverPort: p.interserver,
              zookeeperPort: zookeeper.port,
              topology,
            },
            detached,
          }),
        )
    }
  } catch (e) {
    for (const node of nodes.flat()) await node.kill()
    await zookeeper.kill()
    throw e
  }
  return {
    zookeeper,
    nodes,
    stop: async () => {
      for (const node of nodes.flat()) await node.stop()
      await zookeeper.kill()
      await rm(options.dir, { recursive: true, force: true })
    },
  }
}

/** A node's folder name: `s1r2` is shard 1, replica 2. */
export function nodeName(shard: number, replica: number): string {
  return `s${shard}r${replica}`
}

/** What ZooKeeper answers a four-letter command ('' when it does not answer). */
export async function zookeeperSays(port: number, command: string): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    const socket = connect(port, '127.0.0.1', () => socket.write(command))
    socket.setTimeout(2000, () => socket.destroy())
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
    socket.on('error', () => resolve(''))
    socket.on('close', () => resolve(text))
  })
}

/** Starts `command` and waits (60 s at most) until `ready()`; kill() and start() again. */
function localProcess(
  command: string,
  args: readonly string[],
  ready: () => Promise<boolean>,
  why: () => Promise<string>,
  detached: boolean,
): LocalProcess {
  let child: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()
  return {
    pid: () => child?.pid,
    start: async () => {
      const proc = spawn(command, args, { stdio: 'ignore', detached })
      if (detached) proc.unref()
      child = proc
      exited = new Promise((resolve) => proc.once('exit', () => resolve()))
      const deadline = Date.now() + 60_000
      for (;;) {
        if (proc.exitCode !== null || proc.signalCode !== null)
          throw new Error(`${command} exited at start: ${await why()}`)
        if (await ready()) return
        if (Date.now() > deadline) {
          proc.kill('SIGKILL')
          throw new Error(`${command} did not answer within 60 s: ${await why()}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    },
    kill: async () => {
      child?.kill('SIGKILL')
      await exited
      child = undefined
    },
  }
}

async function errorLog(dir: string): Promise<string> {
  const text = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '(no error log)')
  return text.split('\n').slice(-15).join('\n')
}

/**
 * The configuration 18.16 starts with: one folder, two ports, UTC, warnings logged; for a node
 * of a cluster also its interserver port, ZooKeeper, the cluster `temoin` and its macros.
 */
function clickhouseConfig(dir: string, http: number, tcp: number, role?: ClusterRole): string {
  const cluster =
    role === undefined
      ? ''
      : `
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <interserver_http_port>${role.interserverPort}</interserver_http_port>
  <zookeeper><node><host>127.0.0.1</host><port>${role.zookeeperPort}</port></node></zookeeper>
  <distributed_ddl><path>/clickhouse/task_queue/ddl</path></distributed_ddl>
  <macros><shard>${String(role.shard).padStart(2, '0')}</shard><replica>r${role.replica}</replica></macros>
  <remote_servers><${CLUSTER}>${role.topology
    .map(
      (shard) =>
        `<shard><internal_replication>true</internal_replication>${shard.map((port) => `<replica><host>127.0.0.1</host><port>${port}</port></replica>`).join('')}</shard>`,
    )
    .join('')}</${CLUSTER}></remote_servers>`
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
  <timezone>UTC</timezone>${cluster}
</yandex>
`
}

/** One user, `default`, no password, from 127.0.0.1 only (the servers listen there only). */
const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
`
