import { readFile } from 'node:fs/promises'

/**
 * A release as `temoin publish` writes it to `release.json` (format `temoin-release/1`): only
 * published figures, with what protects them. Templates read it as `temoin.figures[name]`.
 */
export interface FiguresRelease {
  readonly format: 'temoin-release/1'
  readonly name: string
  readonly site: string
  readonly period: { readonly from: string; readonly to: string }
  readonly mechanism: 'dp' | 'exact'
  readonly protectedUnit: string
  readonly tables: readonly {
    readonly name: string
    readonly metric: string
    readonly dimensions: readonly string[]
    readonly cells: readonly {
      readonly key: readonly string[]
      readonly value: number | null
      readonly status: string
      readonly margin?: number
    }[]
  }[]
  readonly [more: string]: unknown
}

/**
 * Reads the `release.json` files of the plugin's `figures` option, by release name. The figures
 * were protected by `temoin publish`; the site only shows them. A file that is missing or not a
 * Témoin release fails the build, saying which and what to run.
 *
 * @example const figures = await loadFigures(['figures/media-kit/release.json'])
 * // figures['media-kit'].tables[0].cells
 */
export async function loadFigures(
  paths: readonly string[],
): Promise<Readonly<Record<string, FiguresRelease>>> {
  const out: Record<string, FiguresRelease> = {}
  for (const path of paths) {
    let data: unknown
    try {
      data = JSON.parse(await readFile(path, 'utf8'))
    } catch (cause) {
      throw new TypeError(
        `temoin/eleventy: cannot read the figures ${path}; run \`temoin publish --spec … --out DIR\` and give DIR/release.json.`,
        { cause },
      )
    }
    const release = data as Partial<FiguresRelease> | null
    if (release?.format !== 'temoin-release/1' || typeof release.name !== 'string')
      throw new TypeError(
        `temoin/eleventy: ${path} is not a release written by temoin publish (format temoin-release/1).`,
      )
    out[release.name] = release as FiguresRelease
  }
  return out
}
