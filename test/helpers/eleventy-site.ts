import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import Eleventy, { type EleventyPageJson } from '@11ty/eleventy'
import { afterEach } from 'vitest'
import { parse, stringify } from 'yaml'
import temoin, { type TemoinPluginOptions } from '../../src/eleventy/index.js'

const EXAMPLE = new URL('../../examples/temoin.yaml', import.meta.url)
export const COLLECTOR = 'https://stats.example.org'

const folders: string[] = []
afterEach(async () => {
  await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })))
})

/**
 * Writes a small Eleventy site (`files` by path under `src/`) and its policy (the example policy
 * without its `legal` pages, changed by `edit`) into a temporary folder, removed after the test; returns the folder.
 */
export async function makeSite(
  files: Readonly<Record<string, string>>,
  edit: (policy: Record<string, unknown>) => void = () => undefined,
): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'temoin-eleventy-'))
  folders.push(root)
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, 'src', path)), { recursive: true })
    await writeFile(join(root, 'src', path), text)
  }
  const policy = parse(await readFile(EXAMPLE, 'utf8')) as Record<string, unknown>
  delete policy.legal // the demo site's pages, which these sites do not have
  edit(policy)
  await writeFile(join(root, 'temoin.yaml'), stringify(policy))
  return root
}

/** Builds the site with the plugin, in memory; returns its pages by URL and the warnings logged. */
export async function buildSite(root: string, options: Partial<TemoinPluginOptions> = {}) {
  const warnings: string[] = []
  const eleventy = new Eleventy(join(root, 'src'), join(root, '_site'), {
    quietMode: true,
    configPath: false,
    config: (c) =>
      c.addPlugin(temoin, {
        policy: join(root, 'temoin.yaml'),
        collector: COLLECTOR,
        logger: { warn: (m: string) => warnings.push(m) },
        ...options,
      }),
  })
  const pages = new Map<string, EleventyPageJson>()
  for (const p of await eleventy.toJSON()) if (p.url !== false) pages.set(p.url, p)
  const page = (url: string): string => {
    const found = pages.get(url)
    if (!found) throw new Error(`no page ${url}; built: ${[...pages.keys()].join(', ')}`)
    return found.content
  }
  return { pages, page, warnings }
}

/** Every message in an error's chain (Eleventy wraps what a plugin throws), after its code if any. */
export function errorMessages(e: unknown): string {
  const out: string[] = []
  for (let x = e; x instanceof Error;) {
    const code = (x as { code?: unknown }).code
    out.push(
      typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `${code}: ${x.message}` : x.message,
    )
    const next = (x as { originalError?: unknown }).originalError ?? x.cause
    x = next instanceof Error ? next : undefined
  }
  return out.join('\n')
}
