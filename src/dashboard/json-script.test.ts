import { describe, expect, it } from 'vitest'
import { jsonScript } from './json-script.js'

/**
 * JSON inside HTML: a value holding `</script>` must not end the element, nor `<!--` open a
 * comment that swallows it (the HTML parser reads a script element's text before JSON does).
 */
describe('jsonScript', () => {
  const value = {
    path: '/a</script><script>window.__xss=1</script>',
    upper: '</SCRIPT ><img src=x onerror=alert(1)>',
    comment: '<!--<script>',
    amp: 'a&b "quoted" \\ back',
    separators: 'line\u2028para\u2029',
    rows: [1, 2.5, null],
  }

  it('writes no markup of the value, and JSON.parse of the element gives the value back', async () => {
    const markup = (await jsonScript('series-data', value)).toString()
    expect(markup.match(/<\/script/gi)).toHaveLength(1)
    expect(markup).not.toContain('<!--')
    expect(markup).not.toMatch(/[\u2028\u2029]/)
    const text = /<script type="application\/json" id="series-data">([\s\S]*)<\/script>$/.exec(
      markup,
    )?.[1]
    expect(text, markup).toBeDefined()
    expect(JSON.parse(text!)).toEqual(value)
  })

  it('escapes the id as an attribute', async () => {
    const markup = (await jsonScript('a"><b', {})).toString()
    expect(markup).toContain('id="a&quot;&gt;&lt;b"')
  })
})
