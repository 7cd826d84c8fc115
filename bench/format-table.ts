import type { BenchResults, PartResult } from './bench-part.js'
import { formatGoal, formatRatio, formatSpread, formatValue } from './format-figures.js'

/**
 * The run as plain-text tables for stdout: one table per part, its goals, and the parts that
 * failed or are not available yet.
 *
 * @example process.stdout.write(formatTable(results))
 */
export function formatTable(results: BenchResults): string {
  const m = results.machine
  const lines = [
    `Témoin bench — ${m.date} — ${m.cpu}, ${m.cores} cores, Node ${m.node} — commit ${m.commit.slice(0, 12)}${m.commit.endsWith('+dirty') ? '+dirty' : ''}`,
    '',
  ]
  for (const part of results.parts) lines.push(...formatPart(part), '')
  return lines.join('\n')
}

function formatPart(part: PartResult): string[] {
  const head = `${part.number}. ${part.title} [${part.id}] — ${part.seconds} s`
  if (part.status === 'not-available') return [head, `   not available yet: ${part.reason}`]
  if (part.status === 'failed') return [head, `   FAILED: ${part.error}`]
  const table = [
    ['figure', 'median', 'spread (min–max)', 'runs', 'ratio (same run)'],
    ...part.rows.map((r) => [
      r.label,
      formatValue(r.median, r.unit),
      formatSpread(r),
      String(r.runs),
      formatRatio(r.ratio),
    ]),
  ]
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)))
  const lines = [head]
  for (const row of table) {
    lines.push(
      '   ' +
        row
          .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
          .join('  ')
          .trimEnd(),
    )
  }
  for (const goal of part.goals) lines.push(`   goal: ${formatGoal(goal)}`)
  return lines
}
