import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mutantSpans } from './mutant-spans.js'

const at = (file: string, start: [number, number], end: [number, number]) => ({
  fileName: path.join('/project', file),
  location: { start: { line: start[0], column: start[1] }, end: { line: end[0], column: end[1] } },
})

describe('mutantSpans: the mutate ranges of surviving mutants', () => {
  it("gives each mutant's own span, columns from 0, lines from 1, each once", () => {
    expect(
      mutantSpans(
        [
          at('src/a.ts', [3, 5], [3, 9]),
          at('src/a.ts', [3, 5], [3, 9]), // two mutators on one span: one range
          at('src/b.ts', [10, 1], [12, 2]),
        ],
        '/project',
      ),
    ).toEqual(['src/a.ts:3:4-3:8', 'src/b.ts:10:0-12:1'])
  })
})
