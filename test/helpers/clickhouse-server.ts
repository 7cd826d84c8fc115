import { startClickhouseNode, type ClickhouseNode } from '../../scripts/local-cluster.js'

/** A ClickHouse server this test run started, on 127.0.0.1 and ports of its own. */
export type ClickhouseServer = ClickhouseNode

/**
 * Starts Debian's `clickhouse-server` (18.16 on Debian 12) on a new folder with free ports, and
 * waits until it answers. A test that needs it fails, with how to install it, where it is missing.
 *
 * @example
 * const server = await startClickhouseServer()
 * afterAll(() => server.stop())
 */
export async function startClickhouseServer(): Promise<ClickhouseServer> {
  return startClickhouseNode({})
}
