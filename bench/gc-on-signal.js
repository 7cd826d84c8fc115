// Bench only, never the product: loaded into `temoin serve` with `node --expose-gc --import`
// by the hostile part, so that it can measure the resident memory left once V8 has collected
// its garbage (what is really kept), besides the memory left when idle (what an operator sees).
// SIGURG is ignored by default, so nothing else listens to it.
// After each collection it prints V8's share of the memory (heap used, and the buffers it
// tracks outside the heap), so that the part can tell JavaScript's memory from the rest
// (DuckDB's buffer pool and other native allocations).
process.on('SIGURG', () => {
  globalThis.gc?.()
  const { heapUsed, external } = process.memoryUsage()
  process.stdout.write(`bench-gc: ${JSON.stringify({ heapUsed, external })}\n`)
})
