/**
 * Builds temoin.js (banner + consent + tracker), temoin-tracker.js (tracker only) and the ESM
 * entry of `temoin/browser` into dist/browser, with esbuild. The two scripts are IIFEs whose
 * config is the bare global `__TEMOIN_CONFIG__`, which the server replaces textually with JSON
 * when it serves them: the build fails unless it is there exactly once in each file.
 *
 * Run: `tsx scripts/build-browser.ts` (part of `npm run build`).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { minify } from 'terser'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = `${root}dist/browser`
const PLACEHOLDER = '__TEMOIN_CONFIG__'

/**
 * Properties of src/browser's internal objects (Language, Banner, ChoiceRead, Tracker and its
 * options), which terser may rename in the two scripts: no name here may be a property of the
 * config, of a JSON body, of the public API (`window.temoin`, `consent()`, `history()`) or of a
 * DOM object the code reads (so not `origin`, `cookie`, `endpoint`, `queryKeys`, `track`). The
 * Chromium tests run against these builds. `builtins`: also the names DOM objects have too (`show`,
 * `close`), which this code calls only on its own objects.
 */
const INTERNAL_PROPERTIES =
  /^(local|show|close|notify|live|valid|ask|notice|pageview|collector|keptKeys|who|onPage|outbound|downloads)$/

rmSync(out, { recursive: true, force: true })

const common = {
  bundle: true,
  minify: true,
  // ES2021 (Chrome 85, Firefox 79, Safari 14): `?.`, `??` and `||=` stay as written, which the
  // size budget needs; older browsers are a rounding error in 2026.
  target: 'es2021',
  legalComments: 'none',
  logLevel: 'warning',
  absWorkingDir: root,
  // Type checking is tsc's job; esbuild only strips types. Without the tsconfig's `strict` it
  // emits no "use strict" prologue: nothing here relies on sloppy or strict semantics.
  tsconfigRaw: {},
} as const

await Promise.all([
  build({
    ...common,
    entryPoints: ['src/browser/temoin-global.ts'],
    format: 'iife',
    outfile: `${out}/temoin.js`,
  }),
  build({
    ...common,
    entryPoints: ['src/browser/tracker-global.ts'],
    format: 'iife',
    outfile: `${out}/temoin-tracker.js`,
  }),
  build({
    ...common,
    entryPoints: ['src/browser/index.ts'],
    format: 'esm',
    outfile: `${out}/index.js`,
  }),
])

for (const file of ['temoin.js', 'temoin-tracker.js']) {
  // esbuild bundles; terser's multi-pass compression then takes ~3 % more off what every page
  // ships (measured: 4,985 → 4,841 B gzip for temoin.js), against the size budget. pure_getters:
  // no property read of ours has a side effect worth keeping. Without `sequences` (statements
  // kept apart rather than joined by commas) and with the default methods, gzip finds more
  // repeats: a few bytes less, measured.
  const bundled = readFileSync(`${out}/${file}`, 'utf8')
  const { code } = await minify(bundled, {
    ecma: 2020,
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true, sequences: false },
    mangle: { toplevel: true, properties: { regex: INTERNAL_PROPERTIES, builtins: true } },
    // \u escapes for the texts' accents: 9 B less gzip, and no reliance on the charset the
    // script is served or read with.
    format: { ascii_only: true },
  })
  if (code === undefined) throw new Error(`terser produced nothing for ${file}`)
  writeFileSync(`${out}/${file}`, code)
  const count = code.split(PLACEHOLDER).length - 1
  if (count !== 1) {
    throw new Error(
      `dist/browser/${file} holds ${PLACEHOLDER} ${count} times; the server replaces exactly one. ` +
        'Reference the global once, in the entry file, and keep it out of strings and comments.',
    )
  }
}

// The types of `temoin/browser`, from the same sources: dist/browser/types/browser/index.d.ts.
execFileSync(
  process.execPath,
  [
    `${root}node_modules/typescript/bin/tsc`,
    ...['-p', 'src/browser/tsconfig.json', '--noEmit', 'false', '--declaration'],
    ...['--emitDeclarationOnly', '--outDir', `${out}/types`],
  ],
  { cwd: root, stdio: 'inherit' },
)
