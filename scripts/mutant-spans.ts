import path from 'node:path'
import type { MutantResult } from '@stryker-mutator/api/core'

/**
 * Stryker `mutate` ranges that hold exactly these mutants' spans (each once), so that a run on
 * them plants these mutants and the few nested inside them, not every mutant of their lines.
 * The report's lines and columns count from 1; a range's lines from 1 and its columns from 0
 * (@stryker-mutator/core, project-reader.js), and a mutant is planted when its span lies inside
 * a range, both ends included (instrumenter, `locationIncluded`).
 *
 * @example mutantSpans([{ fileName: '/p/src/a.ts', location: { start: { line: 3, column: 5 }, end: { line: 3, column: 9 } } }], '/p') // ['src/a.ts:3:4-3:8']
 */
export function mutantSpans(
  mutants: readonly Pick<MutantResult, 'fileName' | 'location'>[],
  cwd: string,
): string[] {
  return [
    ...new Set(
      mutants.map(
        ({ fileName, location: { start, end } }) =>
          `${path.relative(cwd, fileName)}:${start.line}:${start.column - 1}-${end.line}:${end.column - 1}`,
      ),
    ),
  ]
}
