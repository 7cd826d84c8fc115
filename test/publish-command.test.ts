import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { run } from '../src/cli/run.js'
import { formatPublishedCsv } from '../src/publish/format-published-csv.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import { captureIo } from './helpers/capture-io.js'
import { newVisitor, views } from './helpers/publish-fixtures.js'
import { freePort, startServerProcess, type ServerProcess } from './helpers/server-process.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temoin-publish-cli-'))
  await writeFile(
    join(dir, 'temoin.yaml'),
    `${await readFile(join(ROOT, 'examples/temoin.yaml'), 'utf8')}`,
  )
  await mkdir(join(dir, 'data'))
  const store = await createDuckdbStore({ path: join(dir, 'data', 'temoin.duckdb') })
  const regions = { FR: 30, BE: 2, CH: 12, LU: 1 }
  await store.write({
    events: Object.entries(regions).flatMap(([country, n]) =>
      Array.from({ length: n }, () =>
        views(2, newVisitor(), { country, site: 'localhost' }),
      ).flat(),
    ),
    receipts: [],
  })
  await store.close()
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const spec = (extra = '') => `name: kit
site: localhost
period: { from: 2026-03-01, to: 2026-04-01 }
mechanism: exact
tables:
  - name: by-country
    metric: pageviews
    dimensions: [country]
    values: { country: [FR, BE, CH, LU] }
${extra}`

const publish = async (specText: string) => {
  await writeFile(join(dir, 'release.yaml'), specText)
  const io = captureIo(dir)
  const code = await run(
    [
      'publish',
      '--spec',
      'release.yaml',
      '--config',
      'temoin.yaml',
      '--data',
      'data',
      '--out',
      'out',
    ],
    io,
  )
  return { code, out: io.out(), err: io.err() }
}

describe('temoin publish', () => {
  it('writes CSV (withheld values empty, never 0), Parquet, the sidecar and the figures page', async () => {
    const first = await publish(spec())
    expect(first.err).toBe('')
    expect(first.code).toBe(0)
    expect(first.out).toContain('kit: published (exact counts, audited)')
    const csv = await readFile(join(dir, 'out', 'by-country.csv'), 'utf8')
    expect(csv).toBe(
      // BE (4 views) and LU (2) are primary; their sum alone would pin each within less than the
      // default range (5), so CH (24, cheaper than FR's 60) is withheld too: BE + CH + LU = 30
      // leaves BE anywhere in [0, 30] and LU in [0, 30].
      'country,value,status\r\nFR,60,published\r\nBE,,suppressed-primary\r\nCH,,suppressed-secondary\r\nLU,,suppressed-primary\r\n*,90,published\r\n',
    )
    const sidecar = JSON.parse(await readFile(join(dir, 'out', 'release.json'), 'utf8')) as Record<
      string,
      unknown
    >
    expect(sidecar).toMatchObject({
      mechanism: 'exact',
      reServed: false,
      audit: { primary: 2, secondary: 1 },
    })
    expect(sidecar.protectedUnit).toContain('at least 10 distinct visitors')
    const page = await readFile(join(dir, 'out', 'index.html'), 'utf8')
    expect(page).toContain('<td class="n w" title="suppressed-primary">—</td>')

    const db = await DuckDBInstance.create(':memory:')
    const connection = await db.connect()
    const rows = (
      await connection.runAndReadAll(
        `SELECT country, value, status FROM '${join(dir, 'out', 'by-country.parquet')}'`,
      )
    ).getRowsJS()
    connection.closeSync()
    db.closeSync()
    expect(rows).toEqual([
      ['FR', 60n, 'published'],
      ['BE', null, 'suppressed-primary'],
      ['CH', null, 'suppressed-secondary'],
      ['LU', null, 'suppressed-primary'],
      ['*', 90n, 'published'],
    ])

    const again = await publish(spec())
    expect(again.out).toContain('re-served from the ledger')
  })

  // A re-served DP release spent nothing now: it says what its windows have left today, after
  // the release made since, not what was left when it was first made.
  it('prints, for a re-served DP release, the budget left now', async () => {
    const dp = (name: string, epsilon: number) =>
      `name: ${name}\nsite: localhost\nperiod: { from: 2026-03-01, to: 2026-04-01 }\ntables:\n  - { name: total, metric: pageviews, epsilon: ${epsilon} }\n`
    const first = await publish(dp('first', 0.1))
    expect(first.out).toMatch(/budget (\S+): ε 0\.1 spent, /)
    expect((await publish(dp('second', 0.2))).code).toBe(0)
    const again = await publish(dp('first', 0.1))
    expect(again.out).toContain('first: re-served from the ledger')
    expect(again.out).toMatch(/budget (\S+) now: ε 0\.3 spent, /)
  })

  it('explains a bad spec: key, line, rule and fix', async () => {
    const bad = await publish(spec().replace('metric: pageviews', 'metric: visitors'))
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('temoin: RELEASE_INVALID:')
    expect(bad.err).toContain('tables[0].metric (line 7)  [exact-additive]')
  })
})

describe('formatPublishedCsv', () => {
  it('neutralises spreadsheet formulas and quotes what CSV needs quoted', () => {
    const csv = formatPublishedCsv({
      name: 't',
      metric: 'pageviews',
      dimensions: ['referrer'],
      protection: {
        mechanism: 'exact',
        minGroupSize: 10,
        protectionRange: 5,
        openDimensions: [],
        data: '',
      },
      cells: [
        { key: ['=HYPERLINK("http://evil.example","x")'], value: 12, status: 'published' },
        { key: ['+1,2'], value: null, status: 'suppressed-secondary' },
        { key: ['@SUM(A1)'], value: 0, status: 'published' },
        { key: [' =1+1'], value: 3, status: 'published' },
        { key: ['\n=1+1'], value: 4, status: 'published' },
        { key: ['＝1+1'], value: 5, status: 'published' },
      ],
    })
    expect(csv).toBe(
      'referrer,value,status\r\n"\'=HYPERLINK(""http://evil.example"",""x"")",12,published\r\n"\'+1,2",,suppressed-secondary\r\n\'@SUM(A1),0,published\r\n' +
        "' =1+1,3,published\r\n\"'\n=1+1\",4,published\r\n'＝1+1,5,published\r\n",
    )
  })
})

describe('temoin publish while the server runs', () => {
  let server: ServerProcess | undefined
  afterEach(async () => {
    server?.child.kill('SIGTERM')
    if (server) await server.exited
    server = undefined
  })

  it('goes through the running server instead of failing on the lock, and relays a refusal whole', async () => {
    server = await startServerProcess({
      config: join(dir, 'temoin.yaml'),
      data: join(dir, 'data'),
      port: await freePort(),
    })
    const first = await publish(spec())
    expect(first.err).toContain('publishing through it')
    expect(first.code).toBe(0)
    expect(first.out).toContain(`kit: published through the running server (${server.url})`)
    expect(await readFile(join(dir, 'out', 'by-country.csv'), 'utf8')).toBe(
      'country,value,status\r\nFR,60,published\r\nBE,,suppressed-primary\r\nCH,,suppressed-secondary\r\nLU,,suppressed-primary\r\n*,90,published\r\n',
    )
    // The server's ledger recorded it: the same spec is re-served.
    const again = await publish(spec())
    expect(again.out).toContain('re-served from the ledger through the running server')

    // A refusal made by the server arrives with its code, message and details (each cell, what to change).
    const refused = await publish(
      spec('protectionRange: 200\n').replace('name: kit', 'name: kit-wide'),
    )
    expect(refused.code).toBe(1)
    expect(refused.err).toContain('DISCLOSURE_RISK')
    expect(refused.err).toMatch(/cell \(country=(BE|LU)\)/)
    expect(refused.err).toContain('what to change')
  }, 60_000)
})
