/**
 * A request body's bytes, or null as soon as more than `limit` arrived (the rest is never read):
 * a chunked or lying body cannot make the server read more than it allows.
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
      await reader.cancel().catch(() => undefined)
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
