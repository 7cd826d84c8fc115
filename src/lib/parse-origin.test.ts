import { describe, expect, it } from 'vitest'
import { parseOrigin } from './parse-origin.js'

describe('parseOrigin', () => {
  it('takes exactly scheme://host[:port], letter case normalised', () => {
    for (const [origin, host] of [
      ['http://localhost:4000', 'localhost:4000'],
      ['https://www.example.org', 'www.example.org'],
      ['HTTPS://WWW.Example.ORG', 'www.example.org'],
      ['http://[::1]:8080', '[::1]:8080'],
      ['http://127.0.0.1', '127.0.0.1'],
    ] as const)
      expect(parseOrigin(origin)?.host, origin).toBe(host)
  })

  it('refuses userinfo, a path, a query, a fragment, junk, other schemes', () => {
    for (const origin of [
      'http://a@localhost',
      'http://a:b@localhost:4000',
      'http://localhost/',
      'http://localhost:4000/page',
      'http://localhost?x=1',
      'http://localhost#top',
      'http://localhost:4000 ',
      ' http://localhost:4000',
      'http://localhost:4000\t',
      'http://localhost:80',
      'http://localhost:4000x',
      'file:///etc/passwd',
      'ftp://localhost',
      'null',
      '',
      'localhost:4000',
    ])
      expect(parseOrigin(origin), JSON.stringify(origin)).toBeUndefined()
  })
})
