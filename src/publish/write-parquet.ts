import { DuckDBInstance } from '@duckdb/node-api'
import type { PublishedTable } from './published-table.js'

/**
 * Writes a table as Parquet through an in-memory DuckDB (not the store: the file holds only
 * published cells). Columns: one VARCHAR per dimension, `value` BIGINT (NULL when withheld),
 * `status` VARCHAR, and `margin` INTEGER for DP.
 *
 * @example await writeParquet(table, 'out/visits.parquet')
 */
export async function writeParquet(table: PublishedTable, path: string): Promise<void> {
  // Stryker disable next-line StringLiteral: DuckDB opens an in-memory database for an empty path as for ':memory:' (no file is made either way)
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    const dp = table.protection.mechanism === 'dp'
    const columns = [
      ...table.dimensions.map((d) => `${quoteIdentifier(d)} VARCHAR`),
      'value BIGINT',
      'status VARCHAR',
      ...(dp ? ['margin INTEGER'] : []),
    ]
    await connection.run(`CREATE TABLE cells (${columns.join(', ')})`)
    const appender = await connection.createAppender('cells')
    for (const c of table.cells) {
      for (const v of c.key) appender.appendVarchar(v)
      if (c.value === null) appender.appendNull()
      else appender.appendBigInt(BigInt(c.value))
      appender.appendVarchar(c.status)
      if (dp) {
        if (c.margin === undefined) appender.appendNull()
        else appender.appendInteger(c.margin)
      }
      appender.endRow()
    }
    appender.closeSync()
    // COPY takes no parameter for its path: the quote is doubled, the only escape SQL needs.
    await connection.run(`COPY cells TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`)
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`
