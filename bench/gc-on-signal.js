// Bench only, never the product: loaded into `temoin serve` with `node --expose-gc --import`
// by the hostile part, so that it can measure the resident memory left once V8 has collected
// its garbage (what is really kept), besides the memory left when idle (what an operator sees).
// SIGURG is ignored by default, so nothing else listens to it.
process.on('SIGURG', () => {
  globalThis.gc?.()
})
