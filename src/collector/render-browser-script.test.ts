import { describe, expect, it } from 'vitest'
import type { BrowserConfig } from '../protocol/browser-config.js'
import { renderBrowserScript } from './render-browser-script.js'
import { createScriptResponder } from './serve-script.js'

const config = {
  version: '2026-11',
  endpoint: '',
  languages: ['fr'],
  purposes: [
    {
      id: 'statistics',
      exempt: true,
      title: { fr: '</script><script>alert(1)</script>' },
      description: { fr: 'a\u2028b' },
      recipients: [],
      cookies: [],
    },
  ],
  consentMonths: 13,
  refusalMonths: 6,
  lifetimeMonths: 13,
  queryKeys: [],
  privacyUrl: { fr: '/confidentialite.html' },
  gpc: true,
  consentMode: null,
  changes: [],
} satisfies BrowserConfig

describe('renderBrowserScript', () => {
  it('writes the configuration in place of the token, safe inside an HTML page', () => {
    const out = renderBrowserScript('(function(c){go(c)})(__TEMOIN_CONFIG__);', config)
    expect(out).not.toContain('__TEMOIN_CONFIG__')
    expect(out).not.toContain('</script')
    expect(out).not.toContain('\u2028')
    const json = /^\(function\(c\)\{go\(c\)\}\)\((.*)\);$/s.exec(out)?.[1] ?? ''
    expect(JSON.parse(json)).toEqual(config)
  })

  it('refuses a bundle without the token, or with it twice', () => {
    expect(() => renderBrowserScript('go()', config)).toThrow(/exactly once/)
    expect(() => renderBrowserScript('__TEMOIN_CONFIG__+__TEMOIN_CONFIG__', config)).toThrow(
      /exactly once/,
    )
  })
})

describe('createScriptResponder', () => {
  it('serves the script with a strong ETag and answers 304 when the browser has it', async () => {
    const respond = createScriptResponder('console.log(1)')
    const first = respond(new Request('http://c/temoin.js'))
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await first.text()).toBe('console.log(1)')
    const etag = first.headers.get('etag') ?? ''
    expect(etag).toMatch(/^"[\w-]{27}"$/)
    const again = respond(new Request('http://c/temoin.js', { headers: { 'if-none-match': etag } }))
    expect(again.status).toBe(304)
    expect(
      createScriptResponder('console.log(2)')(new Request('http://c/')).headers.get('etag'),
    ).not.toBe(etag)
  })
})

describe('renderBrowserScript, edges', () => {
  // kills: render-browser-script.ts:15 EqualityOperator → at <= 0
  it('a bundle that starts with the token is rendered', () => {
    const out = renderBrowserScript('__TEMOIN_CONFIG__.go()', config)
    expect(out.endsWith('.go()')).toBe(true)
    expect(JSON.parse(out.slice(0, -'.go()'.length))).toEqual(config)
  })

  // kills: render-browser-script.ts:23 StringLiteral → ""
  it('a paragraph separator (U+2029) is escaped, and read back unchanged', () => {
    const withSeparator = {
      ...config,
      purposes: config.purposes.map((p) => ({ ...p, description: { fr: 'a\u2029b' } })),
    }
    const out = renderBrowserScript('(__TEMOIN_CONFIG__)', withSeparator)
    expect(out).not.toContain('\u2029')
    expect(out).toContain('a\\u2029b')
    expect(JSON.parse(out.slice(1, -1))).toEqual(withSeparator)
  })
})

describe('createScriptResponder, headers', () => {
  // kills: serve-script.ts:17 StringLiteral → ``
  it('the script may be cached five minutes, by browsers and proxies, and embedded by any site', () => {
    for (const res of [
      createScriptResponder('go()')(new Request('http://c/temoin.js')),
      createScriptResponder('go()')(
        new Request('http://c/temoin.js', {
          headers: { 'if-none-match': '"not-the-etag-of-this-script-x"' },
        }),
      ),
    ]) {
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('public, max-age=300')
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    }
  })

  // kills: serve-script.ts:25 ConditionalExpression → false, StringLiteral → ""
  it('HEAD gets the headers of the script without its body', async () => {
    const respond = createScriptResponder('console.log(1)')
    const head = respond(new Request('http://c/temoin.js', { method: 'HEAD' }))
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(head.headers.get('etag')).toMatch(/^"[\w-]{27}"$/)
    expect(head.body).toBeNull()
    expect(await head.text()).toBe('')
  })
})
