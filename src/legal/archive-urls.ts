/**
 * Where a legal page's versions live: `cgu.md` → `/cgu/versions/`. From the source file, so that
 * the addresses stay whatever the page's permalink becomes, and so that the server, which knows
 * the policy but not the site, can link to them.
 *
 * @example archiveBase('legal/cgu.md') // '/legal/cgu/versions/'
 */
export function archiveBase(source: string): string {
  // An index page is its folder's: `legal/index.md` → `/legal/versions/`, `index.md` → `/versions/`
  // (the `//` left where the name was is made one `/`).
  return `/${source.replace(/\.[^/.]+$/, '').replace(/(^|\/)index$/, '')}/versions/`.replace(
    /\/{2,}/g,
    '/',
  )
}

/**
 * The addresses of one page's archive: its list, each version, each pair compared, and each
 * version's changes since the one before (what a notice of the change links to).
 */
export const archiveUrls = {
  index: (base: string) => base,
  version: (base: string, date: string) => `${base}${date}.html`,
  compare: (base: string, from: string, to: string) => `${base}compare-${from}-${to}.html`,
  changes: (base: string, date: string) => `${base}changes-${date}.html`,
}
