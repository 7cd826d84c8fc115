import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE } from '../src/lib/app-error.js'

// docs/errors.md and the catalogue in code must list the same codes with the same statuses.
describe('docs/errors.md', () => {
  it('documents every error code, with its HTTP status, and no other', async () => {
    const doc = await readFile(new URL('../docs/errors.md', import.meta.url), 'utf8')
    const sections = [...doc.matchAll(/^## ([A-Z_]+)\n\nHTTP (\d{3})\./gm)].map((m) => [
      m[1],
      Number(m[2]),
    ])
    const inCode = Object.entries(ERROR_CATALOGUE).map(([code, e]) => [code, e.status])
    expect(sections.sort()).toEqual(inCode.sort())
  })

  it('gives every code a next step', () => {
    for (const [code, e] of Object.entries(ERROR_CATALOGUE))
      expect(e.fix.length, code).toBeGreaterThan(20)
  })
})
