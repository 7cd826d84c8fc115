import type { AppError } from '../lib/app-error.js'

/**
 * The one shape of every refused request: the error's status, `{ "error": … }` as JSON (code,
 * message, where, fix — never a stack) and `X-Temoin-Error: CODE`, so that a failing beacon can
 * be understood from the network panel alone (GoatCounter's trick: the reason is in a header).
 *
 * @example
 * return reject(new AppError('EVENT_INVALID', 'url: required.', { where: 'url' }))
 */
export function reject(error: AppError, headers: Readonly<Record<string, string>> = {}): Response {
  return new Response(JSON.stringify({ error: error.toJSON() }), {
    status: error.status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Temoin-Error': error.code,
      ...headers,
    },
  })
}
