/**
 * Mutation testing, one group of promise-keeping modules at a time:
 *
 *   npm run mutate -- protocol            one group (see GROUPS; `npm run mutate -- --list`)
 *   npm run mutate -- all                 every group, one after the other (hours)
 *   npm run mutate:changed                the promise modules changed since the last commit
 *   npm run mutate:changed -- --base main the promise modules a branch changed
 *
 * Stryker (stryker.config.mjs) plants each mutant in turn and runs the tests that cover it
 * (vitest.mutate.config.ts says which tests can see a mutant). A surviving mutant in a promise
 * module means a change that breaks a promise could land: the run exits 1 and names it. An
 * equivalent mutant is marked in the source with a `// Stryker disable next-line` comment that
 * gives the reason (docs/testing.md).
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { Stryker } from '@stryker-mutator/core'
import type { MutantResult } from '@stryker-mutator/api/core'
import { mutantSpans } from './mutant-spans.js'

interface Group {
  readonly about: string
  readonly mutate: readonly string[]
  /** The tsconfig that types these files (the browser code has its own). */
  readonly tsconfig?: string
  /** The tests that can see these files; by default every test in vitest.mutate.config.ts. */
  readonly tests?: readonly string[]
  /** Tests left out for this group (each with its reason at the group). */
  readonly skipTests?: readonly string[]
  /** The vitest config of the group's tests; by default vitest.mutate.config.ts (Node). */
  readonly vitestConfig?: string
}

/**
 * test/auth.test.ts logs in through a whole server (scrypt, rate limits: 52 s): it opens a store
 * only as a means, and it would run again for every store mutant that survives, which made a
 * store run take over four hours. The store's promises have their own tests.
 */
const NOT_AUTH_FLOWS = ['test/auth.test.ts']

/** The rollups and the group counts of src/store/: a group of their own, apart from store. */
const ROLLUPS = [
  'src/store/rollup.ts',
  'src/store/duckdb/duckdb-rollups.ts',
  'src/store/group-counts.ts',
  'src/store/group-count-sql.ts',
  'src/store/duckdb/count-groups.ts',
]

const NOT_TESTS = '!src/**/*.test.ts'

/** The budget and audit checks of a release: a group of their own (100 % asked), apart from publish. */
const PUBLISH_CHECKS = [
  'src/publish/check-budget.ts',
  'src/publish/budget-windows.ts',
  'src/publish/ledger.ts',
  'src/publish/audit-intervals.ts',
  'src/publish/audit-table.ts',
  'src/publish/find-violations.ts',
  'src/publish/check-release-spec.ts',
]

/** The groups of docs/testing.md, each a set of modules that keep one kind of promise. */
export const GROUPS: Readonly<Record<string, Group>> = {
  protocol: {
    about: 'what the browser and the collector agree on: payloads, consent cookie, limits, text',
    mutate: ['src/protocol/**/*.ts', NOT_TESTS],
  },
  auth: {
    about: 'admin secret, sessions and their lifetime, tokens, same-origin, login and read limits',
    // The tokens' file (0600, replaced atomically) is written by lib/private-json-file.
    mutate: ['src/auth/**/*.ts', 'src/lib/private-json-file.ts', NOT_TESTS],
  },
  collector: {
    about: 'the edge and the handlers: origin, rate limits, bodies, consent, events, erasure',
    mutate: ['src/collector/**/*.ts', NOT_TESTS],
  },
  'consent-records': {
    about:
      'the proof of consent on demand: the receipts query and the export with its digest chain',
    mutate: ['src/consent-records/**/*.ts', NOT_TESTS],
  },
  store: {
    about: 'the writer (ack after commit), retention, erasure, migrations, set-aside rows',
    mutate: [
      'src/store/**/*.ts',
      NOT_TESTS,
      '!src/store/clickhouse/**',
      ...ROLLUPS.map((file) => `!${file}`),
    ],
    skipTests: NOT_AUTH_FLOWS,
  },
  clickhouse: {
    about:
      'the ClickHouse store: writes, erasure, retention, its literals and dialect (a real 18.16 server and chdb)',
    mutate: ['src/store/clickhouse/**/*.ts', NOT_TESTS],
  },
  rollups: {
    about: 'the rollups (exactly what the raw events answer) and the group counts of a release',
    mutate: ROLLUPS,
    skipTests: NOT_AUTH_FLOWS,
  },
  'publish-checks': {
    about: 'the privacy budget and the disclosure audit of a release',
    mutate: PUBLISH_CHECKS,
  },
  publish: {
    about: 'the rest of a release: noise, suppression, partition selection, files',
    mutate: ['src/publish/**/*.ts', NOT_TESTS, ...PUBLISH_CHECKS.map((file) => `!${file}`)],
  },
  legal: {
    about:
      "the site's legal pages: the privacy page read against the policy, the archive of versions, the notice of a change",
    mutate: [
      'src/legal/**/*.ts',
      'src/eleventy/legal-pages.ts',
      'src/eleventy/legal-archive.ts',
      NOT_TESTS,
    ],
  },
  stats: {
    about: 'the definitions: a visit, an entry, a referrer, a campaign, a period',
    mutate: ['src/stats/**/*.ts', NOT_TESTS],
  },
  browser: {
    about: 'consent state and its lifetimes in the browser script',
    mutate: [
      'src/browser/read-choice.ts',
      'src/browser/write-cookie.ts',
      'src/browser/read-cookie.ts',
      'src/browser/delete-cookies.ts',
      'src/browser/ensure-visitor-id.ts',
    ],
    tsconfig: 'src/browser/tsconfig.json',
    // Their tests run in Chromium (Vitest's browser mode), where Vite serves the mutated modules.
    vitestConfig: 'vitest.mutate.browser.config.ts',
  },
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    changed: { type: 'boolean', default: false },
    base: { type: 'string', default: 'HEAD' },
    list: { type: 'boolean', default: false },
    // A static mutant (a module-level constant) cannot be traced to the tests that read it, so
    // it runs every related test after a module reload: in a large group these few mutants take
    // most of the time. A quick pass leaves them out; the score of docs/testing.md includes them.
    'ignore-static': { type: 'boolean', default: false },
    // An incremental run keeps a static mutant's result while its code is unchanged, even when a
    // new test would now kill it: --force tests every mutant again.
    force: { type: 'boolean', default: false },
  },
})

if (values.list) {
  for (const [name, group] of Object.entries(GROUPS))
    console.log(`${name.padEnd(16)}${group.about}`)
  process.exit(0)
}

const names = positionals[0] === 'all' ? Object.keys(GROUPS) : positionals
if (!values.changed && names.length === 0) {
  console.error('mutate: name a group (npm run mutate -- --list), `all`, or use --changed.')
  process.exit(2)
}
for (const name of names) {
  if (!GROUPS[name]) {
    console.error(`mutate: no group "${name}"; the groups are: ${Object.keys(GROUPS).join(', ')}.`)
    process.exit(2)
  }
}

let failed = false
if (values.changed) {
  failed = await runChanged(values.base)
} else {
  for (const name of names) failed = (await runGroup(name, GROUPS[name]!)) || failed
}
process.exit(failed ? 1 : 0)

/** Runs one group; true when a mutant survived. */
async function runGroup(name: string, group: Group, only?: readonly string[]): Promise<boolean> {
  console.log(`\nmutate: group ${name}: ${group.about}`)
  const started = Date.now()
  if (group.tests) process.env.TEMOIN_MUTATE_TESTS = group.tests.join(',')
  else delete process.env.TEMOIN_MUTATE_TESTS
  if (group.skipTests) process.env.TEMOIN_MUTATE_SKIP_TESTS = group.skipTests.join(',')
  else delete process.env.TEMOIN_MUTATE_SKIP_TESTS
  const settings = {
    ...(group.tsconfig ? { tsconfigFile: group.tsconfig } : {}),
    ...(group.vitestConfig ? { vitest: { configFile: group.vitestConfig, related: true } } : {}),
  }
  const results = await new Stryker({
    mutate: only ? [...only] : [...group.mutate],
    ...settings,
    ignoreStatic: values['ignore-static'],
    force: values.force,
    incrementalFile: `reports/mutation/${name}.incremental.json`,
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
  }).runMutationTest()
  return summarise(name, await remeasure(name, settings, results), Date.now() - started)
}

/**
 * Runs the survivors again (each one's own span: mutantSpans), each against every test related to its file rather than the tests
 * per-test coverage attributed to it: Stryker's vitest runner has left out of a mutant's
 * `coveredBy` tests that reach it and kill it when it is planted by hand (consent-records:
 * receipts-export.ts:157, whose 8 attributed tests did not include the 3 that fail on it;
 * stryker-js#6192 and #6073 report the same). A survivor counts only if it survives that too.
 * The results of the mutants run again replace the first run's.
 */
async function remeasure(
  name: string,
  settings: Record<string, unknown>,
  results: readonly MutantResult[],
): Promise<readonly MutantResult[]> {
  const survivors = results.filter((r) => r.status === 'Survived')
  if (survivors.length === 0) return results
  const spans = mutantSpans(survivors, process.cwd())
  console.log(`mutate: ${name}: ${survivors.length} survived; run again against every related test`)
  const again = await new Stryker({
    mutate: spans,
    ...settings,
    coverageAnalysis: 'off',
    incremental: false,
    reporters: ['progress-append-only', 'json'],
    jsonReporter: { fileName: `reports/mutation/${name}.remeasured.json` },
  }).runMutationTest()
  const key = (r: MutantResult) =>
    `${r.fileName}:${r.location.start.line}:${r.location.start.column}:${r.mutatorName}:${r.replacement ?? ''}`
  const second = new Map(again.map((r) => [key(r), r]))
  return results.map((r) => {
    const retried = r.status === 'Survived' ? second.get(key(r)) : undefined
    if (retried === undefined || retried.status === 'Survived') return r
    console.log(
      `  ${retried.status.toLowerCase()} when run again: ${r.fileName}:${r.location.start.line} ${r.mutatorName} → ${r.replacement ?? ''}`,
    )
    return retried
  })
}

function summarise(name: string, results: readonly MutantResult[], ms: number): boolean {
  const count = (...status: string[]) => results.filter((r) => status.includes(r.status)).length
  const killed = count('Killed', 'Timeout')
  const survived = results.filter((r) => r.status === 'Survived' || r.status === 'NoCoverage')
  const ignored = results.filter((r) => r.status === 'Ignored')
  const skipped = ignored.filter((r) => /static/i.test(r.statusReason ?? '')).length
  const valid = killed + survived.length
  const score = valid === 0 ? 100 : (100 * killed) / valid
  console.log(
    `mutate: ${name}: ${results.length} mutants, ${killed} killed, ${survived.length} survived, ` +
      `${count('CompileError')} not compiling, ${ignored.length - skipped} marked equivalent` +
      (skipped ? `, ${skipped} static left out (--ignore-static)` : '') +
      '; ' +
      `score ${score.toFixed(1)} %; ${(ms / 60_000).toFixed(1)} min`,
  )
  for (const r of survived) {
    console.log(
      `  survived: ${r.fileName}:${r.location.start.line} ${r.mutatorName} → ${r.replacement ?? ''}`,
    )
  }
  return survived.length > 0
}

/** The promise modules changed since `base`, each run with its own group's settings. */
async function runChanged(base: string): Promise<boolean> {
  // What differs from `base` in the working tree (so, by default, the change about to be
  // committed), and new files not yet added.
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).split('\n')
  const changed = [
    ...git('diff', '--name-only', '--diff-filter=AMR', base, '--', 'src'),
    ...git('ls-files', '--others', '--exclude-standard', '--', 'src'),
  ].filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  let failed = false
  for (const [name, group] of Object.entries(GROUPS)) {
    const files = changed.filter((file) => inGroup(file, group))
    if (files.length > 0) failed = (await runGroup(name, group, files)) || failed
  }
  if (!changed.some((file) => Object.values(GROUPS).some((group) => inGroup(file, group)))) {
    console.log(`mutate: no promise module changed since ${base}.`)
  }
  return failed
}

function inGroup(file: string, group: Group): boolean {
  const matches = (glob: string) => path.matchesGlob(file, glob)
  const include = group.mutate.filter((glob) => !glob.startsWith('!'))
  const exclude = group.mutate.filter((glob) => glob.startsWith('!')).map((glob) => glob.slice(1))
  return include.some(matches) && !exclude.some(matches)
}
