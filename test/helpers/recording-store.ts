import type { SqlValue } from '../../src/store/sql-dialect.js'
import type { Store } from '../../src/store/store.js'

/** A store that records the SQL it runs in `seen`, to tell which source answered a query. */
export function recordingStore(store: Store, seen: string[]): Store {
  return Object.create(store, {
    query: {
      value: (sql: string, values: readonly SqlValue[] = []) => {
        seen.push(sql)
        return store.query(sql, values)
      },
    },
  }) as Store
}
