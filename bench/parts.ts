import type { BenchPart } from './bench-part.js'
import { bannerCost } from './parts/banner-cost.js'
import { clickhouse } from './parts/clickhouse.js'
import { hostile } from './parts/hostile.js'
import { ingestion } from './parts/ingestion.js'
import { publication } from './parts/publication.js'
import { queries } from './parts/queries.js'
import { scriptWeight } from './parts/script-weight.js'

/** Every part of `npm run bench`, in the order they run (numbered as in issue 7; 6 is issue 16's hostile load, 7 issue 21's ClickHouse). */
export const PARTS: readonly BenchPart[] = [
  scriptWeight,
  bannerCost,
  ingestion,
  queries,
  publication,
  hostile,
  clickhouse,
]
