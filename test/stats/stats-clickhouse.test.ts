import { compareEveryEndpoint, openChdb } from '../helpers/stats-comparison.js'

// On chdb, a current engine (26.x); stats-clickhouse-server.test.ts runs the same on 18.16.
compareEveryEndpoint('chdb 26', openChdb)
