import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { POLICY_PAGE_EN } from './policy-page-en.js'
import { VISITOR_DATA_SCRIPT, formatVisitorDataControls } from './visitor-data-controls.js'

const ID = '1795687200.8f14e45fceea167a5a36dedd4bea2543'
const ENDPOINT = 'https://stats.example.org'

/** Just enough of a DOM for the script: the container, its buttons, its output. */
class FakeElement {
  textContent = ''
  href = ''
  download = ''
  readonly children: FakeElement[] = []
  readonly listeners = new Map<string, () => void>()
  constructor(readonly dataset: Record<string, string> = {}) {}
  appendChild(child: FakeElement): void {
    this.children.push(child)
  }
  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, listener)
  }
}

/** Runs the script in a page whose cookies are `cookie`, against a collector answering `answer`. */
function page(cookie: string, answer: { status: number; body: unknown }, confirmed = true) {
  const calls: { url: string; init: { method: string; credentials: string } }[] = []
  const output = new FakeElement()
  const see = new FakeElement()
  const erase = new FakeElement()
  const box = new FakeElement({ endpoint: ENDPOINT, lang: 'en', ...POLICY_PAGE_EN.script })
  const parts: Record<string, FakeElement> = {
    '[data-temoin-output]': output,
    '[data-temoin-see]': see,
    '[data-temoin-erase]': erase,
  }
  const document = {
    cookie,
    getElementById: (id: string) => (id === 'temoin-visitor-data' ? box : null),
    createElement: () => new FakeElement(),
  }
  Object.assign(box, { querySelector: (s: string) => parts[s] })
  const fetch = (url: string, init: { method: string; credentials: string }) => {
    calls.push({ url, init })
    return Promise.resolve({
      ok: answer.status < 300,
      status: answer.status,
      json: () => Promise.resolve(answer.body),
    })
  }
  const window = { fetch, confirm: () => confirmed }
  runInNewContext(VISITOR_DATA_SCRIPT, {
    window,
    document,
    fetch,
    location: { protocol: 'https:' },
    URL: { createObjectURL: () => 'blob:1' },
    Blob,
  })
  const click = async (button: FakeElement) => {
    button.listeners.get('click')?.()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  return { calls, output, document, click, see, erase }
}

const STORED = {
  visitor: ID,
  events: [
    { time: Date.UTC(2026, 10, 2, 9), site: 'demo.temoin.example', path: '/', name: '' },
    { time: Date.UTC(2026, 10, 2, 10), site: 'demo.temoin.example', path: '/a', name: 'download' },
  ],
  receipts: [{ id: 'r1' }],
}

describe('the see / erase controls of the policy page', () => {
  it('show what the collector stores under the visitor id of the cookie, and offer it as JSON', async () => {
    const p = page(`temoin_consent=d%3D1; temoin_id=${ID}`, { status: 200, body: STORED })
    await p.click(p.see)
    expect(p.calls).toEqual([
      { url: `${ENDPOINT}/api/visitor/${ID}`, init: { method: 'GET', credentials: 'omit' } },
    ])
    expect(p.output.textContent).toBe(
      'Page views and events recorded: 2; receipts of your choices: 1.',
    )
    const [list, link] = p.output.children
    expect(list?.children.map((li) => li.textContent.replace(/^.* — /, ''))).toEqual([
      'demo.temoin.example/a (download)',
      'demo.temoin.example/',
    ])
    expect([link?.href, link?.download, link?.textContent]).toEqual([
      'blob:1',
      'temoin-data.json',
      'Download this data (JSON)',
    ])
  })

  it('erase after confirmation, then drop the erased id from the cookie', async () => {
    const p = page(`temoin_id=${ID}`, {
      status: 200,
      body: { ok: true, visitor: ID, removed: { events: 5, receipts: 2 } },
    })
    await p.click(p.erase)
    expect(p.calls.map((c) => [c.url, c.init.method])).toEqual([
      [`${ENDPOINT}/api/visitor/${ID}`, 'DELETE'],
    ])
    expect(p.output.textContent).toMatch(
      /^Done\. Page views and events erased: 5; receipts kept as proof, with no link to you: 2\./,
    )
    expect(p.document.cookie).toBe('temoin_id=;path=/;max-age=0;SameSite=Lax;Secure')
  })

  it('do nothing when the visitor cancels the erasure', async () => {
    const p = page(`temoin_id=${ID}`, { status: 200, body: {} }, false)
    await p.click(p.erase)
    expect(p.calls).toEqual([])
  })

  it('say that nothing is linked to a browser without a visitor id, without calling', async () => {
    const p = page('temoin_consent=d%3D1', { status: 200, body: STORED })
    await p.click(p.see)
    await p.click(p.erase)
    expect(p.calls).toEqual([])
    expect(p.output.textContent).toBe(POLICY_PAGE_EN.script.none)
  })

  it('show the collector’s reason when it refuses', async () => {
    const p = page(`temoin_id=${ID}`, {
      status: 400,
      body: { error: { code: 'VISITOR_INVALID', message: 'id: a visitor id is …' } },
    })
    await p.click(p.see)
    expect(p.output.textContent).toBe('The request failed: id: a visitor id is …')
  })

  it('carry the collector’s address and the messages in escaped data attributes', () => {
    const html = formatVisitorDataControls(POLICY_PAGE_EN, 'en', 'https://stats.example.org/"x')
    expect(html).toContain('data-endpoint="https://stats.example.org/&quot;x"')
    expect(html).toContain('<div data-temoin-output role="status" aria-live="polite"></div>')
    expect(html.match(/<\/script>/g)).toHaveLength(1)
  })
})
