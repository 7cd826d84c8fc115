import { readFile, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ERROR_CATALOGUE } from '../src/lib/app-error.js'
import {
  CHROME_UA,
  freePort,
  makeWorkdir,
  startServerProcess,
  type ServerProcess,
} from './helpers/server-process.js'

/**
 * Issue 16's HTTP edge against a real `temoin serve`: every route gets prototype names in its
 * path, its query and its JSON keys, lying lengths, aborted and oversized bodies, half headers
 * and malformed requests. No answer may be a 5xx, every refusal carries a code of the catalogue,
 * the server answers /healthz afterwards, and its log holds no INTERNAL line. The time limits
 * are shortened through the policy's `server.timeouts`, so the whole run takes a few seconds.
 */
const NAMES = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'] as const
const SITE = 'localhost'
const ORIGIN = 'http://localhost:4000'
/** The limit in `server.timeouts` (headers and whole request) for this run. */
const LIMIT_SECONDS = 1
/** The longest a refusal by time may take: the limit, plus Node's check every second, plus slack. */
const TIMED_REFUSAL_MS = (LIMIT_SECONDS + 1) * 1000 + 1500

/** An answer read off a raw socket. */
interface RawAnswer {
  readonly status: number
  readonly code: string | null
  readonly text: string
  /** A socket error the client saw (EPIPE, ECONNRESET), if any. */
  readonly socketError: string | null
  readonly ms: number
}

describe('temoin serve against hostile HTTP', () => {
  let dir = ''
  let server: ServerProcess | undefined
  afterAll(async () => {
    server?.child.kill('SIGKILL')
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('answers every route without a 5xx, with catalogue codes, and keeps running', async () => {
    const work = await makeWorkdir({
      rateLimitPerMinute: 1_000_000,
      timeouts: {
        headersSeconds: LIMIT_SECONDS,
        requestSeconds: LIMIT_SECONDS,
        keepAliveSeconds: LIMIT_SECONDS,
      },
      // A public site: the stats API parses its parameters without a login.
      dashboard: { publicSites: [SITE], rateLimitPerMinute: 1_000_000 },
    })
    dir = work.dir
    const port = await freePort()
    server = await startServerProcess({ config: work.config, data: work.data, port })
    const base = server.url
    const { adminToken } = JSON.parse(await readFile(join(work.data, 'server.json'), 'utf8')) as {
      adminToken: string
    }
    const admin = { authorization: `Bearer ${adminToken}` }
    const codes = new Set(Object.keys(ERROR_CATALOGUE))
    const seen: string[] = []

    /** Every answer: below 500, and a refusal names a catalogue code. */
    const check = (what: string, status: number, code: string | null) => {
      seen.push(`${status} ${code ?? '-'} ${what}`)
      expect(status, what).toBeLessThan(500)
      if (status >= 400) expect(codes.has(code ?? ''), `${what}: ${String(code)}`).toBe(true)
    }
    const send = async (method: string, path: string, init: RequestInit = {}) => {
      const res = await fetch(`${base}${path}`, { method, redirect: 'manual', ...init })
      await res.arrayBuffer()
      check(`${method} ${path}`, res.status, res.headers.get('x-temoin-error'))
      return res
    }
    const json = { 'content-type': 'application/json', 'user-agent': CHROME_UA, origin: ORIGIN }

    // Prototype names in path segments and query keys and values, on every route.
    for (const n of NAMES) {
      const gets = [
        `/${n}`,
        `/api/${n}`,
        `/api/event/${n}`,
        `/api/visitor/${n}`,
        `/api/stats/${n}?site=${SITE}`,
        `/api/stats/pages?site=${SITE}&${n}=1`,
        `/api/stats/pages?site=${n}`,
        `/api/stats/pages?site=${SITE}&filter.${n}=x`,
        `/api/stats/pages?site=${SITE}&filter.country=${n}`,
        `/api/stats/event-props?site=${SITE}&event=${n}`,
        `/api/stats/sites?${n}=1`,
        `/dashboard/${n}`,
        `/dashboard/assets/${n}`,
        `/dashboard/assets/${n}.css`,
        `/dashboard?${n}=1`,
        `/dashboard?lang=${n}&site=${SITE}`,
        `/dashboard?site=${n}`,
        `/dashboard?site=${SITE}&panel=${n}&filter.${n}=x`,
        `/dashboard/login?next=${n}`,
        `/dashboard/login?lang=${n}`,
        `/api/admin/${n}`,
        `/temoin.js?${n}=1`,
        `/${n}.js`,
        `/healthz?${n}=1`,
      ]
      for (const path of gets) await send('GET', path)
      await send('GET', `/api/admin/${n}`, { headers: admin })
      await send('POST', `/api/admin/${n}`, { headers: admin })
      await send('DELETE', `/api/visitor/${n}`)
      await send('OPTIONS', `/api/${n}`, { headers: { origin: ORIGIN } })
      await send('PUT', `/api/event?${n}=1`)
      await send('GET', '/api/stats/pages?site=localhost', { headers: { authorization: n } })
      await send('GET', '/dashboard', { headers: { cookie: `${n}=1; temoin_session=${n}` } })
      await send('GET', '/dashboard', { headers: { 'accept-language': n } })

      // JSON keys, at the top and inside, in every body the server reads.
      const keyed = `"${n}":{"x":1},"k${n}":"${n}"`
      const bodies: [string, string, Record<string, string>][] = [
        [
          '/api/event',
          `{${keyed},"type":"event","name":"${n}","url":"${ORIGIN}/","props":{"${n}":"x"}}`,
          json,
        ],
        ['/api/event', `{"type":"pageview","url":"${ORIGIN}/${n}","${n}":null}`, json],
        ['/api/consent', `{${keyed},"purposes":{"${n}":true},"policyVersion":"${n}"}`, json],
        ['/api/admin/publish', `{${keyed},"spec":"name: ${n}\\n${n}: 1\\n"}`, admin],
        ['/api/admin/purge', `{${keyed}}`, admin],
      ]
      for (const [path, body, headers] of bodies) await send('POST', path, { headers, body })
      await send('POST', '/dashboard/login', {
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
        body: `secret=${n}&${n}=1`,
      })
    }

    // An Origin that is not exactly scheme://host[:port] is refused.
    for (const origin of [
      'http://a@localhost:4000',
      'http://localhost:4000/',
      'http://localhost:4000?x',
      'http://localhost:4000#x',
    ]) {
      const res = await send('POST', '/api/event', {
        headers: { ...json, origin },
        body: `{"type":"pageview","url":"${ORIGIN}/"}`,
      })
      expect(res.status, origin).toBe(403)
      expect(res.headers.get('x-temoin-error')).toBe('ORIGIN_FORBIDDEN')
    }

    // Raw sockets: lying lengths, half headers, oversized and aborted bodies, broken HTTP.
    const head = (method: string, path: string, lines: string[]) =>
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${lines.join('\r\n')}\r\n\r\n`
    const big = Buffer.alloc(200_000, 'a')
    const chunked = Buffer.concat([
      Buffer.from(`${big.length.toString(16)}\r\n`),
      big,
      Buffer.from('\r\n0\r\n\r\n'),
    ])
    const posts: [string, string, string[]][] = [
      ['/api/event', 'text/plain', []],
      ['/api/consent', 'application/json', []],
      ['/dashboard/login', 'application/x-www-form-urlencoded', [`Origin: ${base}`]],
      ['/api/admin/publish', 'application/json', [`Authorization: ${admin.authorization}`]],
    ]
    const raws: Promise<void>[] = []
    for (const [path, type, extra] of posts) {
      const lines = [`Content-Type: ${type}`, ...extra]
      // A Content-Length larger than the body sent, the client then waiting: refused in time.
      raws.push(
        rawRequest(port, head('POST', path, [...lines, 'Content-Length: 100']) + '{"a":', {
          waitMs: TIMED_REFUSAL_MS + 1000,
        }).then((a) => {
          check(`lying length on ${path}`, a.status, a.code)
          expect(a.code, path).toBe('REQUEST_INCOMPLETE')
          expect(a.ms, path).toBeLessThan(TIMED_REFUSAL_MS)
        }),
      )
      // Over the limit, with and without a length: 413, read by the client, with no EPIPE.
      for (const [what, headers, body] of [
        ['length', [...lines, `Content-Length: ${big.length}`], big],
        ['chunked', [...lines, 'Transfer-Encoding: chunked'], chunked],
      ] as const) {
        if (path === '/api/admin/publish') continue // 1 MiB there: below
        raws.push(
          rawRequest(port, head('POST', path, [...headers]), { body }).then((a) => {
            check(`oversized (${what}) on ${path}`, a.status, a.code)
            expect([a.status, a.code, a.socketError], `${what} ${path}`).toEqual([
              413,
              'BODY_TOO_LARGE',
              null,
            ])
          }),
        )
      }
      // A body cut off by the client (it goes away): nothing to read, a short line in the log.
      raws.push(
        rawRequest(port, head('POST', path, [...lines, 'Content-Length: 500']) + '{"type":', {
          abortAfterMs: 100,
        }).then(() => undefined),
      )
    }
    const admin2M = Buffer.alloc(2 * 1024 * 1024, 'a')
    raws.push(
      rawRequest(
        port,
        head('POST', '/api/admin/publish', [
          'Content-Type: application/json',
          `Authorization: Bearer ${adminToken}`,
          `Content-Length: ${admin2M.length}`,
        ]),
        { body: admin2M },
      ).then((a) => {
        check('oversized admin publish', a.status, a.code)
        expect([a.status, a.code, a.socketError]).toEqual([413, 'BODY_TOO_LARGE', null])
      }),
    )
    // Half a header, then silence: refused in time, not held.
    raws.push(
      rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag', {
        waitMs: TIMED_REFUSAL_MS + 1000,
      }).then((a) => {
        check('half a header', a.status, a.code)
        expect(a.code).toBe('REQUEST_INCOMPLETE')
        expect(a.ms).toBeLessThan(TIMED_REFUSAL_MS)
      }),
    )
    for (const [what, text] of [
      ['garbage', 'HELLO\r\n\r\n'],
      ['bad host', 'GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n'],
      ['no host', 'GET /healthz HTTP/1.1\r\nUser-Agent: x\r\n\r\n'],
      ['two hosts', 'GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n'],
      ['huge header', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
    ] as const)
      raws.push(
        rawRequest(port, text).then((a) => {
          check(what, a.status, a.code)
          expect(a.code, what).toBe('REQUEST_MALFORMED')
        }),
      )
    await Promise.all(raws)

    // Still up, and nothing above was an internal error.
    const health = await fetch(`${base}/healthz`)
    expect(health.status).toBe(200)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    const log = server.output()
    expect(log).not.toMatch(/INTERNAL/)
    expect(log).toContain('the client went away')
    expect(seen.length).toBeGreaterThan(200)
  }, 60_000)
})

/**
 * One request written on a raw socket (so it may lie), with its answer. `abortAfterMs`: the
 * client destroys the socket then, without waiting for an answer.
 */
function rawRequest(
  port: number,
  head: string,
  opts: { body?: Buffer; waitMs?: number; abortAfterMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const started = Date.now()
    const socket = connect(port, '127.0.0.1')
    const chunks: Buffer[] = []
    let socketError: string | null = null
    const done = () => {
      clearTimeout(timer)
      const text = Buffer.concat(chunks).toString('latin1')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)
      const code = /\r\nx-temoin-error: ([A-Z_]+)/i.exec(text)?.[1] ?? null
      resolve({ status, code, text, socketError, ms: Date.now() - started })
    }
    const timer = setTimeout(() => socket.destroy(), opts.abortAfterMs ?? opts.waitMs ?? 5000)
    socket.on('data', (d: Buffer) => chunks.push(d))
    socket.on('error', (e: NodeJS.ErrnoException) => (socketError = e.code ?? e.message))
    socket.on('close', done)
    socket.write(head)
    if (opts.body) socket.write(opts.body)
  })
}
