import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

/**
 * The size budget of the scripts a site embeds (issue 3, STYLE.md rule 8): gzip -9 of the built
 * files, the way they travel. temoin.js holds the banner, the consent store, the tracker, the
 * styles and the French and English texts; the purposes' own texts come from the config the
 * server injects and are not counted. Built by test/global-setup.ts. temoin.js: 5,000 B for what
 * runs before the first paint (issue 19), about ⅓ of orejime 3.2.1's JS + CSS (14,505 B), the
 * smallest peer of the bench (issue 7); 4,998 B at the last cut (issue 20: the legal pages'
 * notice).
 */
const BUDGET = { 'temoin.js': 5000, 'temoin-tracker.js': 1000 } as const

describe('browser bundle size (gzip -9)', () => {
  for (const [file, limit] of Object.entries(BUDGET)) {
    it(`${file} ≤ ${limit} B`, () => {
      const bytes = readFileSync(new URL(`../../dist/browser/${file}`, import.meta.url))
      const size = gzipSync(bytes, { level: 9 }).length
      console.log(`${file}: ${size} B gzip -9 (budget ${limit} B, ${bytes.length} B raw)`)
      expect(size).toBeLessThanOrEqual(limit)
    })
  }
})
