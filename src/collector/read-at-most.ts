/**
 * A request body's bytes, or null as soon as more than `limit` arrived (the rest is never kept):
 * a chunked or lying body cannot make the server hold more than it allows.
 *
 * @example const bytes = await readAtMost(req, 8192); if (bytes === null) return tooLarge()
 */
export async function readAtMost(req: Request, limit: number): Promise<Uint8Array | null> {
  if (!req.body) return new Uint8Array(0)
  // Node types a Request body as ReadableStream<any>; its chunks are bytes.
  const reader = (req.body as ReadableStream<Uint8Array>).getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      // Answered at once, but the rest is still read and dropped: a server that stops reading
      // leaves the client writing into a closed connection (EPIPE) instead of reading its 413.
      // Bounded in bytes here, and in time by @hono/node-server, which closes the connection
      // half a second after the answer if the body has not ended.
      void discard(reader, DISCARD_BYTES)
      return null
    }
    chunks.push(value)
  }
  const all = new Uint8Array(size)
  let offset = 0
  for (const c of chunks) {
    all.set(c, offset)
    offset += c.byteLength
  }
  return all
}

/** What is read and dropped past the limit, at most, so that a client sending a little too much reads its 413. */
export const DISCARD_BYTES = 1024 * 1024

async function discard(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  bytes: number,
): Promise<void> {
  try {
    for (let left = bytes; left > 0;) {
      const { done, value } = await reader.read()
      if (done) return
      left -= value.byteLength
    }
    await reader.cancel()
  } catch {
    // The connection closed: nothing is left to read.
  }
}
