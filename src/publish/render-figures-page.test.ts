import { describe, expect, it } from 'vitest'
import {
  dpRelease,
  dpTable,
  exactRelease,
  exactTable,
} from '../../test/helpers/release-fixtures.js'
import { renderFiguresPage } from './render-figures-page.js'

/** An exact release of two tables, one with two dimensions and a margin (`*`) in the second. */
const twoTables = exactRelease({
  tables: [
    exactTable(),
    exactTable({
      name: 'by-country-device',
      dimensions: ['country', 'device'],
      cells: [
        { key: ['FR', 'mobile'], value: 40, status: 'published' },
        { key: ['FR', '*'], value: 60, status: 'published' },
      ],
    }),
  ],
})

describe('renderFiguresPage', () => {
  // The page a site shows its readers, whole: a change to any of its words, its markup, the
  // order of its rows or what a withheld figure looks like fails here.
  // kills: render-figures-page.ts:15–20 and :41–56 StringLiteral / ArrayDeclaration (the title,
  // the protection sentence, the page's template, `<td>` cells, the joins of cells, rows and
  // tables), :17 and :40 (the mechanism's branch), :19 `audit?.solver ?? 'HiGHS'` and
  // `linkedReleases.length ?? 0` → `&&`, :44 and :47 (a withheld value, a margin key `*` → All),
  // :5 Regex `[^&<>"']` (every ordinary letter would be escaped).
  it('shows an exact release: each table, withheld figures as —, margins as All, the audit', () => {
    expect(renderFiguresPage(twoTables)).toBe(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>regions-2026 — example.org, 2026-03-01 to 2026-04-01</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}.w{color:#666}</style>
</head>
<body>
<h1>regions-2026 — example.org, 2026-03-01 to 2026-04-01</h1>
<p>Exact counts: figures about too few visitors are withheld, with other figures so that they cannot be recomputed; an LP audit (HiGHS 1.11) checked this release against 2 earlier one(s).</p>
<p>Protected: every published figure counts at least 4 distinct visitors</p>
<h2>regions</h2>
<table>
<thead><tr><th>country</th><th>pageviews</th></tr></thead>
<tbody>
<tr><td>FR</td><td class="n">60</td></tr>
<tr><td>BE</td><td class="n w" title="suppressed-primary">—</td></tr>
<tr><td>CH</td><td class="n w" title="suppressed-secondary">—</td></tr>
<tr><td>All</td><td class="n">90</td></tr>
</tbody>
</table>
<h2>by-country-device</h2>
<table>
<thead><tr><th>country</th><th>device</th><th>pageviews</th></tr></thead>
<tbody>
<tr><td>FR</td><td>mobile</td><td class="n">40</td></tr>
<tr><td>FR</td><td>All</td><td class="n">60</td></tr>
</tbody>
</table>
<p class="w">Published 2026-04-02T08:00:00.000Z by Témoin. A withheld figure is shown as “—”, never as 0.</p>
</body>
</html>
`)
  })

  // kills: render-figures-page.ts:19 OptionalChaining `release.audit.solver` (throws) and the
  // defaults 'HiGHS' and 0 (StringLiteral, and `??` → `&&`, which would print "undefined").
  it('names HiGHS and no earlier release when an exact release carries no audit', () => {
    const page = renderFiguresPage(exactRelease({ audit: undefined }))
    expect(page).toContain('an LP audit (HiGHS) checked this release against 0 earlier one(s).')
  })

  // kills: render-figures-page.ts:18 StringLiteral / LogicalOperator of ε and δ, :41 '± (95%)',
  // :48 the margin cell (`c.margin ?? ''` → `&&`, '' → another text, dp → false).
  it('shows a DP release with its ε, δ and each figure’s 95% margin', () => {
    const page = renderFiguresPage(dpRelease())
    expect(page).toContain(
      '<p>Differential privacy: every figure has exact random noise added; ε = 0.5, δ = 1e-7 for this release.</p>',
    )
    expect(page).toContain(
      '<thead><tr><th>country</th><th>pageviews</th><th>± (95%)</th></tr></thead>\n<tbody>\n' +
        '<tr><td>FR</td><td class="n">1204</td><td class="n">48</td></tr>\n' +
        '<tr><td>BE</td><td class="n w" title="below-threshold">—</td><td class="n">48</td></tr>\n' +
        '</tbody>',
    )
  })

  // kills: render-figures-page.ts:18 OptionalChaining `release.budget.epsilon` (throws), the
  // defaults '?' and 0, and :48 '' for a missing margin.
  it('shows ε = ? and δ = 0 for a DP release without its budget, and an empty margin when none is known', () => {
    const page = renderFiguresPage(
      dpRelease({
        budget: undefined,
        tables: [dpTable({ cells: [{ key: ['FR'], value: 3, status: 'published' }] })],
      }),
    )
    expect(page).toContain('; ε = ?, δ = 0 for this release.</p>')
    expect(page).toContain('<tr><td>FR</td><td class="n">3</td><td class="n"></td></tr>')
  })

  // A page is the visitor's text published: a path, a referrer or an event name can hold markup.
  // kills: render-figures-page.ts:5 StringLiteral `&#…;` → '' (the sign would vanish) and the
  // escapes of each part (name, site, unit, table name, key, status, date).
  it('escapes every text it shows: no markup of a visitor or an operator runs on the page', () => {
    const evil = `<img src=x onerror="alert('&')">`
    const escaped = '&#60;img src=x onerror=&#34;alert(&#39;&#38;&#39;)&#34;&#62;'
    const page = renderFiguresPage(
      dpRelease({
        name: evil,
        site: evil,
        protectedUnit: evil,
        createdAt: evil,
        tables: [
          dpTable({
            name: evil,
            cells: [{ key: [evil], value: null, status: evil as 'published', margin: 1 }],
          }),
        ],
      }),
    )
    expect(page).not.toContain('<img')
    expect(page).toContain(`<title>${escaped} — ${escaped}, 2026-01-01 to 2026-07-01</title>`)
    expect(page).toContain(`<p>Protected: ${escaped}</p>`)
    expect(page).toContain(`<h2>${escaped}</h2>`)
    expect(page).toContain(`<tr><td>${escaped}</td><td class="n w" title="${escaped}">—</td>`)
    expect(page).toContain(`<p class="w">Published ${escaped} by Témoin.`)
  })

  // The solver's name is part of the protection sentence, which is escaped as a whole: escaped
  // once more on its own, `&` showed as `&#38;` on the page.
  it('escapes the solver named in an exact release once, with the rest of its sentence', () => {
    const base = exactRelease()
    const page = renderFiguresPage(
      exactRelease({ audit: { ...base.audit!, solver: `HiGHS <1.11> & co` } }),
    )
    expect(page).toContain('an LP audit (HiGHS &#60;1.11&#62; &#38; co) checked this release')
  })
})
