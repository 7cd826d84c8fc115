import type { BenchPart } from './bench-part.js'
import { bannerCost } from './parts/banner-cost.js'
import { ingestion } from './parts/ingestion.js'
import { publication } from './parts/publication.js'
import { queries } from './parts/queries.js'
import { scriptWeight } from './parts/script-weight.js'

/** Every part of `npm run bench`, in the order they run (and are numbered in issue 7). */
export const PARTS: readonly BenchPart[] = [
  scriptWeight,
  bannerCost,
  ingestion,
  queries,
  publication,
]
