/**
 * Builds the dashboard's browser files into dist/dashboard-client, apart from temoin.js (whose size
 * budget is for every visitor; these are for the publisher only): `dashboard.js` (the module of
 * src/dashboard/client, with uPlot bundled in, esbuild), `dashboard.css`, and uPlot's own
 * stylesheet. The server serves them from its own origin under /dashboard/assets/.
 *
 * Run: `tsx scripts/build-dashboard.ts` (part of `npm run build`).
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = `${root}dist/dashboard-client`

rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })

await build({
  entryPoints: ['src/dashboard/client/dashboard-client.ts'],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2021',
  // uPlot's MIT licence stays with its code.
  legalComments: 'inline',
  logLevel: 'warning',
  absWorkingDir: root,
  tsconfigRaw: {},
  outfile: `${out}/dashboard.js`,
})
copyFileSync(`${root}src/dashboard/client/dashboard.css`, `${out}/dashboard.css`)
copyFileSync(`${root}node_modules/uplot/dist/uPlot.min.css`, `${out}/uplot.min.css`)
