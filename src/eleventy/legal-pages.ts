import { readFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { checkPrivacyPage, formatPageProblem } from '../legal/check-privacy-page.js'
import { AppError } from '../lib/app-error.js'
import type { Policy } from '../policy/policy-schema.js'
import type { PolicyPage } from './plugin-options.js'

/**
 * Reads every hand-written privacy page of the policy's `legal` list from the site's input
 * folder and checks it against the policy: warnings are logged, and a claim that contradicts the
 * policy stops the build (PRIVACY_PAGE_CONTRADICTS, every problem with its line and fix). A page
 * that is not there stops it too (LEGAL_PAGE_MISSING).
 */
export async function checkLegalPages(
  policy: Policy,
  inputDir: string,
  options: { readonly publishes: boolean },
  warn: (message: string) => void,
): Promise<void> {
  const errors: string[] = []
  for (const [i, page] of policy.legal.entries()) {
    const path = join(inputDir, page.source)
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (e) {
      throw new AppError(
        'LEGAL_PAGE_MISSING',
        `temoin/eleventy: legal[${i}].source in the policy is ${page.source}, but ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`,
      )
    }
    if (page.kind !== 'privacy') continue
    const problems = checkPrivacyPage(text, policy, { ...options, language: page.language })
    for (const p of problems) {
      const line = formatPageProblem(page.source, p)
      if (p.severity === 'error') errors.push(line)
      else warn(line)
    }
  }
  if (errors.length > 0)
    throw new AppError(
      'PRIVACY_PAGE_CONTRADICTS',
      `temoin/eleventy: the privacy page says what the policy does not:\n  ${errors.join('\n  ')}`,
      { details: errors },
    )
}

/**
 * Once Eleventy knows every page's address: each page of the `legal` list is published, and a
 * privacy page at the address the banner and the footer link to (`banner.privacyUrl` in its
 * language), else LEGAL_PAGE_MISSING stops the build.
 */
export function checkLegalAddresses(
  policy: Policy,
  inputDir: string,
  inputPathToUrl: Readonly<Record<string, readonly unknown[]>>,
  generated: readonly PolicyPage[],
): void {
  const urls = new Map<string, readonly string[]>()
  for (const [inputPath, list] of Object.entries(inputPathToUrl)) {
    const published = list.filter((u): u is string => typeof u === 'string')
    urls.set(resolve(inputPath), published)
    // A page of the site where Témoin writes a generated privacy page: say how to keep either.
    const page = generated.find((g) => published.includes(g.url))
    if (page && !inputPath.endsWith(`temoin-privacy-${page.language}.11ty.js`))
      throw new AppError(
        'LEGAL_PAGE_MISSING',
        `temoin/eleventy: ${relative(resolve(inputDir), resolve(inputPath))} is published at ${page.url}, where Témoin generates the ${page.language} privacy page. To keep your own page, add it to the policy: legal: [{ kind: privacy, source: ${relative(resolve(inputDir), resolve(inputPath))}, language: ${page.language} }] (it is then checked against the policy); to keep the generated one, give your page another permalink.`,
      )
  }
  for (const [i, page] of policy.legal.entries()) {
    const published = urls.get(resolve(inputDir, page.source)) ?? []
    if (published.length === 0)
      throw new AppError(
        'LEGAL_PAGE_MISSING',
        `temoin/eleventy: legal[${i}] (${page.kind}, ${page.source}) is not published: the site has no page from that file (ignored, or permalink: false).`,
      )
    const linked = policy.banner.privacyUrl[page.language]
    if (page.kind === 'privacy' && linked !== undefined && !published.includes(linked))
      throw new AppError(
        'LEGAL_PAGE_MISSING',
        `temoin/eleventy: the ${page.language} privacy page ${page.source} is published at ${published.join(', ')}, but the banner and the footer link to ${linked} (banner.privacyUrl.${page.language}); make them the same.`,
      )
  }
}
