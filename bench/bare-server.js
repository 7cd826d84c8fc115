// The baseline of the ingestion part: a bare node:http server that reads each request's body
// and answers 202, doing nothing else: what Node itself allows on this machine. Plain
// JavaScript so that it starts like `temoin serve` (no TypeScript loader in the process).
// Prints "listening on URL" once ready; SIGTERM closes it.
import { createServer } from 'node:http'

const server = createServer((req, res) => {
  req.on('data', () => undefined)
  req.on('end', () => {
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"ok":true}')
  })
})
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`)
})
process.once('SIGTERM', () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
