/**
 * How a change between two versions of the policy affects visitors. `lowers-confidentiality`:
 * more is collected, kept longer, shared with more people, or protected less — announced
 * `notice.days` ahead, and consent given under the older version no longer covers the purposes
 * it touches (DESIGN rule 5). `minor`: everything else — shown as a notice only.
 */
export type ChangeKind = 'minor' | 'lowers-confidentiality'

/** One classified difference between two versions of the policy. */
export interface PolicyChange {
  /** Dotted key of what changed: `cookies.lifetimeMonths`, `purposes.advertising`, `recipients[Acme].country`. */
  readonly key: string
  readonly kind: ChangeKind
  /** One sentence for people: 'cookie lifetime goes from 6 to 13 months'. */
  readonly why: string
  /**
   * The purposes the change touches, the ones the banner asks again for when it lowers
   * confidentiality; `[]` means every purpose (or, for a minor change, none in particular).
   */
  readonly purposes: readonly string[]
  /**
   * The domains of `sites` whose visitors the change concerns (a change to one site's own entry);
   * `[]` means every site. Visitors of the other sites are neither told nor asked again.
   */
  readonly sites: readonly string[]
}

/**
 * `purposes` of a change that touches every purpose (or none in particular): a name, so that
 * each use says which meaning of `[]` it is.
 *
 * @example change('lowers-confidentiality', 'banner.gpc', '…', EVERY_PURPOSE)
 */
export const EVERY_PURPOSE: readonly string[] = []

/** `sites` of a change that concerns the visitors of every site. */
export const EVERY_SITE: readonly string[] = []

/**
 * A classified change, by default about every site.
 *
 * @example change('minor', 'controller.name', 'the name changes', EVERY_PURPOSE)
 * @example change('minor', 'sites[b.org].name', 'the name of b.org changes', EVERY_PURPOSE, ['b.org'])
 */
export function change(
  kind: ChangeKind,
  key: string,
  why: string,
  purposes: readonly string[],
  sites: readonly string[] = EVERY_SITE,
): PolicyChange {
  return { key, kind, why, purposes, sites }
}

/**
 * A number whose growth (`larger`), shrinking (`smaller`) or neither (`never`) lowers
 * confidentiality.
 *
 * @example diffNumber('cookies.lifetimeMonths', 'cookie lifetime', 'months', 'larger', EVERY_PURPOSE, [6, 13])
 * // [{ kind: 'lowers-confidentiality', why: 'cookie lifetime goes from 6 to 13 months', … }]
 */
export function diffNumber(
  key: string,
  subject: string,
  unit: string,
  lowersWhen: 'larger' | 'smaller' | 'never',
  purposes: readonly string[],
  [a, b]: readonly [number, number],
): PolicyChange[] {
  if (a === b) return []
  const lowers = lowersWhen === 'larger' ? b > a : lowersWhen === 'smaller' && b < a
  const why = `${subject} goes from ${a} to ${b} ${unit}`.trimEnd()
  return [change(lowers ? 'lowers-confidentiality' : 'minor', key, why, purposes)]
}

/**
 * A list of names: additions are one change of kind `whenAdded`, removals one minor change.
 *
 * @example diffList('collection.queryKeys', ['ref'], ['ref', 'gclid'], 'lowers-confidentiality', ['statistics'], say)
 */
export function diffList(
  key: string,
  a: readonly string[],
  b: readonly string[],
  whenAdded: ChangeKind,
  purposes: readonly string[],
  say: { added: (list: string) => string; removed: (list: string) => string },
): PolicyChange[] {
  const added = b.filter((x) => !a.includes(x))
  const removed = a.filter((x) => !b.includes(x))
  return [
    ...(added.length > 0 ? [change(whenAdded, key, say.added(added.join(', ')), purposes)] : []),
    ...(removed.length > 0
      ? [change('minor', key, say.removed(removed.join(', ')), purposes)]
      : []),
  ]
}

/**
 * A text per language: any difference is wording, one minor change naming the languages.
 *
 * @example diffText('purposes.ads.title', 'the title of "ads"', { fr: 'Pub' }, { fr: 'Publicité' }, ['ads'])
 * // [{ kind: 'minor', why: 'the title of "ads" changes (fr)', … }]
 */
export function diffText(
  key: string,
  subject: string,
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
  purposes: readonly string[],
): PolicyChange[] {
  const langs = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (lang) => !same(a[lang], b[lang]),
  )
  return langs.length === 0
    ? []
    : [change('minor', key, `${subject} changes (${langs.join(', ')})`, purposes)]
}

/**
 * A value for a sentence: quoted, or `none` when absent.
 *
 * @example quote(undefined) // 'none'
 */
export const quote = (s: string | undefined): string => (s === undefined ? 'none' : `"${s}"`)

/**
 * Deep equality of parsed YAML values; the order of a mapping's keys does not matter.
 *
 * @example same({ fr: 'a', en: 'b' }, { en: 'b', fr: 'a' }) // true
 */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  return ka.every((k) => Object.hasOwn(rb, k) && same(ra[k], rb[k]))
}
