import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { storedEvent } from '../../../test/helpers/fixtures.js'
import { AppError } from '../../lib/app-error.js'
import { createDuckdbStore } from './duckdb-store.js'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-open-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('opening a file that is not a DuckDB database', () => {
  // kills: open-duckdb-instance.ts:63 StringLiteral → `` (the message)
  // kills: open-duckdb-instance.ts:63 ObjectLiteral → {} (the cause and the file)
  it('fails with STORE_FAILED naming the file and DuckDB’s reason, for the operator’s log', async () => {
    const path = join(dir, 'temoin.duckdb')
    // What an operator gets by pointing the data folder at the wrong file.
    await writeFile(path, 'not a database, only text. '.repeat(400))
    const error = await createDuckdbStore({ path }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    const failed = error as AppError
    expect(failed.code).toBe('STORE_FAILED')
    expect(failed.where).toBe(path)
    expect(failed.message).toMatch(/^could not open /)
    expect(failed.message).toContain(path)
    expect(failed.message).toContain('not a valid DuckDB database file')
    // The database's own error stays attached for whoever debugs it.
    expect(failed.cause).toBeInstanceOf(Error)
    expect((failed.cause as Error).message).toContain('not a valid DuckDB database file')
    // kills: open-duckdb-instance.ts:55 ConditionalExpression → false ("Error: " doubled)
    expect(failed.message).toBe(`could not open ${path}: ${(failed.cause as Error).message}`)
    // The failed open gave the file back: a second try says the same, not STORE_LOCKED.
    await expect(createDuckdbStore({ path })).rejects.toMatchObject({ code: 'STORE_FAILED' })
  })
})

describe('opening :memory:', () => {
  // kills: open-duckdb-instance.ts:32 ConditionalExpression → false, StringLiteral → "" (a file
  // named ':memory:', shared and locked)
  it('gives each store a database of its own, none on disk, several at once', async () => {
    const a = await createDuckdbStore({ path: ':memory:' })
    const b = await createDuckdbStore({ path: ':memory:' })
    try {
      await a.write({ events: [storedEvent()], receipts: [] })
      expect(await a.countEvents({})).toBe(1)
      expect(await b.countEvents({})).toBe(0)
    } finally {
      await a.close()
      await b.close()
    }
    const c = await createDuckdbStore({ path: ':memory:' })
    expect(await c.countEvents({})).toBe(0)
    await c.close()
  })
})

describe('opening a file this process already has open', () => {
  // kills: open-duckdb-instance.ts:43 StringLiteral → `` (the message)
  it('fails with STORE_LOCKED naming the file and what to do, until the first store closes', async () => {
    const path = join(dir, 'temoin.duckdb')
    const first = await createDuckdbStore({ path })
    try {
      const error = await createDuckdbStore({ path: join(dir, '.', 'temoin.duckdb') }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(AppError)
      expect(error).toMatchObject({
        code: 'STORE_LOCKED',
        where: path,
        message: `${path} is already open in this process; open it once and share the store.`,
      })
    } finally {
      await first.close()
    }
    await (await createDuckdbStore({ path })).close()
  })
})
