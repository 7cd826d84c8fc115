import { isbot } from 'isbot'
import { LRUCache } from 'lru-cache'
import { describeUserAgent, type UserAgentSummary } from './describe-user-agent.js'

/** A user agent reduced to what the collector keeps: a bot, or device class and families. */
export type UserAgentClass = { readonly bot: true } | ({ readonly bot: false } & UserAgentSummary)

/**
 * A user agent's class, computed: `isbot`, then ua-parser-js. A blank user agent is a bot,
 * since every browser sends one.
 *
 * @example classifyUserAgent('curl/8.5.0') // { bot: true }
 */
export function classifyUserAgent(userAgent: string): UserAgentClass {
  const ua = userAgent.trim()
  if (ua === '' || isbot(ua)) return { bot: true }
  return { bot: false, ...describeUserAgent(ua) }
}

/**
 * `classifyUserAgent` behind a bounded least-recently-used cache. Parsing a user agent was a
 * tenth of the collector's CPU per event under load (`npm run bench -- --only ingestion
 * --profile`), and a site's visitors send a few hundred distinct strings, so most events find
 * theirs here. The cache holds user agents and their classes only, in memory: nothing links
 * them to an address or an event, and nothing writes them anywhere.
 *
 * @example
 * const classify = createUserAgentClassifier()
 * classify(req.headers.get('user-agent') ?? '')
 */
export function createUserAgentClassifier(
  options: { readonly size?: number; readonly classify?: (ua: string) => UserAgentClass } = {},
): (userAgent: string) => UserAgentClass {
  const size = options.size ?? 2000
  const classify = options.classify ?? classifyUserAgent
  // Bounded: a client may send a new user agent with each request.
  const cache = new LRUCache<string, UserAgentClass>({ max: size })
  return (userAgent) => {
    const known = cache.get(userAgent)
    if (known !== undefined) return known
    const found = classify(userAgent)
    cache.set(userAgent, found)
    return found
  }
}
