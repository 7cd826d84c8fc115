/**
 * Hosts of third parties whose content sets cookies or tracks visitors as soon as it loads, so
 * that a page must hold it back until consent (`data-temoin="PURPOSE"`, docs/browser.md). A host
 * matches itself and its sub-domains.
 *
 * @example THIRD_PARTY_HOSTS.includes('youtube.com') // true: www.youtube.com matches too
 */
export const THIRD_PARTY_HOSTS: readonly string[] = [
  'youtube.com',
  'youtube-nocookie.com',
  'youtu.be',
  'vimeo.com',
  'dailymotion.com',
  'googletagmanager.com',
  'google-analytics.com',
  'doubleclick.net',
  'googlesyndication.com',
  'facebook.com',
  'facebook.net',
  'instagram.com',
  'twitter.com',
  'x.com',
  'twimg.com',
  'linkedin.com',
  'licdn.com',
  'tiktok.com',
  'hotjar.com',
  'clarity.ms',
  'disqus.com',
  'soundcloud.com',
  'spotify.com',
  'maps.google.com',
]

/** One element of a page that would reach a third party, or run, before consent. */
export interface EmbedProblem {
  /** `iframe`, `script`, `embed` or `object`. */
  readonly element: string
  /** The third party's host, or '' when the problem is not about a host. */
  readonly host: string
  readonly message: string
}

const ELEMENT = /<(iframe|script|embed|object)\b([^>]*)>/gi
const ATTRIBUTE = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g

/**
 * What a rendered page embeds from a known third party without waiting for consent: an
 * `<iframe>`, `<script>`, `<embed>` or `<object>` whose address (or, for an inline script, whose
 * code) names a host of {@link THIRD_PARTY_HOSTS} and that has no `data-temoin` purpose; and
 * the elements that name a purpose but would still load at once (an iframe with `src` rather than
 * `data-src`, a script not of `type="text/plain"`) or name a purpose that `purposes` lacks.
 *
 * @example
 * findEmbedProblems('<iframe src="https://www.youtube.com/embed/x"></iframe>', ['personalisation'])
 * // [{ element: 'iframe', host: 'www.youtube.com', message: 'an <iframe> from www.youtube.com loads before consent …' }]
 */
export function findEmbedProblems(html: string, purposes: readonly string[]): EmbedProblem[] {
  const problems: EmbedProblem[] = []
  const example = purposes[0] ?? 'PURPOSE'
  for (const match of html.matchAll(ELEMENT)) {
    const element = (match[1] ?? '').toLowerCase()
    const attributes = readAttributes(match[2] ?? '')
    const purpose = attributes.get('data-temoin')
    const src = attributes.get('src') ?? attributes.get('data') ?? ''
    if (purpose === undefined) {
      // JSON-LD and other data blocks name sites (sameAs…) without loading anything.
      if (element === 'script' && !isExecutable(attributes.get('type'))) continue
      const code = element === 'script' && src === '' ? inlineCode(html, match) : ''
      const host = thirdPartyHost(src) ?? findHostIn(code)
      if (host === undefined) continue
      const fix =
        element === 'script'
          ? `write it <script type="text/plain" data-temoin="${example}"${src === '' ? '' : ' data-src="…"'}>`
          : `add data-temoin="${example}" and rename src to data-src`
      problems.push({
        element,
        host,
        message: `an <${element}> from ${host} loads before consent; ${fix} (docs/browser.md, "Third-party content").`,
      })
      continue
    }
    const host = thirdPartyHost(src || (attributes.get('data-src') ?? '')) ?? ''
    if (!purposes.includes(purpose)) {
      problems.push({
        element,
        host,
        message: `an <${element}> has data-temoin="${purpose}", which is no purpose of the policy (${purposes.join(', ')}): it never loads.`,
      })
    } else if (element === 'iframe' && attributes.has('src')) {
      problems.push({
        element,
        host,
        message: `an <iframe data-temoin="${purpose}"> has a src, so it loads before consent; rename src to data-src.`,
      })
    } else if (element === 'script' && attributes.get('type')?.toLowerCase() !== 'text/plain') {
      problems.push({
        element,
        host,
        message: `a <script data-temoin="${purpose}"> runs before consent; add type="text/plain"${attributes.has('src') ? ' and rename src to data-src' : ''}.`,
      })
    }
  }
  return problems
}

/** Whether a script of this `type` runs (https://html.spec.whatwg.org/#javascript-mime-type). */
function isExecutable(type: string | undefined): boolean {
  const t = (type ?? '').trim().toLowerCase()
  return t === '' || t === 'module' || /^(?:text|application)\/(?:x-)?(?:java|ecma)script$/.test(t)
}

function readAttributes(text: string): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const m of text.matchAll(ATTRIBUTE)) {
    const name = (m[1] ?? '').toLowerCase()
    if (!attributes.has(name)) attributes.set(name, m[2] ?? m[3] ?? m[4] ?? '')
  }
  return attributes
}

/** The text of an inline script, up to its closing tag. */
function inlineCode(html: string, open: RegExpExecArray | RegExpMatchArray): string {
  const start = (open.index ?? 0) + open[0].length
  const end = html.toLowerCase().indexOf('</script', start)
  return html.slice(start, end === -1 ? undefined : end)
}

/** The host of `address` when it is a known third party's; relative addresses are the site's own. */
function thirdPartyHost(address: string): string | undefined {
  if (!/^(?:https?:)?\/\//i.test(address.trim())) return undefined
  let host: string
  try {
    host = new URL(address.trim(), 'https://site.invalid/').hostname.toLowerCase()
  } catch {
    return undefined
  }
  return THIRD_PARTY_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) ? host : undefined
}

/** The first known third-party host named by an address in inline code (a loader snippet). */
function findHostIn(code: string): string | undefined {
  for (const m of code.matchAll(/(?:https?:)?\/\/[a-z0-9.-]+/gi)) {
    const host = thirdPartyHost(m[0])
    if (host !== undefined) return host
  }
  return undefined
}
