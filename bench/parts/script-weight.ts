import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { loadBrowserScripts } from '../../src/cli/browser-scripts.js'
import type { BenchPart, Goal, PartOutcome, Row } from '../bench-part.js'
import { BENCH_ROOT } from '../bench-root.js'
import { checkGoal } from '../check-goal.js'
import { loadBenchPolicy } from '../load-bench-policy.js'

/** What one product makes a site download: files under node_modules/, dist/ or bench/. */
interface Shipment {
  readonly name: string
  /** Said after the version: what differs from the product's default. */
  readonly suffix?: string
  /** The npm package whose version is printed (none for Témoin's own builds). */
  readonly pkg?: string
  readonly role: 'temoin' | 'temoin-tracker' | 'consent' | 'tracker' | 'variant'
  readonly files: readonly string[]
  /** Why these files. */
  readonly why: string
}

const NM = 'node_modules'

/**
 * What each product's README or documentation tells a site to ship, in its smallest published
 * form (the `.min` files where there are some), with one language.
 */
const SHIPMENTS: readonly Shipment[] = [
  {
    name: 'Témoin temoin.js',
    role: 'temoin',
    files: ['dist/browser/temoin.js'],
    why: 'banner + consent + tracker + styles + French and English texts, as built (the budget of src/browser/size-budget.test.ts; the policy config the server writes in is not counted)',
  },
  {
    name: 'Témoin temoin-tracker.js',
    role: 'temoin-tracker',
    files: ['dist/browser/temoin-tracker.js'],
    why: 'the tracker alone, as built',
  },
  {
    name: 'tarteaucitronjs',
    pkg: 'tarteaucitronjs',
    role: 'consent',
    files: [
      `${NM}/tarteaucitronjs/tarteaucitron.min.js`,
      `${NM}/tarteaucitronjs/tarteaucitron.services.min.js`,
      `${NM}/tarteaucitronjs/lang/tarteaucitron.en.min.js`,
      `${NM}/tarteaucitronjs/css/tarteaucitron.min.css`,
    ],
    why: 'the README embeds tarteaucitron.js, which loads its services file, one language file and its CSS itself (the .min ones when its own name has .min)',
  },
  {
    name: 'klaro',
    pkg: 'klaro',
    role: 'consent',
    files: [`${NM}/klaro/dist/klaro.js`],
    why: 'the README embeds klaro.js, which holds its CSS and every translation (klaro-no-translations.js is not smaller)',
  },
  {
    name: 'orejime',
    pkg: 'orejime',
    role: 'consent',
    files: [`${NM}/orejime/dist/orejime-standard-en.js`, `${NM}/orejime/dist/orejime-standard.css`],
    why: 'the README embeds orejime-standard-en.js (standard theme, English texts) and orejime-standard.css',
  },
  {
    name: 'vanilla-cookieconsent',
    pkg: 'vanilla-cookieconsent',
    role: 'consent',
    files: [
      `${NM}/vanilla-cookieconsent/dist/cookieconsent.umd.js`,
      `${NM}/vanilla-cookieconsent/dist/cookieconsent.css`,
      'bench/pages/cookieconsent-ui-en.json',
    ],
    why: "the documentation embeds cookieconsent.umd.js and cookieconsent.css; it has no language file, so the English texts of its two modals (bench/pages/cookieconsent-ui-en.json, the site's config) are counted as its one language",
  },
  {
    name: '@plausible-analytics/tracker',
    pkg: '@plausible-analytics/tracker',
    role: 'tracker',
    files: [`${NM}/@plausible-analytics/tracker/plausible.js`],
    why: "the package's one (already minified) module, which a site bundles",
  },
  {
    name: 'tarteaucitronjs',
    suffix: 'without its services file',
    pkg: 'tarteaucitronjs',
    role: 'variant',
    files: [
      `${NM}/tarteaucitronjs/tarteaucitron.min.js`,
      `${NM}/tarteaucitronjs/lang/tarteaucitron.en.min.js`,
      `${NM}/tarteaucitronjs/css/tarteaucitron.min.css`,
    ],
    why: 'for reference: tarteaucitron with `useExternalJs` and the site defining its own services (not the README default, so not a baseline)',
  },
]

/** gzip -9 (zlib level 9, as the size budget) and brotli (quality 11), of each file on its own. */
const COMPRESSIONS = [
  { name: 'gzip -9', size: (b: Buffer) => gzipSync(b, { level: 9 }).length },
  {
    name: 'brotli',
    size: (b: Buffer) =>
      brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  },
] as const

/**
 * Part 1: the bytes a site ships, compressed the way they travel, Témoin against the current
 * npm releases of its peers. Each file travels (and is compressed) on its own; a product's size
 * is the sum. Sizes are exact: one run.
 *
 * @example const outcome = await scriptWeight.run(ctx)
 */
export const scriptWeight: BenchPart = {
  id: 'weight',
  number: 1,
  title: 'Script weight',
  timeLimit: { full: 60, quick: 30 },
  reproduce: 'npm run bench -- --only weight',
  async run(): Promise<PartOutcome> {
    // The script as the collector serves it: the policy's purposes and texts (fr, en) inside.
    const scripts = await loadBrowserScripts((await loadBenchPolicy()).policy)
    const served = Buffer.from(scripts['temoin.js'] ?? '')
    const versions = new Map<string, string>()
    for (const s of SHIPMENTS) {
      if (s.pkg && !versions.has(s.pkg)) versions.set(s.pkg, await packageVersion(s.pkg))
    }
    const label = (s: Shipment) =>
      [s.name, s.pkg && versions.get(s.pkg), s.suffix].filter(Boolean).join(' ')

    const rows: Row[] = []
    const goals: Goal[] = []
    for (const c of COMPRESSIONS) {
      const sizes = new Map<Shipment, number>()
      for (const s of SHIPMENTS) {
        let total = 0
        for (const file of s.files) total += c.size(await readFile(join(BENCH_ROOT, file)))
        sizes.set(s, total)
      }
      const of = (role: Shipment['role']) => SHIPMENTS.filter((s) => s.role === role)
      const smallest = (role: Shipment['role']) =>
        of(role).reduce((a, b) => (sizes.get(a)! <= sizes.get(b)! ? a : b))
      const temoin = of('temoin')[0]!
      const tracker = of('temoin-tracker')[0]!
      const peer = smallest('consent')
      const trackerPeer = smallest('tracker')
      const size = (s: Shipment) => sizes.get(s)!
      const row = (s: Shipment, ratio?: Row['ratio']): Row => ({
        label: `${label(s)} (${c.name})`,
        unit: 'B',
        median: size(s),
        min: size(s),
        max: size(s),
        runs: 1,
        ...(ratio ? { ratio } : {}),
      })
      rows.push(
        row(temoin, { value: size(temoin) / size(peer), of: `${label(peer)} (smallest peer)` }),
        row(tracker, { value: size(tracker) / size(trackerPeer), of: label(trackerPeer) }),
      )
      rows.push({
        label: `Témoin temoin.js as served with the example policy's config (${c.name})`,
        unit: 'B',
        ...exact(c.size(served)),
        ratio: { value: c.size(served) / size(peer), of: `${label(peer)} (smallest peer)` },
      })
      for (const s of SHIPMENTS.filter((x) => x.role === 'consent' || x.role === 'variant')) {
        rows.push(row(s, { value: size(s) / size(temoin), of: 'Témoin temoin.js' }))
      }
      rows.push(
        row(trackerPeer, {
          value: size(trackerPeer) / size(tracker),
          of: 'Témoin temoin-tracker.js',
        }),
      )
      goals.push(
        checkGoal(
          `temoin.js ≤ ⅓ of the smallest peer, ${c.name} (the claim of issue 3)`,
          size(temoin) / size(peer),
          'at most',
          1 / 3,
        ),
      )
    }
    return {
      status: 'measured',
      rows,
      goals,
      notes: SHIPMENTS.map(
        (s) => `**${label(s)}**: ${s.files.map((f) => `\`${f}\``).join(' + ')} — ${s.why}.`,
      ),
    }
  },
}

function exact(n: number): { median: number; min: number; max: number; runs: number } {
  return { median: n, min: n, max: n, runs: 1 }
}

async function packageVersion(pkg: string): Promise<string> {
  const json = JSON.parse(await readFile(join(BENCH_ROOT, NM, pkg, 'package.json'), 'utf8')) as {
    version: string
  }
  return json.version
}
