import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  createHarness,
  CHROME_WINDOWS,
  type Harness,
} from '../../test/helpers/collector-harness.js'
import { AppError } from '../lib/app-error.js'
import { createFailureAnswer } from './answer-failure.js'

/**
 * What a client receives when a request fails inside the collector (docs/api.md, "Time limits
 * and connections"; docs/errors.md): a client gone is 400 REQUEST_INCOMPLETE and one short log
 * line; a store failure keeps its code with a generic message; anything else is 500 INTERNAL.
 * The failure is planted where every /api/* request passes first (the client's address), so
 * each case runs the collector's real middleware, Hono's onError and the outer catch.
 */

let h: Harness
let thrown: unknown
const lines: string[] = []
beforeAll(async () => {
  h = await createHarness({
    log: (line) => lines.push(line),
    clientAddress: () => {
      throw thrown
    },
  })
})
afterAll(async () => {
  await h.close()
})

/** The answer to a POST /api/event whose handling throws `e`. */
async function failWith(
  e: unknown,
  init: RequestInit = {},
): Promise<{ status: number; code: string | null; message: string; log: string }> {
  thrown = e
  lines.length = 0
  const res = await h.fetch(
    new Request('http://collector.test/api/event', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': CHROME_WINDOWS },
      body: '{}',
      ...init,
    }),
  )
  const body = (await res.json()) as { error: { code: string; message: string } }
  expect(body.error.code).toBe(res.headers.get('x-temoin-error'))
  return {
    status: res.status,
    code: body.error.code,
    message: body.error.message,
    log: lines.join('\n'),
  }
}

const gone = {
  status: 400,
  code: 'REQUEST_INCOMPLETE',
  message: 'The connection closed before the body arrived whole.',
  log: 'POST /api/event: the client went away before its request arrived whole',
}

function errorWithCode(code: string): Error {
  return Object.assign(new Error('read failed'), { code })
}

describe('a client that went away', () => {
  // kills: answer-failure.ts:25 ConditionalExpression → false (ECONNRESET), StringLiteral → "",
  // LogicalOperator → (…) && e.message === 'aborted', LogicalOperator → (…) && …;
  // answer-failure.ts:57 BlockStatement → {}, BooleanLiteral → isAppError(e), ConditionalExpression → false;
  // answer-failure.ts:58 StringLiteral → ``; answer-failure.ts:60 StringLiteral → ""
  test('a connection reset (ECONNRESET) is 400 REQUEST_INCOMPLETE and one short log line', async () => {
    expect(await failWith(errorWithCode('ECONNRESET'))).toEqual(gone)
  })

  // kills: answer-failure.ts:26 ConditionalExpression → false, StringLiteral → ""
  test('a stream closed early (ERR_STREAM_PREMATURE_CLOSE) is a client gone', async () => {
    expect(await failWith(errorWithCode('ERR_STREAM_PREMATURE_CLOSE'))).toEqual(gone)
  })

  // kills: answer-failure.ts:27 ConditionalExpression → false, StringLiteral → ""
  test("Node's `Error: aborted` is a client gone", async () => {
    expect(await failWith(new Error('aborted'))).toEqual(gone)
  })

  // kills: answer-failure.ts:29 ConditionalExpression → false, StringLiteral → ""
  test("@hono/node-server's premature close is a client gone", async () => {
    expect(await failWith(new Error('Client connection prematurely closed.'))).toEqual(gone)
  })

  // kills: answer-failure.ts:21 BooleanLiteral → false, ConditionalExpression → false
  test('whatever was thrown, a request whose signal was aborted is a client gone', async () => {
    const controller = new AbortController()
    controller.abort()
    expect(await failWith(new Error('boom'), { signal: controller.signal })).toEqual(gone)
  })
})

describe('a failure of the server', () => {
  test('any other Error is 500 INTERNAL, its stack logged and never sent', async () => {
    const r = await failWith(errorWithCode('EACCES'))
    expect(r).toMatchObject({ status: 500, code: 'INTERNAL' })
    expect(r.message).toBe('The collector failed unexpectedly.')
    expect(r.log).toMatch(/^POST \/api\/event: INTERNAL: Error: read failed/)
  })

  // kills: answer-failure.ts:22 BooleanLiteral → true
  test('a thrown value that is not an Error is 500 INTERNAL, not a client gone', async () => {
    const r = await failWith('a string')
    expect(r).toMatchObject({ status: 500, code: 'INTERNAL' })
    expect(r.log).toBe('POST /api/event: INTERNAL: a string')
  })

  // kills: answer-failure.ts:70 ConditionalExpression → false, EqualityOperator → e.status !== 503
  test('a store failure keeps its code (503) with the generic store message, the detail logged only', async () => {
    const r = await failWith(
      new AppError('STORE_FAILED', 'IO Error: /data/temoin.duckdb: disk full'),
    )
    expect(r).toMatchObject({
      status: 503,
      code: 'STORE_FAILED',
      message: 'Nothing was stored; the request may be sent again.',
    })
    expect(r.log).toContain('disk full')
  })

  // kills: answer-failure.ts:64 EqualityOperator → e.status <= 500; answer-failure.ts:70 ConditionalExpression → true
  test('an AppError of status 500 keeps its code with the generic internal message', async () => {
    const r = await failWith(new AppError('BUILD_MISSING', 'dist/browser/temoin.js: no such file'))
    expect(r).toMatchObject({
      status: 500,
      code: 'BUILD_MISSING',
      message: 'The collector failed unexpectedly.',
    })
    expect(r.log).toContain('dist/browser/temoin.js')
  })

  // kills: answer-failure.ts:68 ConditionalExpression → false, EqualityOperator → e.code !== 'SHUTTING_DOWN';
  // answer-failure.ts:69 StringLiteral → ""
  test('a server stopping says so (503 SHUTTING_DOWN), not that the store failed', async () => {
    const r = await failWith(new AppError('SHUTTING_DOWN', 'the writer is closed'))
    expect(r).toMatchObject({
      status: 503,
      code: 'SHUTTING_DOWN',
      message: 'The server is stopping; nothing was done.',
    })
  })

  test("an AppError under 500 is the client's, answered as is", async () => {
    const r = await failWith(new AppError('VISITOR_INVALID', 'visitor: malformed.'))
    expect(r).toMatchObject({
      status: 400,
      code: 'VISITOR_INVALID',
      message: 'visitor: malformed.',
    })
  })
})

// kills: answer-failure.ts:54 StringLiteral → ""
test('a failure answered without its request is logged as "request"', () => {
  const logged: string[] = []
  const failure = createFailureAnswer({
    log: (line) => logged.push(line),
    messages: { store: 'store', internal: 'internal' },
  })
  expect(failure('oops').status).toBe(500)
  expect(logged).toEqual(['request: INTERNAL: oops'])
})
