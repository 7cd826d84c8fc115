/**
 * A local ClickHouse cluster to try Témoin on: ZooKeeper and 2 shards × 2 replicas of Debian's
 * `clickhouse-server`, plain processes on 127.0.0.1 (scripts/local-cluster.ts).
 *
 *   npx tsx scripts/cluster.ts start [--dir .cluster]   starts it, or says it already runs
 *   npx tsx scripts/cluster.ts status [--dir .cluster]  which processes run
 *   npx tsx scripts/cluster.ts stop [--dir .cluster]    stops them and deletes the folder
 *
 * Each command may be run again without harm: `start` on a running cluster changes nothing, and
 * on one left half-dead (a machine restarted) stops what is left and starts anew.
 */
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { CLUSTER, nodeName, startLocalCluster } from './local-cluster.js'

interface State {
  readonly zookeeper: { readonly pid: number; readonly port: number }
  readonly nodes: readonly {
    readonly name: string
    readonly pid: number
    readonly url: string
    readonly tcpPort: number
  }[]
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string', default: '.cluster' } },
})
const command = positionals[0]
const dir = resolve(values.dir)
const stateFile = join(dir, 'cluster.json')

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function readState(): Promise<State | undefined> {
  if (!existsSync(stateFile)) return undefined
  return JSON.parse(await readFile(stateFile, 'utf8')) as State
}

function pidsOf(state: State): number[] {
  return [state.zookeeper.pid, ...state.nodes.map((n) => n.pid)]
}

async function stop(state: State | undefined): Promise<void> {
  const pids = state === undefined ? [] : pidsOf(state).filter(alive)
  for (const pid of pids) process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + 15_000
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
  for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL')
  await rm(dir, { recursive: true, force: true })
}

function describe(state: State): string {
  const first = state.nodes[0]
  return [
    `ZooKeeper on 127.0.0.1:${state.zookeeper.port}`,
    ...state.nodes.map((n) => `${n.name}: ${n.url} (native port ${n.tcpPort})`),
    first === undefined
      ? ''
      : `Try: temoin serve --store '${first.url.replace('http', 'clickhouse')}/temoin?cluster=${CLUSTER}'`,
  ].join('\n')
}

switch (command) {
  case 'start': {
    const state = await readState()
    if (state !== undefined && pidsOf(state).every(alive)) {
      process.stdout.write(`The cluster already runs (${dir}):\n${describe(state)}\n`)
      break
    }
    await stop(state)
    const cluster = await startLocalCluster({ dir, detached: true })
    const started: State = {
      zookeeper: { pid: cluster.zookeeper.pid() ?? 0, port: cluster.zookeeper.port },
      nodes: cluster.nodes.flatMap((row, s) =>
        row.map((node, r) => ({
          name: nodeName(s + 1, r + 1),
          pid: node.pid() ?? 0,
          url: node.url,
          tcpPort: node.tcpPort,
        })),
      ),
    }
    await writeFile(stateFile, `${JSON.stringify(started, null, 2)}\n`)
    process.stdout.write(`The cluster runs (${dir}):\n${describe(started)}\n`)
    break
  }
  case 'status': {
    const state = await readState()
    if (state === undefined) process.stdout.write(`No cluster in ${dir}.\n`)
    else
      process.stdout.write(
        `${[
          ['zookeeper', state.zookeeper.pid] as const,
          ...state.nodes.map((n) => [n.name, n.pid] as const),
        ]
          .map(([name, pid]) => `${name}: ${alive(pid) ? 'runs' : 'stopped'} (pid ${pid})`)
          .join('\n')}\n`,
      )
    break
  }
  case 'stop':
    await stop(await readState())
    process.stdout.write(`Stopped; ${dir} deleted.\n`)
    break
  default:
    process.stderr.write('Usage: npx tsx scripts/cluster.ts start|status|stop [--dir FOLDER]\n')
    process.exitCode = 2
}
