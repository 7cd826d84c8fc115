import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'

/**
 * Opens a closed DuckDB file directly, below the store, runs `fn` on one connection and closes
 * both, even when `fn` throws: how a test doctors a file or reads what the store left in it.
 *
 * @example const rows = await withRawConnection(path, async (c) => (await c.runAndReadAll(sql)).getRowsJS())
 */
export async function withRawConnection<T>(
  path: string,
  fn: (connection: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const instance = await DuckDBInstance.create(path)
  try {
    const connection = await instance.connect()
    try {
      return await fn(connection)
    } finally {
      connection.closeSync()
    }
  } finally {
    instance.closeSync()
  }
}
