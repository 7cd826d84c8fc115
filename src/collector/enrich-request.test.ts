import { beforeAll, describe, expect, test } from 'vitest'
import { describeUserAgent, family } from './describe-user-agent.js'
import { enrichRequest } from './enrich-request.js'
import { createGeoLookup, type GeoLookup } from './geo-lookup.js'

let geo: GeoLookup
beforeAll(async () => {
  geo = await createGeoLookup()
})

describe('geo lookup', () => {
  test.each([
    ['212.27.48.10', 'FR'],
    ['::ffff:212.27.48.10', 'FR'], // how a dual-stack socket reports an IPv4 client
    ['81.2.69.160', 'GB'],
    ['2a01:e0a::1', 'FR'],
    ['203.0.113.77', ''], // documentation range
    ['127.0.0.1', ''],
    ['not an address', ''],
    ['', ''],
  ])('%s → %j', (ip, country) => {
    expect(geo.country(ip)).toBe(country)
  })
})

describe('user agent', () => {
  test.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'desktop',
      'Chrome',
      'Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0',
      'desktop',
      'Firefox',
      'Mac OS',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'mobile',
      'Mobile Safari',
      'iOS',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'tablet',
      'Mobile Safari',
      'iOS',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      'mobile',
      'Chrome',
      'Android',
    ],
    [
      'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36',
      'other',
      'Samsung Internet',
      'Tizen',
    ],
    ['SomethingUnheardOf/1.0', 'other', '', ''],
  ])('%s', (ua, device, browser, os) => {
    expect(describeUserAgent(ua)).toEqual({ device, browser, os })
  })

  // kills: describe-user-agent.ts:55 Regex → /[\w .\-/]{1,40}$/ and /^[\w .\-/]{1,40}/ (the
  // parser's names are fixed words today, so only the guard itself can be shown hostile text)
  test('a family name is kept only whole, short and printable', () => {
    for (const name of ['Chrome', 'Mobile Safari', 'Chrome Headless', 'K-Meleon', 'A'.repeat(40)]) {
      expect(family(name)).toBe(name)
    }
    for (const name of [
      'A'.repeat(41),
      '<b>Chrome',
      'Chrome</b>',
      'Chrome\n',
      'Chromé',
      '',
      undefined,
    ]) {
      expect(family(name), JSON.stringify(name)).toBe('')
    }
  })

  test('no version is kept', () => {
    const summary = describeUserAgent(
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0.6478.127 Safari/537.36',
    )
    expect(JSON.stringify(summary)).not.toMatch(/\d/)
  })
})

describe('enrichRequest', () => {
  test('bots and missing user agents are bots; a browser gets country and device', () => {
    expect(enrichRequest({ userAgent: null, address: '212.27.48.10', geo })).toEqual({ bot: true })
    expect(enrichRequest({ userAgent: '  ', address: '212.27.48.10', geo })).toEqual({ bot: true })
    expect(
      enrichRequest({
        userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
        address: '212.27.48.10',
        geo,
      }),
    ).toEqual({ bot: true })
    expect(
      enrichRequest({
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
        address: '212.27.48.10',
        geo,
      }),
    ).toEqual({ bot: false, country: 'FR', device: 'desktop', browser: 'Firefox', os: 'Linux' })
  })
})
