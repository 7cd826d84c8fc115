import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../lib/app-error.js'
import { inspectConfig, inspectConfigText, loadConfig } from './load-config.js'

const EXAMPLE = new URL('../../examples/temoin.yaml', import.meta.url)

/** The smallest valid file: every key with a default left out. */
const MINIMAL = `version: '1'
effective: '2026-11-01'
controller: { name: Démo, contact: dpo@example.org }
sites:
  - domain: example.org
purposes:
  statistics:
    basis: exempt
    title: { fr: Mesure d'audience, en: Audience measurement }
    description: { fr: Compter les visites., en: Counting visits. }
`

async function tempFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'temoin-policy-'))
  const path = join(dir, 'temoin.yaml')
  await writeFile(path, text)
  return path
}

describe('inspectConfigText', () => {
  it('accepts examples/temoin.yaml with no problem at all', async () => {
    const text = await readFile(EXAMPLE, 'utf8')
    const report = inspectConfigText(text, 'examples/temoin.yaml')
    expect(report.problems).toEqual([])
    expect(report.config?.policy.version).toBe('2026-11')
    expect(report.config?.server.port).toBe(8080)
    expect(Object.keys(report.config?.policy.purposes ?? {})).toEqual([
      'statistics',
      'personalisation',
    ])
  })

  it('fills every default of a minimal file', () => {
    const { config, problems } = inspectConfigText(MINIMAL, 'min.yaml')
    expect(problems).toEqual([])
    expect(config?.policy.languages).toEqual(['fr', 'en'])
    expect(config?.policy.cookies).toEqual({ lifetimeMonths: 13 })
    expect(config?.policy.consent).toEqual({ validityMonths: 13, refusalMonths: 6 })
    expect(config?.policy.retention).toEqual({ eventsMonths: 13, receiptsMonths: 60 })
    expect(config?.policy.publication).toEqual({
      minGroupSize: 10,
      budget: { epsilon: 1, delta: 1e-7, windowMonths: 12 },
    })
    expect(config?.policy.recipients).toEqual([])
    expect(config?.policy.history).toEqual([])
    expect(config?.policy.sites).toEqual([{ domain: 'example.org', subdomains: false }])
    expect(config?.server).toEqual({
      host: '127.0.0.1',
      port: 8080,
      trustProxy: false,
      rateLimitPerMinute: 600,
      purgeEveryMinutes: 60,
      dashboard: {
        publicSites: [],
        sessionHours: 12,
        secureCookie: false,
        rateLimitPerMinute: 600,
        queryConcurrency: 4,
        queryQueue: 256,
      },
      timeouts: { headersSeconds: 10, requestSeconds: 30, keepAliveSeconds: 5 },
      maxConnections: 512,
    })
    // The policy holds the policy's keys only; the server section is split out.
    expect(config?.policy).not.toHaveProperty('server')
  })

  it('reports a YAML syntax error with its line and column, and no config', () => {
    const { config, problems } = inspectConfigText(
      "version: '1'\nsites: [a, b\npurposes: x\n",
      'bad.yaml',
    )
    expect(config).toBeNull()
    expect(problems[0]).toMatchObject({
      severity: 'error',
      key: '',
      rule: 'yaml-syntax',
      line: 3,
      column: 1,
    })
    expect(problems[0]?.message).toMatch(/^bad\.yaml:3:1: Flow sequence/)
  })

  it('treats a repeated key as a syntax error, not a silent override', () => {
    const { problems } = inspectConfigText(`${MINIMAL}version: '2'\n`, 'dup.yaml')
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ rule: 'yaml-syntax', line: 11 })
    expect(problems[0]?.message).toContain('Map keys must be unique')
  })

  it('names an unknown key and the key it probably meant, with its line', () => {
    const { config, problems } = inspectConfigText(
      `${MINIMAL}cookeis:\n  lifetimeMonths: 13\n`,
      'x.yaml',
    )
    expect(config).toBeNull()
    expect(problems).toEqual([
      {
        severity: 'error',
        key: 'cookeis',
        rule: 'unknown-key',
        message: 'unknown key; did you mean "cookies"?',
        fix: 'rename it to "cookies".',
        line: 11,
        column: 1,
      },
    ])
  })

  it('reads a ClickHouse store with its defaults, and refuses a password or a bad address in the file', () => {
    const ok = inspectConfigText(
      `${MINIMAL}store:\n  clickhouse:\n    url: http://127.0.0.1:8123\n`,
      'x.yaml',
    )
    expect(ok.problems).toEqual([])
    expect(ok.config?.store).toEqual({
      clickhouse: {
        url: 'http://127.0.0.1:8123',
        database: 'temoin',
        username: 'default',
        insertQuorum: 1,
      },
    })
    expect(inspectConfigText(MINIMAL, 'x.yaml').config).not.toHaveProperty('store')
    const refused = (yaml: string) =>
      inspectConfigText(`${MINIMAL}store:\n  clickhouse:\n${yaml}`, 'x.yaml').problems.map(
        (p) => `${p.key} ${p.rule}`,
      )
    // The password comes from the environment only: in the file it is an unknown key.
    expect(refused('    url: http://h:8123\n    password: hunter2\n')).toEqual([
      'store.clickhouse.password unknown-key',
    ])
    for (const url of ['ftp://h:21', 'http://user:pw@h:8123', 'http://h:8123/db', 'h:8123'])
      expect(refused(`    url: "${url}"\n`), url).toHaveLength(1)
    expect(refused('    url: http://h:8123\n    database: "x; DROP"\n')).toHaveLength(1)
    const cluster = inspectConfigText(
      `${MINIMAL}store:\n  clickhouse:\n    url: http://h:8123\n    cluster: main\n    insertQuorum: 2\n`,
      'x.yaml',
    )
    expect(cluster.config?.store?.clickhouse).toMatchObject({ cluster: 'main', insertQuorum: 2 })
    for (const bad of ['cluster: "a b"', 'cluster: "ｍａｉｎ"', 'cluster: ""'])
      expect(refused(`    url: http://h:8123\n    ${bad}\n`), bad).toHaveLength(1)
    // Between keys: a quorum without a cluster, said with its line.
    const quorum = inspectConfigText(
      `${MINIMAL}store:\n  clickhouse:\n    url: http://h:8123\n    insertQuorum: 2\n`,
      'x.yaml',
    )
    expect(quorum.config).toBeNull()
    expect(quorum.problems).toMatchObject([
      {
        severity: 'error',
        key: 'store.clickhouse.insertQuorum',
        rule: 'store-quorum-cluster',
        line: MINIMAL.split('\n').length + 3,
      },
    ])
    for (const quorum of ['0', '17', '1.5', '"2"'])
      expect(refused(`    url: http://h:8123\n    insertQuorum: ${quorum}\n`), quorum).toHaveLength(
        1,
      )
  })

  it('lists the allowed keys when an unknown key is not close to any', () => {
    const { problems } = inspectConfigText(
      `${MINIMAL}cookies: { lifetimeMonths: 13, banana: 1 }\n`,
      'x.yaml',
    )
    expect(problems[0]).toMatchObject({
      key: 'cookies.banana',
      rule: 'unknown-key',
      message: 'unknown key.',
    })
    expect(problems[0]?.fix).toBe('remove it; the keys allowed here are: lifetimeMonths.')
  })

  it('says what type was expected and quotes what was found', () => {
    const { problems } = inspectConfigText(
      `${MINIMAL}cookies:\n  lifetimeMonths: 13 months\n`,
      'x.yaml',
    )
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({
      key: 'cookies.lifetimeMonths',
      rule: 'type',
      message: 'expected a number, got "13 months".',
      line: 12,
    })
  })

  it('reports every problem of a file at once, in the order of the file', () => {
    const text = `version: 2026
effective: '2026-11-01'
langages: [fr]
controller: { name: X }
sites: [{ domain: Example.org }]
purposes:
  statistics: { basis: exmpt, title: { fr: S, en: S }, description: { fr: S, en: S } }
cookies: { lifetimeMonths: 13 months }
server: { port: 70000 }
`
    const { config, problems } = inspectConfigText(text, 'x.yaml')
    expect(config).toBeNull()
    expect(problems.map((p) => [p.key, p.rule, p.line])).toEqual([
      ['version', 'type', 1],
      ['langages', 'unknown-key', 3],
      ['controller.contact', 'required', 4],
      ['sites[0].domain', 'format', 5],
      ['purposes.statistics.basis', 'one-of', 7],
      ['cookies.lifetimeMonths', 'type', 8],
      ['server.port', 'range', 9],
    ])
    expect(problems.find((p) => p.key === 'purposes.statistics.basis')?.fix).toBe('write "exempt".')
  })

  it('reports required keys missing from a near-empty file', () => {
    const { problems } = inspectConfigText("version: '1'\n", 'x.yaml')
    expect(problems.map((p) => [p.key, p.rule])).toEqual([
      ['effective', 'required'],
      ['controller', 'required'],
      ['sites', 'required'],
      ['purposes', 'required'],
    ])
  })

  it('says so when the file is empty', () => {
    const { config, problems } = inspectConfigText('', 'x.yaml')
    expect(config).toBeNull()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ key: '', rule: 'type' })
  })

  it('runs the CNIL rules once the structure is valid, with lines', () => {
    const text = `${MINIMAL}cookies: { lifetimeMonths: 14 }\nretention: { eventsMonths: 30 }\n`
    const { config, problems } = inspectConfigText(text, 'x.yaml')
    expect(config).toBeNull()
    expect(problems.map((p) => [p.key, p.rule, p.line])).toEqual([
      ['cookies.lifetimeMonths', 'cnil-cookie-lifetime', 11],
      ['retention.eventsMonths', 'cnil-events-retention', 12],
    ])
  })

  it('keeps the config when there are only warnings', () => {
    const { config, problems } = inspectConfigText(
      `${MINIMAL}publication: { minGroupSize: 3 }\n`,
      'x.yaml',
    )
    expect(problems.map((p) => [p.severity, p.rule])).toEqual([
      ['warning', 'publication-min-group'],
    ])
    expect(config?.policy.publication.minGroupSize).toBe(3)
  })
})

describe('inspectConfig', () => {
  it('reports an unreadable file as one problem', async () => {
    const { config, problems } = await inspectConfig('/nonexistent/temoin.yaml')
    expect(config).toBeNull()
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatchObject({ severity: 'error', key: '', rule: 'file-unreadable' })
    expect(problems[0]?.message).toContain('ENOENT')
  })
})

describe('loadConfig', () => {
  it('returns the config of a valid file', async () => {
    const config = await loadConfig(await tempFile(MINIMAL))
    expect(config.policy.purposes['statistics']?.basis).toBe('exempt')
  })

  it('does not fail on warnings', async () => {
    const config = await loadConfig(await tempFile(`${MINIMAL}consent: { refusalMonths: 2 }\n`))
    expect(config.policy.consent.refusalMonths).toBe(2)
  })

  it.each([
    ['POLICY_NOT_FOUND', () => Promise.resolve('/nonexistent/temoin.yaml')],
    ['POLICY_SYNTAX', () => tempFile('a: [1\n')],
    ['POLICY_INVALID', () => tempFile(`${MINIMAL}cookies: { lifetimeMonths: 14 }\n`)],
  ] satisfies [string, () => Promise<string>][])('throws %s', async (code, makePath) => {
    const path = await makePath()
    const error = await loadConfig(path).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe(code)
    expect((error as AppError).message).toContain(path)
  })

  it('puts every problem, formatted, in the details', async () => {
    const path = await tempFile(
      `${MINIMAL}cookies: { lifetimeMonths: 14 }\npublication: { minGroupSize: 3 }\n`,
    )
    const error = (await loadConfig(path).catch((e: unknown) => e)) as AppError
    expect(error.message).toBe(
      `${path}: 1 error; first: cookies.lifetimeMonths is 14 months; the CNIL allows at most 13 months from the first deposit.`,
    )
    expect(error.details).toEqual([
      'error  cookies.lifetimeMonths (line 11)  [cnil-cookie-lifetime] is 14 months; the CNIL allows at most 13 months from the first deposit. Fix: set 13 or less.',
      'warning  publication.minGroupSize (line 12)  [publication-min-group] is 3; groups this small are easy to re-identify by combining figures. Fix: set 5 or more (10 is the default).',
    ])
  })
})

describe('inspectConfigText on hostile input', () => {
  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 12; i++) {
      bomb.push(
        `a${i}: &a${i} [${Array.from({ length: 10 }, () => (i === 1 ? '*a' : `*a${i - 1}`)).join(', ')}]`,
      )
    }
    const { config, problems } = inspectConfigText(`${bomb.join('\n')}\n`, 'bomb.yaml')
    expect(config).toBeNull()
    expect(problems[0]).toMatchObject({ key: '', rule: 'yaml-syntax' })
  })
})
