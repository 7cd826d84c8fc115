import { TOTAL } from './published-table.js'
import type { PublishedTable } from './published-table.js'
import type { Release } from './release.js'

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/**
 * The public figures page of a release: one self-contained HTML page (no script, no external
 * resource) with each table, what protects it, and the budget or the audit — so that a site can
 * show its own audience figures with what they guarantee.
 *
 * @example await writeFile('out/index.html', renderFiguresPage(release))
 */
export function renderFiguresPage(release: Release): string {
  const title = `${release.name} — ${release.site}, ${release.period.from} to ${release.period.to}`
  const protection =
    release.mechanism === 'dp'
      ? `Differential privacy: every figure has exact random noise added; ε = ${release.budget?.epsilon ?? '?'}, δ = ${release.budget?.delta ?? 0} for this release.`
      : `Exact counts: figures about too few visitors are withheld, with other figures so that they cannot be recomputed; an LP audit (${release.audit?.solver ?? 'HiGHS'}) checked this release against ${release.audit?.linkedReleases.length ?? 0} earlier one(s).`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}.w{color:#666}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(protection)}</p>
<p>Protected: ${escapeHtml(release.protectedUnit)}</p>
${release.tables.map(renderTable).join('\n')}
<p class="w">Published ${escapeHtml(release.createdAt)} by Témoin. A withheld figure is shown as “—”, never as 0.</p>
</body>
</html>
`
}

function renderTable(table: PublishedTable): string {
  const dp = table.protection.mechanism === 'dp'
  const head = [...table.dimensions, table.metric, ...(dp ? ['± (95%)'] : [])]
  const rows = table.cells.map((c) => {
    const value =
      c.value === null
        ? `<td class="n w" title="${escapeHtml(c.status)}">—</td>`
        : `<td class="n">${c.value}</td>`
    const keys = c.key.map((k) => `<td>${k === TOTAL ? 'All' : escapeHtml(k)}</td>`).join('')
    return `<tr>${keys}${value}${dp ? `<td class="n">${c.margin ?? ''}</td>` : ''}</tr>`
  })
  return `<h2>${escapeHtml(table.name)}</h2>
<table>
<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
}
