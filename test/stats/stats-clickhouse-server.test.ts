import {
  compareDashboardAtVolume,
  compareEveryEndpoint,
  openClickhouseServer,
} from '../helpers/stats-comparison.js'

// On Debian's ClickHouse 18.16 server, which this file starts (twice): no window functions, no
// JSON functions, no positional GROUP BY. stats-clickhouse*.test.ts run the same on chdb 26.
compareEveryEndpoint('18.16 server', openClickhouseServer)
compareDashboardAtVolume('18.16 server', openClickhouseServer)
