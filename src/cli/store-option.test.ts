import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import YAML from 'yaml'
import { captureIo } from '../../test/helpers/capture-io.js'
import { makeWorkdir } from '../../test/helpers/server-process.js'
import { isAppError } from '../lib/app-error.js'
import { createDuckdbStore } from '../store/duckdb/duckdb-store.js'
import { run } from './run.js'
import { loadCommandConfig, parseStoreOption } from './store-option.js'

const clickhouse = (
  url: string,
  database = 'temoin',
  username = 'default',
  cluster: { cluster?: string; insertQuorum?: number } = {},
) => ({
  clickhouse: { url, database, username, insertQuorum: 1, ...cluster },
})

describe('parseStoreOption: what --store names', () => {
  it('reads duckdb, and clickhouse:// with its defaults, a port, a user, a database, HTTPS', () => {
    expect(parseStoreOption('duckdb')).toBeUndefined()
    expect(parseStoreOption('clickhouse://db1')).toEqual(clickhouse('http://db1:8123'))
    expect(parseStoreOption('clickhouse://db1/')).toEqual(clickhouse('http://db1:8123'))
    expect(parseStoreOption('clickhouse://127.0.0.1:9000/stats')).toEqual(
      clickhouse('http://127.0.0.1:9000', 'stats'),
    )
    expect(parseStoreOption('clickhouse://writer@db1/temoin_prod/')).toEqual(
      clickhouse('http://db1:8123', 'temoin_prod', 'writer'),
    )
    expect(parseStoreOption('clickhouses://db.example.org')).toEqual(
      clickhouse('https://db.example.org:8443'),
    )
    expect(parseStoreOption('clickhouse://db1:80')).toEqual(clickhouse('http://db1:80'))
    expect(parseStoreOption('clickhouses://db1:443')).toEqual(clickhouse('https://db1:443'))
    expect(parseStoreOption('clickhouse://[::1]:8124/t')).toEqual(
      clickhouse('http://[::1]:8124', 't'),
    )
    // A host in Unicode is sent as the DNS knows it (punycode).
    expect(parseStoreOption('clickhouse://bäcker.example')).toEqual(
      clickhouse('http://xn--bcker-gra.example:8123'),
    )
  })

  const refused = (raw: string): string => {
    try {
      parseStoreOption(raw)
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('USAGE')
      expect(String(e)).toContain(`--store ${JSON.stringify(raw.replace(/:[^:/@]*@/, ':***@'))}: `)
      expect(String(e)).toContain('Give duckdb')
      return String(e)
    }
    throw new Error(`${raw} was taken`)
  }

  it('refuses a password, saying where it goes instead', () => {
    const told = refused('clickhouse://admin:hunter2@db1/temoin')
    expect(told).toContain(
      'holds a password, which every user of this machine could read in the process list; set TEMOIN_CLICKHOUSE_PASSWORD instead',
    )
    // Not repeated, even in the error.
    expect(told).toContain('"clickhouse://admin:***@db1/temoin"')
    expect(told).not.toContain('hunter2')
  })

  it('refuses what is not a store, not an address, or more than one', () => {
    for (const raw of ['', 'DuckDB', 'sqlite://x', 'http://db1:8123', ' clickhouse://db1'])
      expect(refused(raw)).toContain('not a store Témoin knows')
    expect(refused('clickhouse://')).toContain('not an address')
    expect(refused('clickhouse://db1:99999')).toContain('not an address')
    expect(refused('clickhouse://db1/temoin?user=x')).toContain(
      'has ?user=, which is neither cluster nor insertQuorum',
    )
    expect(refused('clickhouse://db1/temoin?%3Cx%3E=1')).toContain('has ?<x>=, which is neither')
    expect(refused('clickhouse://db1/temoin#x')).toContain('has a #fragment')
  })

  it("reads a cluster and its quorum, each once, by the policy file's rules", () => {
    expect(parseStoreOption('clickhouse://db1/temoin?cluster=main')).toEqual(
      clickhouse('http://db1:8123', 'temoin', 'default', { cluster: 'main' }),
    )
    expect(parseStoreOption('clickhouse://db1/temoin?cluster=main&insertQuorum=2')).toEqual(
      clickhouse('http://db1:8123', 'temoin', 'default', { cluster: 'main', insertQuorum: 2 }),
    )
    expect(refused('clickhouse://db1?cluster=a&cluster=b')).toContain('names cluster twice')
    expect(refused('clickhouse://db1?cluster=a;DROP')).toContain(
      'its cluster must be letters, digits and _',
    )
    for (const quorum of ['0', '17', '1.5', 'two', '', '１'])
      expect(refused(`clickhouse://db1?cluster=a&insertQuorum=${quorum}`)).toContain(
        'its insertQuorum must be',
      )
  })

  it('refuses a database or a user the policy file would refuse, with the same rule', () => {
    expect(refused('clickhouse://db1/temoin;DROP')).toContain(
      'its database must be letters, digits and _, starting with a letter or _',
    )
    expect(refused('clickhouse://db1/a/b')).toContain('its database must be letters, digits')
    expect(refused('clickhouse://db1/t%C3%A9moin')).toContain('its database must be letters')
    expect(refused('clickhouse://db1/1st')).toContain('its database must be letters')
    expect(refused('clickhouse://db1/%ZZ')).toContain('its database is not valid percent-encoding')
  })
})

describe('--store on the command line', () => {
  const dirs: string[] = []
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })
  /** A work folder whose policy file names a ClickHouse server where none listens. */
  const withClickhouseInFile = async () => {
    const work = await makeWorkdir()
    dirs.push(work.dir)
    const config = YAML.parse(await readFile(work.config, 'utf8')) as Record<string, unknown>
    config.store = { clickhouse: { url: 'http://127.0.0.1:9', database: 'temoin' } }
    await writeFile(work.config, YAML.stringify(config))
    return work
  }

  it('replaces the policy file’s store: --store duckdb seeds the data folder’s file', async () => {
    const work = await withClickhouseInFile()
    const args = ['seed', '--events', '30', '--config', work.config, '--data', work.data]
    const io = captureIo(work.dir)
    expect(await run([...args, '--store', 'duckdb'], io)).toBe(0)
    expect(io.out()).toContain('seeded 30 events')
    const store = await createDuckdbStore({ path: join(work.data, 'temoin.duckdb') })
    try {
      expect(await store.countEvents({})).toBe(30)
    } finally {
      await store.close()
    }
    // Without it, the file's ClickHouse is used: nothing listens there.
    const without = captureIo(work.dir)
    expect(await run(args, without)).not.toBe(0)
    expect(without.err()).toContain('STORE_UNREACHABLE')
    expect(without.err()).toContain('http://127.0.0.1:9')
  }, 60_000)

  it('is read from TEMOIN_STORE too; --store wins over it', async () => {
    const work = await withClickhouseInFile()
    const common = { config: work.config, data: work.data }
    const io = captureIo(work.dir)
    expect((await loadCommandConfig({ ...common, store: 'duckdb' }, io)).store).toBeUndefined()
    expect((await loadCommandConfig(common, io)).store).toEqual(clickhouse('http://127.0.0.1:9'))
    const fromEnv = { ...captureIo(work.dir), env: { TEMOIN_STORE: 'duckdb' } }
    const args = ['seed', '--events', '5', '--config', work.config, '--data', work.data]
    expect(await run(args, fromEnv), fromEnv.err()).toBe(0)
    const wins = { ...captureIo(work.dir), env: { TEMOIN_STORE: 'clickhouse://127.0.0.1:9' } }
    expect(await run([...args, '--seed', '2', '--store', 'duckdb'], wins), wins.err()).toBe(0)
  }, 60_000)

  it('a wrong --store is a usage error, told before the policy file is read', async () => {
    const io = captureIo('/nonexistent')
    const code = await run(
      ['purge', '--config', '/nonexistent/temoin.yaml', '--store', 'clickhouse://u:p@db1'],
      io,
    )
    expect(code).toBe(2)
    expect(io.err()).toContain('USAGE: --store "clickhouse://u:***@db1": holds a password')
    expect(io.err()).not.toContain('u:p@')
  })
})
