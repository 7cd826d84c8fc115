/**
 * A JSON answer that no cache keeps: every collector answer is about one request or one visitor.
 *
 * @example return jsonResponse(202, { ok: true })
 */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    },
  })
}
