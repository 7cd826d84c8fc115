import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppError } from '../../lib/app-error.js'
import { applyMigrations } from './apply-migrations.js'
import type { Migration } from './migrations.js'

/**
 * applyMigrations with lists of our own, on an in-memory database: the released list only ever
 * succeeds, so what happens when a step fails, or when steps are listed out of order, is
 * checked here (the store's tests check the released list on real files).
 */
let instance: DuckDBInstance
let connection: DuckDBConnection
beforeEach(async () => {
  instance = await DuckDBInstance.create(':memory:')
  connection = await instance.connect()
})
afterEach(() => {
  connection.closeSync()
  instance.closeSync()
})

const NOW = Date.parse('2026-03-01T12:00:00Z')
const rows = async (sql: string): Promise<unknown[][]> =>
  (await connection.runAndReadAll(sql)).getRowsJS()
const tables = () =>
  rows(`SELECT table_name FROM information_schema.tables WHERE table_name LIKE 't_%' ORDER BY 1`)
const versions = () => rows('SELECT version, name FROM schema_migrations ORDER BY version')

const first: Migration = {
  version: 1,
  name: 'first',
  statements: ['CREATE TABLE t_one (a INTEGER)'],
}
const broken: Migration = {
  version: 2,
  name: 'second, broken',
  // The first statement succeeds; the second fails: the step must leave nothing behind.
  statements: ['CREATE TABLE t_two (a INTEGER)', 'INSERT INTO t_missing VALUES (1)'],
}

describe('applyMigrations', () => {
  // kills: apply-migrations.ts:54 BlockStatement → {} (a failed step swallowed, its half kept)
  it('a failed step is rolled back whole, reported with its version and name, and nothing after it runs', async () => {
    const third: Migration = {
      version: 3,
      name: 'third',
      statements: ['CREATE TABLE t_three (a INTEGER)'],
    }
    const applying = applyMigrations(connection, {
      file: 'data/temoin.duckdb',
      now: NOW,
      migrations: [first, broken, third],
    })
    const error = await applying.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({
      code: 'STORE_FAILED',
      where: 'data/temoin.duckdb',
      message: expect.stringMatching(
        /^data\/temoin\.duckdb: migration 2 \(second, broken\) failed: .*t_missing/,
      ) as unknown,
    })
    expect((error as AppError).cause).toBeInstanceOf(Error)
    // The database is at version 1, never between two: t_two went with the failed step, and
    // the connection is usable again (no transaction left open).
    expect(await versions()).toEqual([[1, 'first']])
    expect(await tables()).toEqual([['t_one']])

    // Fixed, the same list applies from where it stopped.
    const fixed = { ...broken, statements: ['CREATE TABLE t_two (a INTEGER)'] }
    expect(
      await applyMigrations(connection, {
        file: 'data/temoin.duckdb',
        now: NOW,
        migrations: [first, fixed, third],
      }),
    ).toEqual([2, 3])
    expect(await tables()).toEqual([['t_one'], ['t_three'], ['t_two']])
  })

  // kills: apply-migrations.ts:44 the sort by version (ArithmeticOperator, ArrowFunction, MethodExpression)
  it('applies the steps in version order, whatever order they are listed in', async () => {
    const alter = (version: number): Migration => ({
      version,
      name: `column ${version}`,
      // Each step needs the one before it: out of order, a step fails.
      statements: [`ALTER TABLE t_one ADD COLUMN c${version} INTEGER`],
    })
    const unordered = [alter(4), alter(2), first, alter(5), alter(3)]
    expect(
      await applyMigrations(connection, { file: 'x', now: NOW, migrations: unordered }),
    ).toEqual([1, 2, 3, 4, 5])
    expect(
      await rows(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 't_one' ORDER BY ordinal_position`,
      ),
    ).toEqual([['a'], ['c2'], ['c3'], ['c4'], ['c5']])
  })

  // kills: migrations.ts:29, :63, :76, :101 StringLiteral (a released step's name edited)
  it('records the released steps under the names they were released with', async () => {
    // A file keeps the history it was migrated with; a step renamed in the code would make that
    // history disagree with the code's. Released steps are never edited, so these stay as is.
    expect(await applyMigrations(connection, { file: 'x', now: NOW })).toEqual([1, 2, 3, 4])
    expect(await versions()).toEqual([
      [1, 'events and receipts'],
      [2, 'rollup bookkeeping'],
      [3, 'events not yet folded into the rollups'],
      [4, 'events set aside'],
    ])
    // And once only: a second run applies nothing.
    expect(await applyMigrations(connection, { file: 'x', now: NOW })).toEqual([])
  })

  // kills: apply-migrations.ts:40 ObjectLiteral → {} (the file), and :39 its message
  it('refuses a database recorded at a version it does not know: STORE_TOO_NEW, naming the file', async () => {
    await applyMigrations(connection, { file: 'x', now: NOW, migrations: [first] })
    await connection.run(`INSERT INTO schema_migrations VALUES (7, 'from a newer Témoin', now())`)
    const error = await applyMigrations(connection, {
      file: 'data/temoin.duckdb',
      now: NOW,
      migrations: [first],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({
      code: 'STORE_TOO_NEW',
      where: 'data/temoin.duckdb',
      message: 'data/temoin.duckdb is at schema version 7; this Témoin knows versions up to 1.',
    })
    // Refused before anything ran.
    expect(await tables()).toEqual([['t_one']])
  })
})
