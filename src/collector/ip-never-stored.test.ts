import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { isIPv4 } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import {
  CHROME_WINDOWS,
  createHarness,
  SAFARI_IPHONE,
} from '../../test/helpers/collector-harness.js'
import { newVisitorId } from '../protocol/visitor-id.js'

/**
 * The IP address is used for the country and the rate limit, then dropped: after a run of events
 * and consents from distinctive addresses, no byte of the data folder and no log line holds any
 * of them, in any of the forms an address is usually written; nor does the raw user agent.
 */

const ADDRESSES = [
  '203.0.113.77', // documentation range: unknown to the country database
  '2001:db8:85a3::8a2e:370:7334', // documentation range, IPv6
  '212.27.48.10', // routable, France
  '2a01:e0a:1f:9b0::42', // routable IPv6, France
] as const

/** The usual text forms of an address, lower-cased. */
function textForms(address: string): string[] {
  if (isIPv4(address)) {
    const parts = address.split('.').map(Number)
    const [a = 0, b = 0, c = 0, d = 0] = parts
    const hex = parts.map((p) => p.toString(16).padStart(2, '0')).join('')
    return [
      address,
      `::ffff:${address}`,
      `::ffff:${hex.slice(0, 4)}:${hex.slice(4)}`,
      String(((a << 24) >>> 0) + (b << 16) + (c << 8) + d), // as one integer
      parts.map((p) => String(p).padStart(3, '0')).join('.'), // zero-padded
    ]
  }
  const groups = expandIPv6(address)
  return [
    address,
    groups.join(':'), // full, zero-padded
    groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':'), // full, unpadded
    groups.join(''), // bare hex
  ].map((s) => s.toLowerCase())
}

function expandIPv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::')
  const h = head === '' ? [] : head.split(':')
  const t = tail === '' ? [] : tail.split(':')
  const zeros: string[] = Array.from({ length: 8 - h.length - t.length }, () => '0')
  return [...h, ...zeros, ...t].map((g) => g.padStart(4, '0'))
}

/** The address as raw bytes (IPv6 only: 4 bytes would turn up by chance in a random id). */
function binaryForm(address: string): Buffer | null {
  return isIPv4(address) ? null : Buffer.from(expandIPv6(address).join(''), 'hex')
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

const dirs: string[] = []
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true })
})

test('no address (nor the raw user agent) reaches the data folder or the log', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'temoin-ip-'))
  dirs.push(dataDir)
  const lines: string[] = []
  const h = await createHarness({
    statistics: 'consent',
    storePath: join(dataDir, 'temoin.duckdb'),
    log: (l) => lines.push(l),
  })
  const now = h.clock.now()
  const url = 'https://demo.temoin.example/article?utm_source=news'

  for (const [i, address] of ADDRESSES.entries()) {
    h.address = address
    const visitor = newVisitorId(now)
    const ua = i % 2 === 0 ? CHROME_WINDOWS : SAFARI_IPHONE
    const consent = await h.post(
      '/api/consent',
      {
        url,
        policyVersion: '2026-11',
        granted: ['statistics', 'personalisation'],
        refused: [],
        deposit: now,
        visitor,
      },
      { 'user-agent': ua },
    )
    expect(consent.status).toBe(201)
    const refusal = await h.post(
      '/api/consent',
      {
        url,
        policyVersion: '2026-11',
        granted: [],
        refused: ['statistics', 'personalisation'],
        deposit: now,
      },
      { 'user-agent': ua },
    )
    expect(refusal.status).toBe(201)
    for (const body of [
      { type: 'pageview', url, visitor, referrer: 'https://news.example/x' },
      { type: 'pageview', url },
      { type: 'event', url, name: 'download', visitor, props: { file: 'guide.pdf' } },
    ]) {
      expect(
        (
          await h.post('/api/event', body, {
            'user-agent': ua,
            origin: 'https://demo.temoin.example',
          })
        ).status,
      ).toBe(202)
    }
    // Refusals and bots from the same address: they must leave no trace either.
    expect((await h.post('/api/event', { type: 'nope', url }, { 'user-agent': ua })).status).toBe(
      400,
    )
    expect(
      (await h.post('/api/event', { type: 'pageview', url }, { 'user-agent': 'Googlebot/2.1' }))
        .status,
    ).toBe(202)
    h.clock.advance(1000)
  }
  // The address was really used: the routable ones got their country.
  const countries = (await h.store.listEvents({})).map((e) => e.country)
  expect(countries).toEqual(['', '', '', '', '', '', 'FR', 'FR', 'FR', 'FR', 'FR', 'FR'])

  // Make the collector log: a refused write (shutting down) and an unhealthy store.
  await h.writer.close()
  h.address = ADDRESSES[2]
  expect((await h.post('/api/event', { type: 'pageview', url })).status).toBe(503)
  await h.store.close()
  expect((await h.fetch(new Request('http://collector.test/healthz'))).status).toBe(503)
  expect(lines.length).toBeGreaterThan(0)

  const files = await filesUnder(dataDir)
  expect(files.length).toBeGreaterThan(0)
  const contents = await Promise.all(
    files.map(async (f) => ({ file: f, bytes: await readFile(f) })),
  )
  expect(contents.reduce((n, c) => n + c.bytes.length, 0)).toBeGreaterThan(0)
  const log = lines.join('\n').toLowerCase()

  for (const address of ADDRESSES) {
    for (const form of textForms(address)) {
      expect(log, `log holds ${form}`).not.toContain(form)
      for (const { file, bytes } of contents) {
        const text = bytes.toString('latin1').toLowerCase()
        expect(text.includes(form), `${file} holds ${form}`).toBe(false)
        expect(bytes.includes(Buffer.from(form, 'utf16le')), `${file} holds ${form} (UTF-16)`).toBe(
          false,
        )
      }
    }
    const binary = binaryForm(address)
    if (binary)
      for (const { file, bytes } of contents)
        expect(bytes.includes(binary), `${file} holds ${address} as bytes`).toBe(false)
  }
  for (const ua of [CHROME_WINDOWS, SAFARI_IPHONE]) {
    expect(log).not.toContain(ua.toLowerCase())
    for (const { file, bytes } of contents)
      expect(bytes.toString('latin1').includes(ua), `${file} holds a user agent`).toBe(false)
  }
  // Versions are dropped with the user agent: only families were stored.
  for (const { bytes } of contents) expect(bytes.toString('latin1')).not.toContain('126.0.0.0')
})
