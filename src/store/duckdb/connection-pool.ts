/** Tasks spread over a few connections, each connection running one task at a time. */
export interface ConnectionPool<C> {
  /** Runs `task` on the first connection free, once every task asked before it has one. */
  run<T>(task: (connection: C) => Promise<T>): Promise<T>
  /** Resolves once no task runs or waits. */
  idle(): Promise<void>
}

/**
 * A pool of connections sharing one line: a task waits for whichever connection frees up first
 * (not for the one it was handed to, behind a long statement), in the order tasks were asked.
 * A failed task gives its connection back like any other.
 *
 * @example
 * const reads = createConnectionPool([a, b, c])
 * await Promise.all(sqls.map((sql) => reads.run((connection) => connection.run(sql))))
 */
export function createConnectionPool<C>(connections: readonly C[]): ConnectionPool<C> {
  if (connections.length === 0) throw new RangeError('a connection pool needs a connection')
  const free = [...connections]
  const waiting: ((connection: C) => void)[] = []
  let idle: (() => void)[] = []
  const release = (connection: C) => {
    const next = waiting.shift()
    if (next) return next(connection)
    free.push(connection)
    if (free.length === connections.length) {
      for (const resolve of idle) resolve()
      idle = []
    }
  }
  const acquire = () =>
    new Promise<C>((resolve) => {
      const connection = free.shift()
      if (connection === undefined) waiting.push(resolve)
      else resolve(connection)
    })
  return {
    async run(task) {
      const connection = await acquire()
      try {
        return await task(connection)
      } finally {
        release(connection)
      }
    },
    idle: () =>
      free.length === connections.length
        ? Promise.resolve()
        : new Promise<void>((resolve) => idle.push(resolve)),
  }
}
