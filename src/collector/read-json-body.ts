import { AppError } from '../lib/app-error.js'
import { err, ok, type Result } from '../lib/result.js'
import { findUnsafeText } from './find-unsafe-text.js'
import { readAtMost } from './read-at-most.js'

/** The content types temoin.js sends: text/plain (sendBeacon, no CORS preflight) or JSON. */
const ACCEPTED_TYPES = new Set(['text/plain', 'application/json'])

/**
 * Reads a request body as one JSON object, reading at most `limitBytes`: a Content-Length over the
 * limit is refused before any byte is read, and a chunked (or lying) body is counted while it is
 * read and abandoned as soon as it passes the limit. Hono's `bodyLimit` trusts Content-Length when
 * present and then reads whatever comes, so it is not used here. Every string of the object,
 * keys included, then passes the text rule (`findUnsafeText`, TEXT_INVALID): the parsers after
 * this one only ever see text that every store, CSV and page can carry.
 *
 * @example
 * const body = await readJsonBody(req, LIMITS.bodyBytes)
 * if (!body.ok) return reject(body.error)
 */
export async function readJsonBody(
  req: Request,
  limitBytes: number,
): Promise<Result<Record<string, unknown>, AppError>> {
  const type = checkContentType(req.headers.get('content-type'))
  if (type) return err(type)

  const declared = req.headers.get('content-length')
  // Stryker disable next-line MethodExpression: a header value is already trimmed (Fetch's Headers and Node's parser strip its surrounding whitespace); trim() is belt and braces
  const length = declared !== null && /^\d+$/.test(declared.trim()) ? Number(declared) : null
  if (length !== null && length > limitBytes) return err(tooLarge(limitBytes))

  // With a Content-Length within the limit, Node's HTTP parser delivers exactly that many bytes,
  // so the body is read whole: @hono/node-server then reads it straight from the socket, without
  // building a web stream (a sixth of the collector's CPU per event under load, `npm run bench
  // -- --only ingestion --profile`). Without one (chunked), it is counted while read.
  const bytes =
    // Stryker disable next-line ConditionalExpression: a cost choice only; readAtMost returns the same bytes for a length within the limit, and a lying one is refused either way (413 here or by readAtMost)
    length !== null ? new Uint8Array(await req.arrayBuffer()) : await readAtMost(req, limitBytes)
  // The size is checked again: a Request built in-process may carry a length that lies.
  if (bytes === null || bytes.byteLength > limitBytes) return err(tooLarge(limitBytes))

  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
  } catch {
    return err(notJson('The body is not valid UTF-8.'))
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return err(notJson(text.trim() === '' ? 'The body is empty.' : 'The body is not valid JSON.'))
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
    return err(notJson(`The body is ${what}; it must be one JSON object.`))
  }
  const unsafe = findUnsafeText(value)
  if (unsafe) return err(unsafe)
  return ok(value as Record<string, unknown>)
}

function checkContentType(header: string | null): AppError | null {
  if (header === null) {
    return new AppError('CONTENT_TYPE', 'The request has no Content-Type.', {
      where: 'Content-Type',
    })
  }
  const parts = header.split(';').map((p) => p.trim().toLowerCase())
  // Stryker disable next-line StringLiteral: split() always returns at least one part, so the default is never used
  const [mediaType = '', ...params] = parts
  if (!ACCEPTED_TYPES.has(mediaType)) {
    return new AppError('CONTENT_TYPE', 'Content-Type must be text/plain or application/json.', {
      where: 'Content-Type',
    })
  }
  // The body is decoded as UTF-8; another declared charset would be silently mis-read.
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length)
  if (charset !== undefined && !['utf-8', 'utf8'].includes(charset.replace(/"/g, ''))) {
    return new AppError('CONTENT_TYPE', 'The body must be UTF-8 (charset=utf-8).', {
      where: 'Content-Type',
    })
  }
  return null
}

function tooLarge(limit: number): AppError {
  return new AppError('BODY_TOO_LARGE', `The body is larger than ${limit} bytes.`, {
    where: 'body',
  })
}

function notJson(message: string): AppError {
  return new AppError('BODY_NOT_JSON', message, { where: 'body' })
}
