import { describe, expect, it } from 'vitest'
import {
  classifyUserAgent,
  createUserAgentClassifier,
  type UserAgentClass,
} from './create-user-agent-classifier.js'

const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1'

describe('classifyUserAgent', () => {
  it('classes browsers by families and bots and blank user agents as bots', () => {
    expect(classifyUserAgent(CHROME)).toEqual({
      bot: false,
      device: 'desktop',
      browser: 'Chrome',
      os: 'Linux',
    })
    expect(classifyUserAgent(IPHONE)).toEqual({
      bot: false,
      device: 'mobile',
      browser: 'Mobile Safari',
      os: 'iOS',
    })
    expect(classifyUserAgent('Googlebot/2.1 (+http://www.google.com/bot.html)')).toEqual({
      bot: true,
    })
    expect(classifyUserAgent('   ')).toEqual({ bot: true })
  })
})

describe('createUserAgentClassifier', () => {
  const counting = () => {
    const calls: string[] = []
    const classify = (ua: string): UserAgentClass => {
      calls.push(ua)
      return classifyUserAgent(ua)
    }
    return { calls, classify }
  }

  it('answers as the uncached classifier, parsing each user agent once', () => {
    const { calls, classify } = counting()
    const cached = createUserAgentClassifier({ classify })
    for (const ua of [CHROME, IPHONE, CHROME, 'curl/8.5.0', IPHONE, CHROME]) {
      expect(cached(ua)).toEqual(classifyUserAgent(ua))
    }
    expect(calls).toEqual([CHROME, IPHONE, 'curl/8.5.0'])
  })

  it('keeps at most `size` user agents, dropping the least recently used', () => {
    const { calls, classify } = counting()
    const cached = createUserAgentClassifier({ size: 2, classify })
    cached('a/1')
    cached('b/1')
    cached('a/1') // a is now the most recent
    cached('c/1') // drops b
    cached('a/1')
    cached('b/1') // parsed again
    expect(calls).toEqual(['a/1', 'b/1', 'c/1', 'b/1'])
  })

  it('holds no more than `size` of many distinct user agents (one per hostile request)', () => {
    const { calls, classify } = counting()
    const cached = createUserAgentClassifier({ size: 100, classify })
    for (let i = 0; i < 5000; i++) cached(`Mozilla/5.0 Chrome/131.0.${i}.0`)
    // The last 100 are held; asking for all again parses the other 4 900 a second time.
    for (let i = 0; i < 5000; i++) cached(`Mozilla/5.0 Chrome/131.0.${i}.0`)
    expect(calls).toHaveLength(10_000)
    calls.length = 0
    for (let i = 4900; i < 5000; i++) cached(`Mozilla/5.0 Chrome/131.0.${i}.0`)
    expect(calls).toHaveLength(0)
  })
})

describe('classifyUserAgent: blank and odd devices', () => {
  // kills: create-user-agent-classifier.ts:15 MethodExpression → userAgent (isbot takes three
  // spaces for a bot, but not a tab and a space)
  it('takes a user agent of whitespace only for a bot', () => {
    expect(classifyUserAgent(' \t')).toEqual({ bot: true })
  })

  // kills: describe-user-agent.ts:47 ConditionalExpression → true
  it('calls a smart TV running Linux "other", not a desktop', () => {
    const tv =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 SmartTV'
    expect(classifyUserAgent(tv)).toEqual({
      bot: false,
      device: 'other',
      browser: 'Chrome',
      os: 'Linux',
    })
  })
})
