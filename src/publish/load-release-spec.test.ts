import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { testFolder } from '../../test/helpers/test-folder.js'
import { policySchema } from '../policy/policy-schema.js'
import {
  inspectReleaseSpecText,
  loadReleaseSpec,
  parseReleaseSpecText,
} from './load-release-spec.js'

const policy = policySchema.parse({
  version: '1',
  effective: '2026-01-01',
  controller: { name: 'Démo', contact: 'dpo@example.org' },
  sites: [{ domain: 'example.org' }],
  purposes: {
    statistics: {
      basis: 'exempt',
      title: { fr: 'Mesure', en: 'Measure' },
      description: { fr: 'Compter.', en: 'Count.' },
    },
  },
})

const VALID = `name: media-kit
site: example.org
period: { from: 2026-01-01, to: 2026-07-01 }
tables:
  - name: pageviews-by-country-month
    metric: pageviews
    dimensions: [country, month]
    values: { country: [FR, BE] }
    epsilon: 0.5
  - name: pages
    metric: pageviews
    dimensions: [path]
    epsilon: 0.25
    delta: 1e-8
`

describe('inspectReleaseSpecText', () => {
  it('reads a valid spec and fills the defaults', () => {
    const { spec, problems } = inspectReleaseSpecText(VALID, 'release.yaml', policy)
    expect(problems).toEqual([])
    expect(spec?.mechanism).toBe('dp')
    expect(spec?.anonymousHits).toBe('include')
    expect(spec?.tables[0]?.bounds).toEqual({ cellsPerVisitor: 4, eventsPerCell: 2 })
  })

  it('names the key, the line, the rule and the fix of each problem, all at once', () => {
    const text = VALID.replace('site: example.org', 'site: other.example')
      .replace('to: 2026-07-01', 'to: 2025-07-01')
      .replace('    delta: 1e-8\n', '')
      .replace('    epsilon: 0.5\n', '    epsilon: 0.9\n    event: download\n')
    const { spec, problems } = inspectReleaseSpecText(text, 'release.yaml', policy)
    expect(spec).toBeNull()
    expect(problems.map((p) => [p.key, p.line, p.rule])).toEqual([
      ['period.to', 3, 'period-order'],
      ['site', 2, 'site-unknown'],
      ['tables[0].event', 10, 'event-metric'],
      ['tables[1].delta', 11, 'delta-required'],
      ['tables', 4, 'budget-cap'],
    ])
    expect(problems[3]?.fix).toContain('list the values of path')
  })

  it('reports schema problems with their line, and YAML syntax with line and column', () => {
    const typo = inspectReleaseSpecText(
      VALID.replace(
        '    metric: pageviews\n    dimensions: [path]',
        '    metric: hits\n    dimensions: [path]',
      ),
      'release.yaml',
      policy,
    )
    expect(typo.problems.map((p) => [p.key, p.line, p.rule])).toEqual([
      ['tables[1].metric', 11, 'one-of'],
    ])
    const syntax = inspectReleaseSpecText('name: [a\n', 'release.yaml', policy)
    expect(syntax.problems[0]?.rule).toBe('yaml-syntax')
    expect(syntax.problems[0]?.message).toMatch(/^release\.yaml:\d+:\d+: /)
  })

  // A day is the whole value: text before or after it is a format problem, told as such, and
  // never read as a day that does not exist.
  it('refuses a day with text before or after it as a format problem', () => {
    for (const day of ['x2026-01-01', '2026-01-01x', '2026-01-01T00:00']) {
      const text = VALID.replace('from: 2026-01-01', `from: "${day}"`)
      const { spec, problems } = inspectReleaseSpecText(text, 'release.yaml', policy)
      expect(spec).toBeNull()
      expect(problems.map((p) => [p.key, p.rule])).toEqual([['period.from', 'format']])
      expect(problems[0]?.fix).toBe('write a date written YYYY-MM-DD.')
    }
  })

  // A name becomes a file name and a ledger key: the whole of it is checked, not a part.
  it('refuses a name with a character outside the rule at either end, or longer than 64', () => {
    for (const bad of ['Media-kit', 'media-kit!', '-kit', `k${'a'.repeat(64)}`]) {
      const text = VALID.replace('name: media-kit', `name: "${bad}"`)
      const { spec, problems } = inspectReleaseSpecText(text, 'release.yaml', policy)
      expect(spec).toBeNull()
      expect(problems.map((p) => [p.key, p.rule])).toEqual([['name', 'format']])
      expect(problems[0]?.fix).toBe(
        'write lower-case letters, digits and "-", at most 64 characters.',
      )
    }
    const longest = VALID.replace('name: media-kit', `name: k${'a'.repeat(63)}`)
    expect(inspectReleaseSpecText(longest, 'release.yaml', policy).problems).toEqual([])
  })

  it('refuses visitor counts in exact mode: they do not add up', () => {
    const text = `name: r\nsite: example.org\nperiod: { from: 2026-01-01, to: 2026-02-01 }\nmechanism: exact\ntables:\n  - { name: t, metric: visitors, dimensions: [device] }\n`
    const { problems } = inspectReleaseSpecText(text, 'release.yaml', policy)
    expect(problems.map((p) => p.rule)).toEqual(['exact-additive'])
  })
})

describe('reading a release spec: what the operator is told', () => {
  // A spec can come over the admin API: the "billion laughs" (aliases of aliases) must be refused
  // as a problem of the file, not expanded and not thrown.
  // kills: load-release-spec.ts:53 BlockStatement → {} (the schema would then report the
  // expansion's absence instead), :56–59 StringLiteral (key, rule, message, fix), :61
  // ArrayDeclaration → [] (no problem at all for an unusable file).
  it('refuses a spec whose aliases would expand past the limit, as a YAML problem with its fix', () => {
    const alias = (name: string, of: string) =>
      `${name}: &${name} [${Array.from({ length: 10 }, () => `*${of}`).join(', ')}]`
    const bomb = [
      'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]',
      alias('b', 'a'),
      alias('c', 'b'),
      alias('d', 'c'),
      'name: *d',
      '',
    ].join('\n')
    expect(inspectReleaseSpecText(bomb, 'release.yaml', policy)).toEqual({
      spec: null,
      problems: [
        {
          severity: 'error',
          key: '',
          rule: 'yaml-syntax',
          message: 'release.yaml: Excessive alias count indicates a resource exhaustion attack.',
          fix: 'write the values out instead of using YAML aliases.',
        },
      ],
    })
  })

  // kills: load-release-spec.ts:103 StringLiteral / ConditionalExpression / EqualityOperator of
  // "1 error" and "N errors", :100 the filter of errors, :104 the details.
  it('throws RELEASE_INVALID naming the file, how many errors, and each with its line and fix', () => {
    const one = VALID.replace('site: example.org', 'site: other.example')
    expect(() => parseReleaseSpecText(one, 'release.yaml', policy)).toThrow(
      expect.objectContaining({
        code: 'RELEASE_INVALID',
        message: 'release.yaml: 1 error',
        where: 'release.yaml',
        details: [expect.stringMatching(/^error {2}site \(line 2\) {2}\[site-unknown\] .* Fix: /)],
      }),
    )
    const two = one.replace('to: 2026-07-01', 'to: 2025-07-01')
    expect(() => parseReleaseSpecText(two, 'spec.yaml', policy)).toThrow(
      expect.objectContaining({ message: 'spec.yaml: 2 errors', where: 'spec.yaml' }),
    )
    expect(parseReleaseSpecText(VALID, 'release.yaml', policy).name).toBe('media-kit')
  })

  // kills: load-release-spec.ts:83 StringLiteral / ObjectLiteral (the message, where and cause
  // of an unreadable file).
  it('loads a spec file, and says which file it cannot read', async () => {
    const dir = await testFolder('temoin-release-spec-')
    const path = join(dir, 'release.yaml')
    await writeFile(path, VALID)
    expect(await loadReleaseSpec(path, policy)).toEqual(
      inspectReleaseSpecText(VALID, 'release.yaml', policy).spec,
    )
    const missing = join(dir, 'missing.yaml')
    const error = await loadReleaseSpec(missing, policy).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'RELEASE_INVALID',
      message: `cannot read the release spec ${missing}.`,
      where: missing,
      cause: { code: 'ENOENT' },
    })
  })

  // kills: load-release-spec.ts:42 StringLiteral: the template → `` and split('\n') → split('')
  // (the message cut to its first character); the mark above that line names why the rest of
  // its string literals are equivalent.
  it('tells where a YAML syntax error is: the file, line and column, and the first line of what is wrong', () => {
    const { spec, problems } = inspectReleaseSpecText('name: x\nsite: "a\n', 'release.yaml', policy)
    expect(spec).toBeNull()
    expect(problems).toEqual([
      {
        severity: 'error',
        key: '',
        rule: 'yaml-syntax',
        message: 'release.yaml:3:1: Missing closing "quote at line 3, column 1:',
        fix: 'correct the YAML at that line.',
      },
    ])
  })

  // A whole-file problem has no key to point at: it carries no line either, as in
  // `temoin policy check` (a line would point at whatever the file starts with).
  // kills: load-release-spec.ts:48 ConditionalExpression → false and StringLiteral (a key of ''
  // located as the document's first line).
  it('reports a file that is not a mapping as a problem of the whole file, without a line', () => {
    for (const text of ['hello\n', '- a\n- b\n']) {
      const { spec, problems } = inspectReleaseSpecText(text, 'release.yaml', policy)
      expect(spec).toBeNull()
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatchObject({ key: '', rule: 'type' })
      expect(problems[0]).not.toHaveProperty('line')
      expect(problems[0]).not.toHaveProperty('column')
    }
  })

  // The fix speaks of the file at hand: a release spec is not the policy, and
  // examples/temoin.yaml is no place to start one.
  it('tells how to write a release spec, not a policy, when the file is not a mapping or empty', () => {
    for (const text of ['hello\n', '']) {
      const { problems } = inspectReleaseSpecText(text, 'release.yaml', policy)
      expect(problems.map((p) => p.fix)).toEqual([
        'write the release spec as `key: value` lines; start from the example of docs/publish.md, "The release spec".',
      ])
    }
  })
})
