import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createHarness,
  CHROME_WINDOWS,
  type Harness,
} from '../../test/helpers/collector-harness.js'
import { LIMITS } from '../protocol/limits.js'
import { DISCARD_BYTES } from './read-at-most.js'

/**
 * The body of a write as a client sees its reading (docs/api.md, "Request bodies"): the size
 * limit at its exact boundary, with and without Content-Length; the content types and charsets
 * accepted; a body in several chunks, a BOM, no body at all; and each refusal's status, headers
 * and `{ error: { code, message, where, fix } }`. Through the collector's own `fetch`.
 */

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h.close()
})

const PAGEVIEW = JSON.stringify({ type: 'pageview', url: 'https://demo.temoin.example/a' })

function post(
  body: RequestInit['body'],
  headers: Record<string, string> = { 'content-type': 'text/plain' },
): Request {
  return new Request('http://collector.test/api/event', {
    method: 'POST',
    headers: { 'user-agent': CHROME_WINDOWS, ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  })
}

/** A valid pageview padded with trailing spaces (JSON whitespace) to exactly `bytes` bytes. */
function pageviewOf(bytes: number): string {
  return PAGEVIEW + ' '.repeat(bytes - PAGEVIEW.length)
}

interface Refusal {
  readonly status: number
  readonly headers: Headers
  readonly error: { code: string; message: string; where?: string; fix: string }
}

async function refusal(res: Response): Promise<Refusal> {
  const body = (await res.json()) as { error: Refusal['error'] }
  return { status: res.status, headers: res.headers, error: body.error }
}

/**
 * A body of `total` bytes in 1 KiB chunks, pulled only when read (highWaterMark 0, so `pulled`
 * is exactly what the server read), and a promise settled when the server cancels the rest.
 */
function countingStream(total: number): {
  stream: ReadableStream<Uint8Array>
  pulled: () => number
  cancelled: Promise<void>
} {
  let pulled = 0
  let onCancel = (): void => undefined
  const cancelled = new Promise<void>((resolve) => (onCancel = resolve))
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= total) return controller.close()
        pulled += 1024
        controller.enqueue(new Uint8Array(1024).fill(0x20))
      },
      cancel: () => onCancel(),
    },
    { highWaterMark: 0 },
  )
  return { stream, pulled: () => pulled, cancelled }
}

/** A stream handing out `parts` one chunk each. */
function chunked(parts: readonly string[]): ReadableStream<Uint8Array> {
  const queue = parts.map((p) => new TextEncoder().encode(p))
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift()
      if (next) controller.enqueue(next)
      else controller.close()
    },
  })
}

describe('the size limit', () => {
  // kills: read-json-body.ts:30 ConditionalExpression → true, EqualityOperator → length <= limitBytes
  test('a body with a Content-Length under the limit is read and stored', async () => {
    const res = await h.fetch(
      post(PAGEVIEW, { 'content-type': 'text/plain', 'content-length': String(PAGEVIEW.length) }),
    )
    expect(res.status).toBe(202)
  })

  // kills: read-json-body.ts:30 EqualityOperator → length >= limitBytes
  test('a Content-Length of exactly the limit is accepted', async () => {
    const body = pageviewOf(LIMITS.bodyBytes)
    const res = await h.fetch(
      post(body, { 'content-type': 'text/plain', 'content-length': String(LIMITS.bodyBytes) }),
    )
    expect(res.status).toBe(202)
  })

  // kills: read-json-body.ts:39 EqualityOperator → bytes.byteLength >= limitBytes
  test('a chunked body (no Content-Length) of exactly the limit is accepted', async () => {
    const res = await h.fetch(post(chunked([pageviewOf(LIMITS.bodyBytes)])))
    expect(res.status).toBe(202)
  })

  // kills: read-json-body.ts:29 ConditionalExpression → false, Regex → /^\D+$/, Regex → /^\d$/;
  // read-json-body.ts:30 ConditionalExpression → false
  test('a Content-Length over the limit is refused before a byte of the body is read', async () => {
    const { stream, pulled } = countingStream(4 * 1024 * 1024)
    const res = await h.fetch(
      post(stream, { 'content-type': 'text/plain', 'content-length': String(4 * 1024 * 1024) }),
    )
    const r = await refusal(res)
    expect(r.status).toBe(413)
    expect(r.error.code).toBe('BODY_TOO_LARGE')
    expect(pulled()).toBe(0)
  })

  // kills: read-json-body.ts:29 Regex → /\d+$/, Regex → /^\d+/
  test('a Content-Length that is not a number is not trusted: the body is counted while read', async () => {
    for (const declared of ['1x1', 'x1', '1x']) {
      const { stream, pulled } = countingStream(4 * 1024 * 1024)
      const res = await h.fetch(
        post(stream, { 'content-type': 'text/plain', 'content-length': declared }),
      )
      expect(res.status).toBe(413)
      // Abandoned near the limit, not read whole (4 MiB) before being judged.
      expect(pulled()).toBeLessThan(LIMITS.bodyBytes + DISCARD_BYTES + 64 * 1024)
    }
  })

  // kills: read-at-most.ts:44 EqualityOperator → left >= 0
  test('past the limit, exactly DISCARD_BYTES more are read and dropped, then the body is cancelled', async () => {
    const { stream, pulled, cancelled } = countingStream(4 * 1024 * 1024)
    const res = await h.fetch(post(stream))
    expect(res.status).toBe(413)
    // Refused because the limit was passed while reading, not before.
    expect(pulled()).toBeGreaterThan(LIMITS.bodyBytes)
    await cancelled
    // The chunk that passed the limit (9 KiB read in all), then 1 MiB dropped, not one chunk more.
    expect(pulled()).toBe(LIMITS.bodyBytes + 1024 + DISCARD_BYTES)
  })

  // kills: read-json-body.ts:85 ObjectLiteral → {}, read-json-body.ts:86 StringLiteral → ""
  test('the refusal names the body, the limit and what to do', async () => {
    const r = await refusal(await h.fetch(post(pageviewOf(LIMITS.bodyBytes + 1))))
    expect(r.status).toBe(413)
    expect(r.error).toEqual({
      code: 'BODY_TOO_LARGE',
      message: 'The body is larger than 8192 bytes.',
      where: 'body',
      fix: 'Send a smaller body; the limits are in docs/api.md.',
    })
  })
})

describe('reading the body', () => {
  // kills: read-at-most.ts:31 AssignmentOperator → offset -= c.byteLength
  test('a body arriving in several chunks is put back together in order', async () => {
    const half = Math.floor(PAGEVIEW.length / 2)
    const res = await h.fetch(
      post(chunked([PAGEVIEW.slice(0, 7), PAGEVIEW.slice(7, half), PAGEVIEW.slice(half)])),
    )
    expect(res.status).toBe(202)
  })

  // kills: read-json-body.ts:43 BooleanLiteral → true
  test('a UTF-8 byte order mark before the JSON is dropped, not refused', async () => {
    const res = await h.fetch(post(`\uFEFF${PAGEVIEW}`))
    expect(res.status).toBe(202)
  })

  // kills: read-at-most.ts:8 ConditionalExpression → false
  test('a POST without a body is refused as empty (400), not a server failure', async () => {
    const r = await refusal(await h.fetch(post(null)))
    expect(r.status).toBe(400)
    expect(r.error.code).toBe('BODY_NOT_JSON')
    expect(r.error.message).toBe('The body is empty.')
  })

  // kills: read-json-body.ts:51 MethodExpression → text
  test('a body of whitespace only is called empty', async () => {
    const r = await refusal(await h.fetch(post(' \n\t ')))
    expect(r.error.message).toBe('The body is empty.')
  })

  // kills: read-json-body.ts:91 ObjectLiteral → {}, StringLiteral → ""
  test('a body that is not JSON is refused with where: body', async () => {
    const r = await refusal(await h.fetch(post('{"type":')))
    expect(r.status).toBe(400)
    expect(r.error).toEqual({
      code: 'BODY_NOT_JSON',
      message: 'The body is not valid JSON.',
      where: 'body',
      fix: 'Send one JSON object as the body (Content-Type text/plain or application/json).',
    })
  })
})

describe('the content type', () => {
  // kills: read-json-body.ts:75 StringLiteral → "" (startsWith(''))
  test('a parameter other than charset is no reason to refuse', async () => {
    const res = await h.fetch(post(PAGEVIEW, { 'content-type': 'text/plain; format=flowed' }))
    expect(res.status).toBe(202)
  })

  // kills: read-json-body.ts:76 StringLiteral → "" ('utf8'), StringLiteral → "Stryker was here!"
  test('charset utf8 and a quoted "utf-8" are UTF-8', async () => {
    for (const type of ['application/json; charset=utf8', 'text/plain; charset="utf-8"']) {
      const res = await h.fetch(post(PAGEVIEW, { 'content-type': type }))
      expect(res.status, type).toBe(202)
    }
  })

  // kills: read-json-body.ts:64 ObjectLiteral → {}, StringLiteral → "", read-json-body.ts:65 StringLiteral → "";
  // reject.ts:15 StringLiteral → "", reject.ts:16 StringLiteral → ""
  test('no Content-Type: 415 with the JSON error, its code in a header, never cached', async () => {
    const r = await refusal(await h.fetch(post(new TextEncoder().encode(PAGEVIEW), {})))
    expect(r.status).toBe(415)
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(r.headers.get('cache-control')).toBe('no-store')
    expect(r.headers.get('x-temoin-error')).toBe('CONTENT_TYPE')
    expect(r.error).toEqual({
      code: 'CONTENT_TYPE',
      message: 'The request has no Content-Type.',
      where: 'Content-Type',
      fix: 'Send the body as text/plain or application/json.',
    })
  })

  // kills: read-json-body.ts:70 ObjectLiteral → {}, StringLiteral → "", read-json-body.ts:71 StringLiteral → ""
  test('a form content type is refused, naming the two accepted', async () => {
    const r = await refusal(
      await h.fetch(post(PAGEVIEW, { 'content-type': 'application/x-www-form-urlencoded' })),
    )
    expect(r.status).toBe(415)
    expect(r.error.message).toBe('Content-Type must be text/plain or application/json.')
    expect(r.error.where).toBe('Content-Type')
  })

  // kills: read-json-body.ts:77 ObjectLiteral → {}, read-json-body.ts:78 StringLiteral → ""
  test('another charset is refused with where: Content-Type', async () => {
    const r = await refusal(
      await h.fetch(post(PAGEVIEW, { 'content-type': 'text/plain; charset=iso-8859-1' })),
    )
    expect(r.status).toBe(415)
    expect(r.error.message).toBe('The body must be UTF-8 (charset=utf-8).')
    expect(r.error.where).toBe('Content-Type')
  })
})
