import { describe, expect, it } from 'vitest'
import { policySchema } from '../policy/policy-schema.js'
import { inspectReleaseSpecText } from './load-release-spec.js'

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

  it('refuses visitor counts in exact mode: they do not add up', () => {
    const text = `name: r\nsite: example.org\nperiod: { from: 2026-01-01, to: 2026-02-01 }\nmechanism: exact\ntables:\n  - { name: t, metric: visitors, dimensions: [device] }\n`
    const { problems } = inspectReleaseSpecText(text, 'release.yaml', policy)
    expect(problems.map((p) => p.rule)).toEqual(['exact-additive'])
  })
})
