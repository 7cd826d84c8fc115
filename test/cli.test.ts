import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { run } from '../src/cli/run.js'
import { addMonths } from '../src/protocol/months.js'
import { createDuckdbStore } from '../src/store/duckdb/duckdb-store.js'
import { captureIo } from './helpers/capture-io.js'
import {
  freePort,
  makeWorkdir,
  ROOT,
  startServerProcess,
  type ServerProcess,
} from './helpers/server-process.js'

const dirs: string[] = []
let server: ServerProcess | undefined
afterEach(async () => {
  server?.child.kill('SIGTERM')
  if (server) await server.exited
  server = undefined
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true })
})

async function workdir(settings: Record<string, unknown> = {}) {
  const w = await makeWorkdir(settings)
  dirs.push(w.dir)
  return w
}

describe('temoin (in-process)', () => {
  // A token for one client's site: the site must be one of the policy's; the list says whose.
  it('token create --site: checked against the policy, and shown by token list', async () => {
    const w = await workdir()
    const unknown = captureIo(w.dir)
    expect(
      await run(
        [
          'token',
          'create',
          '--name',
          'a',
          '--site',
          'nowhere.example',
          '--config',
          w.config,
          '--data',
          w.data,
        ],
        unknown,
      ),
    ).toBe(2)
    expect(unknown.err()).toContain(`USAGE: "nowhere.example" is not a site of ${w.config}.`)
    const made = captureIo(w.dir)
    expect(
      await run(
        [
          'token',
          'create',
          '--name',
          'client',
          '--site',
          'LOCALHOST',
          '--config',
          w.config,
          '--data',
          w.data,
        ],
        made,
      ),
    ).toBe(0)
    expect(made.out()).toContain('API token "client" for localhost')
    expect(await run(['token', 'create', '--name', 'ci', '--data', w.data], captureIo(w.dir))).toBe(
      0,
    )
    const list = captureIo(w.dir)
    expect(await run(['token', 'list', '--data', w.data], list)).toBe(0)
    expect(list.out()).toMatch(/^client\tcreated \S+\treads localhost$/m)
    expect(list.out()).toMatch(/^ci\tcreated \S+\treads every site$/m)
  })

  it('prints the help and exits 0, with no command, with help and with --help', async () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) {
      const io = captureIo(ROOT)
      expect(await run(argv, io), argv.join(' ')).toBe(0)
      for (const command of [
        'serve',
        'demo',
        'policy',
        'purge',
        'publish',
        'receipts',
        'seed',
        'token',
      ])
        expect(io.out()).toMatch(new RegExp(`^  ${command} `, 'm'))
      expect(io.err()).toBe('')
    }
  })

  // Every command and subcommand explains itself: its options, and an example that runs it.
  const COMMANDS = [
    ['serve'],
    ['demo'],
    ['policy', 'check'],
    ['policy', 'diff'],
    ['purge'],
    ['publish'],
    ['receipts', 'export'],
    ['receipts', 'verify'],
    ['seed'],
    ['token', 'create'],
    ['token', 'list'],
    ['token', 'revoke'],
  ]
  it.each(COMMANDS)(
    '%s %s --help: its options and an example; help COMMAND says the same',
    async (...command) => {
      const words = command.filter((w) => w !== undefined)
      const io = captureIo(ROOT)
      expect(await run([...words, '--help'], io)).toBe(0)
      expect(io.out()).toContain(`Usage: temoin ${words.join(' ')}`)
      expect(io.out()).toMatch(new RegExp(`Examples:\\n  \\$ temoin ${words.join(' ')}`))
      // `receipts verify` reads an exported file, not the data folder.
      if (
        !['policy', 'token'].includes(words[0] as string) &&
        words.join(' ') !== 'receipts verify'
      )
        expect(io.out()).toContain('--data <dir>')
      const viaHelp = captureIo(ROOT)
      expect(await run(['help', ...words], viaHelp)).toBe(0)
      expect(viaHelp.out()).toBe(io.out())
    },
  )

  it('prints the version: version and --version', async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    for (const argv of [['version'], ['--version']]) {
      const io = captureIo(ROOT)
      expect(await run(argv, io)).toBe(0)
      expect(io.out()).toBe(`${version}\n`)
    }
  })

  it('rejects an unknown command, an unknown option, a missing one, with USAGE and exit code 2', async () => {
    const cases: [string[], string, string][] = [
      [['frobnicate'], "USAGE: unknown command 'frobnicate'", '`temoin --help`'],
      [
        ['publish'],
        "USAGE: required option '--spec <file>' not specified",
        '`temoin publish --help`',
      ],
      [
        ['seed', '--events', '10', '--mnths', '3'],
        "USAGE: unknown option '--mnths'",
        '`temoin seed --help`',
      ],
      [
        ['token', 'revoke'],
        "USAGE: missing required argument 'name'",
        '`temoin token revoke --help`',
      ],
      [
        ['policy', 'check', 'a.yaml', 'b.yaml'],
        'USAGE: too many arguments',
        '`temoin policy check --help`',
      ],
    ]
    for (const [argv, message, help] of cases) {
      const io = captureIo(ROOT)
      expect(await run(argv, io), argv.join(' ')).toBe(2)
      expect(io.err()).toContain(message)
      expect(io.err()).toContain(`${help} lists its options, with an example.`)
      expect(io.out()).toBe('')
    }
    // A command group without its subcommand: the group's help, and the usage error's code.
    const io = captureIo(ROOT)
    expect(await run(['token'], io)).toBe(2)
    expect(io.out() + io.err()).toContain('Usage: temoin token')
  })

  it('rejects a malformed option value', async () => {
    const io = captureIo(ROOT)
    expect(await run(['seed', '--events', 'lots'], io)).toBe(2)
    expect(io.err()).toContain('--events must be a whole number')
  })

  it('policy check: the example policy is valid', async () => {
    const io = captureIo(ROOT)
    expect(await run(['policy', 'check', 'examples/temoin.yaml'], io)).toBe(0)
    expect(io.out()).toMatch(/examples\/temoin\.yaml: valid \(version 2026-11\)\n$/)
  })

  it('policy check: names every broken key and exits 1', async () => {
    const w = await workdir()
    const file = join(w.dir, 'bad.yaml')
    await writeFile(
      file,
      [
        "version: '1'",
        "effective: '2026-01-01'",
        'controller: { name: X, contact: dpo@example.org }',
        'sites: [{ domain: example.org }]',
        'purposes:',
        '  statistics: { basis: exempt, title: { fr: S, en: S }, description: { fr: S, en: S } }',
        'cookies: { lifetimeMonths: 14 }',
        'retention: { eventsMonths: 26 }',
      ].join('\n'),
    )
    const io = captureIo(w.dir)
    expect(await run(['policy', 'check', file], io)).toBe(1)
    expect(io.out()).toContain('cookies.lifetimeMonths')
    expect(io.out()).toContain('retention.eventsMonths')
    expect(io.out()).toMatch(/2 errors/)
  })

  // A hand-written privacy page is read against the policy without a build: the demo site's
  // passes; with "25 mois" for its cookies it fails, naming the file, the line and the fix.
  it('policy check --page: reads a hand-written privacy page against the policy', async () => {
    const ok = captureIo(ROOT)
    const page = 'examples/site/confidentialite.md'
    expect(await run(['policy', 'check', 'examples/temoin.yaml', '--page', page], ok)).toBe(0)
    expect(ok.out()).toBe('examples/temoin.yaml: valid (version 2026-11)\n')
    const w = await workdir()
    const text = await readFile(join(ROOT, page), 'utf8')
    await writeFile(join(w.dir, 'page.md'), text.replace('13 mois au plus', '25 mois au plus'))
    const io = captureIo(w.dir)
    expect(await run(['policy', 'check', w.config, '--page', 'page.md', '--publishes'], io)).toBe(1)
    const line = text.split('\n').findIndex((l) => l.includes('13 mois au plus')) + 1
    expect(io.out()).toContain(`page.md:${line}:`)
    expect(io.out()).toContain('error  [page-duration] "25 mois": cookies last 13 months')
    expect(io.out()).toMatch(/: 1 error\n$/)
    const missing = captureIo(w.dir)
    expect(await run(['policy', 'check', w.config, '--page', 'nope.md'], missing)).toBe(2)
    expect(missing.err()).toContain('--page')
  })

  it('policy check: a missing file is named', async () => {
    const io = captureIo(ROOT)
    expect(await run(['policy', 'check', 'no/such.yaml'], io)).toBe(1)
    expect(io.out()).toMatch(/\[file-unreadable\] cannot read .*no\/such\.yaml/)
  })

  describe('policy versions', () => {
    /** The example policy with 6-month cookies and consent (the version in force)... */
    const older = (text: string) =>
      text
        .replace('lifetimeMonths: 13', 'lifetimeMonths: 6')
        .replace('validityMonths: 13', 'validityMonths: 6')
    /** ...and the next one: back to 13 months, and a video host receiving personalisation data. */
    const newer = (text: string, published: string) =>
      text
        .replace("version: '2026-11'", "version: '2026-12'")
        .replace("effective: '2026-11-01'", "effective: '2026-12-01'")
        .replace(
          '    country: FR\n',
          '    country: FR\n  - name: Vidéos\n    role: controller\n    purposes: [personalisation]\n    country: US\n',
        ) +
      `history:\n  - version: '2026-12'\n    published: '${published}'\n    effective: '2026-12-01'\n    summary: { fr: Vidéos., en: Videos. }\n    reconsent: [statistics, personalisation]\n`

    async function versions(published = '2026-11-01') {
      const w = await workdir()
      const example = await readFile(join(ROOT, 'examples/temoin.yaml'), 'utf8')
      await writeFile(join(w.dir, 'old.yaml'), older(example))
      await writeFile(join(w.dir, 'new.yaml'), newer(example, published))
      return w
    }

    it('diff prints each change, classified, and the verdict; exit 0', async () => {
      const w = await versions()
      const io = captureIo(w.dir)
      expect(await run(['policy', 'diff', 'old.yaml', 'new.yaml'], io)).toBe(0)
      expect(io.out()).toBe(
        [
          'lowers-confidentiality  cookies.lifetimeMonths  cookie lifetime goes from 6 to 13 months',
          'lowers-confidentiality  consent.validityMonths  consent validity goes from 6 to 13 months',
          'lowers-confidentiality  recipients[Vidéos]      new recipient Vidéos (controller, US) receives data for personalisation',
          'minor                   history[2026-12]        version 2026-12 is added to the history',
          'lowers confidentiality: 3 changes, 1 minor; asks again for: statistics, personalisation; visitors of every site',
          '',
        ].join('\n'),
      )
      expect(io.err()).toBe('')
    })

    it('diff the other way round: every change is minor', async () => {
      const w = await versions()
      const io = captureIo(w.dir)
      expect(await run(['policy', 'diff', 'new.yaml', 'old.yaml'], io)).toBe(0)
      expect(io.out()).toMatch(
        /^minor {19}cookies\.lifetimeMonths {2}cookie lifetime goes from 13 to 6 months\n/m,
      )
      expect(io.out()).toMatch(/\nminor: 4 changes\n$/)
    })

    it('diff of a file with itself: no change', async () => {
      const io = captureIo(ROOT)
      expect(
        await run(['policy', 'diff', 'examples/temoin.yaml', 'examples/temoin.yaml'], io),
      ).toBe(0)
      expect(io.out()).toBe('no change\n')
    })

    it('diff needs two usable files', async () => {
      const one = captureIo(ROOT)
      expect(await run(['policy', 'diff', 'examples/temoin.yaml'], one)).toBe(2)
      expect(one.err()).toContain("USAGE: missing required argument 'new'")
      const w = await workdir()
      await writeFile(join(w.dir, 'bad.yaml'), 'cookies: { lifetimeMonths: 14 }\n')
      const bad = captureIo(w.dir)
      expect(
        await run(['policy', 'diff', 'bad.yaml', join(ROOT, 'examples/temoin.yaml')], bad),
      ).toBe(1)
      expect(bad.err()).toContain('POLICY_INVALID')
    })

    it('check --previous: a lowering version announced too late names the date to use; exit 1', async () => {
      const w = await versions('2026-11-20')
      const io = captureIo(w.dir)
      expect(await run(['policy', 'check', 'new.yaml', '--previous', 'old.yaml'], io)).toBe(1)
      expect(io.out()).toMatch(
        /^error {2}history\[0\]\.effective \(line \d+\) {2}\[notice-period\] is 2026-12-01, 11 days after its publication on 2026-11-20; .* Fix: set effective and history\[0\]\.effective to 2026-12-20 or later\.\n/,
      )
      expect(io.out()).toMatch(/new\.yaml: 1 error\n$/)
      // Without --previous, today's checks only.
      const alone = captureIo(w.dir)
      expect(await run(['policy', 'check', 'new.yaml'], alone)).toBe(0)
    })

    it('check --previous: announced 30 days ahead, the version is valid', async () => {
      const w = await versions('2026-11-01')
      const io = captureIo(w.dir)
      expect(await run(['policy', 'check', 'new.yaml', '--previous', 'old.yaml'], io)).toBe(0)
      expect(io.out()).toBe(
        'compared with old.yaml (version 2026-11): lowers confidentiality: 3 changes, 1 minor; asks again for: statistics, personalisation; visitors of every site\n' +
          'new.yaml: valid (version 2026-12)\n',
      )
    })
  })

  // The proof an inspector asks for: the receipts exported with their chain and digest, then a
  // flipped byte and a removed line each found by `receipts verify`, which names the line.
  it('receipts export writes the chain and prints the digest; verify finds a flipped byte and a removed line', async () => {
    const w = await workdir()
    const at = ['--config', w.config, '--data', w.data]
    expect(await run(['seed', '--events', '400', '--months', '2', ...at], captureIo(w.dir))).toBe(0)
    const io = captureIo(w.dir)
    const file = join(w.dir, 'receipts.csv')
    const to = new Date().toISOString().slice(0, 10)
    expect(
      await run(
        [
          'receipts',
          'export',
          '--site',
          'localhost',
          '--to',
          to,
          '--format',
          'csv',
          '--out',
          file,
          ...at,
        ],
        io,
      ),
    ).toBe(0)
    const digest = /^digest: ([0-9a-f]{64})$/m.exec(io.err())?.[1] ?? ''
    expect(io.err()).toMatch(/^\d+ receipts of localhost, /)
    const count = Number(/^(\d+) receipts/.exec(io.err())?.[1])
    expect(count).toBeGreaterThan(5)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    const text = await readFile(file, 'utf8')
    expect(text.split('\n')[0]).toBe(
      'id,time,site,policyVersion,granted,refused,deposit,expires,visitor,gpc,chain',
    )

    const verify = captureIo(w.dir)
    expect(await run(['receipts', 'verify', file, '--digest', digest], verify)).toBe(0)
    expect(verify.out()).toContain(`${count} receipts, intact (digest ${digest}, the one given)`)

    // A flipped byte on line 4 (the third receipt): its visitor column or its date.
    const lines = text.split('\n')
    const flipped = [...lines]
    flipped[3] = flipped[3]!.replace(/T(\d)/, (_, d: string) => `T${(Number(d) + 1) % 10}`)
    expect(flipped[3]).not.toBe(lines[3])
    await writeFile(file, flipped.join('\n'))
    const bad = captureIo(w.dir)
    expect(await run(['receipts', 'verify', file], bad)).toBe(1)
    expect(bad.err()).toContain(`RECEIPTS_EXPORT_BROKEN: ${file} line 4: receipt `)
    // The fifth line taken out: the next receipt (now line 5) no longer follows.
    await writeFile(file, lines.filter((_, i) => i !== 4).join('\n'))
    const removed = captureIo(w.dir)
    expect(await run(['receipts', 'verify', file], removed)).toBe(1)
    expect(removed.err()).toContain(`${file} line 5: receipt `)
    // A wrong parameter changes nothing and says which.
    const wrong = captureIo(w.dir)
    expect(await run(['receipts', 'export', '--site', 'nowhere.example', ...at], wrong)).toBe(1)
    expect(wrong.err()).toContain('RECEIPTS_QUERY_INVALID: site: name one of the policy')
  })

  it('seed writes N events over the months asked, then purge deletes what retention forbids', async () => {
    const w = await workdir()
    const io = captureIo(w.dir)
    expect(
      await run(
        ['seed', '--events', '20000', '--months', '25', '--config', w.config, '--data', w.data],
        io,
      ),
    ).toBe(0)
    expect(io.out()).toMatch(/^seeded 20000 events and 1000 consent receipts over 25 months/)

    const db = join(w.data, 'temoin.duckdb')
    let store = await createDuckdbStore({ path: db })
    const total = await store.countEvents({})
    const cutoff = addMonths(Date.now(), -13)
    const old = await store.countEvents({ to: cutoff })
    const sites = new Set((await store.listEvents({ limit: 5000 })).map((e) => e.site))
    const receipts = await store.listReceipts({ limit: 5000 })
    await store.close()
    // Receipts shaped like the collector's: every purpose named once, an id only with statistics.
    expect(receipts).toHaveLength(1000)
    for (const r of receipts) {
      expect([...r.granted, ...r.refused].sort()).toEqual(['personalisation', 'statistics'])
      expect(r.visitor !== null).toBe(r.granted.includes('statistics'))
      expect(r.expires).toBeGreaterThan(r.time)
    }
    expect(new Set(receipts.map((r) => r.granted.length)).size).toBe(3)
    expect(total).toBe(20000)
    expect(old).toBeGreaterThan(1000)
    expect([...sites].sort()).toEqual(['127.0.0.1', 'demo.temoin.example', 'localhost'])

    const purge = captureIo(w.dir)
    expect(await run(['purge', '--config', w.config, '--data', w.data], purge)).toBe(0)
    expect(purge.out()).toMatch(
      new RegExp(`^purged through the data folder: ${old} events before `),
    )
    store = await createDuckdbStore({ path: db })
    expect(await store.countEvents({})).toBe(total - old)
    expect(await store.countEvents({ to: cutoff - 60_000 })).toBe(0)
    await store.close()
  }, 60_000)

  it('serve (in-process) says policy warnings at start, answers, and stops cleanly on its signal', async () => {
    const w = await makeWorkdir()
    dirs.push(w.dir)
    const text = (await readFile(w.config, 'utf8')).replace(/refusalMonths: 6/, 'refusalMonths: 3')
    await writeFile(w.config, text)
    const stop = new AbortController()
    const io = captureIo(w.dir, stop.signal)
    const exit = run(['serve', '--config', w.config, '--data', w.data, '--port', '0'], io)
    let url: string | undefined
    for (let i = 0; i < 200 && !url; i++) {
      url = /listening on (\S+)/.exec(io.out())?.[1]
      if (!url) await new Promise((r) => setTimeout(r, 25))
    }
    expect(url, io.err()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(io.err()).toMatch(/policy: warning .*consent\.refusalMonths.*\[cnil-refusal-reask\]/)
    const health = await fetch(`${url}/healthz`)
    expect(await health.json()).toEqual({ ok: true, store: 'duckdb' })
    // The statistics are never public by default: without credentials the stats API refuses.
    const summary = `${url}/api/stats/summary?site=localhost`
    const refused = await fetch(summary)
    expect(refused.status).toBe(401)
    // An API token made while the server runs works at once.
    const made = captureIo(w.dir)
    expect(await run(['token', 'create', '--name', 'cli', '--data', w.data], made)).toBe(0)
    const token = /^ {4}(temoin_\S+)$/m.exec(made.out())?.[1] ?? ''
    const allowed = await fetch(summary, { headers: { authorization: `Bearer ${token}` } })
    expect(allowed.status).toBe(200)
    expect(((await allowed.json()) as { site: string }).site).toBe('localhost')
    stop.abort()
    expect(await exit).toBe(0)
    expect(io.err()).toContain('stopped: every accepted event is committed')
  })

  it('purge goes through the running server instead of failing on the lock; seed says the folder is busy', async () => {
    const w = await workdir()
    server = await startServerProcess({ config: w.config, data: w.data, port: await freePort() })
    const io = captureIo(w.dir)
    expect(await run(['purge', '--config', w.config, '--data', w.data], io)).toBe(0)
    expect(io.out()).toContain(`purged through the running server (${server.url})`)

    const seed = captureIo(w.dir)
    expect(
      await run(['seed', '--events', '10', '--config', w.config, '--data', w.data], seed),
    ).toBe(1)
    expect(seed.err()).toContain('STORE_LOCKED')
  }, 60_000)
})
