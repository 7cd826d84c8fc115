import { timingSafeEqual } from 'node:crypto'
import { AppError } from '../../src/lib/app-error.js'
import type { StatsAuthorize } from '../../src/collector/create-stats-api.js'
import { reject } from '../../src/collector/reject.js'

/**
 * An `authorize` for the stats API in tests that accepts only `Authorization: Bearer <token>`
 * with the given secret (compared in constant time), and refuses everything else with 401
 * UNAUTHORIZED — the stats API alone, without the dashboard's sessions and tokens (src/auth/).
 *
 * @example const authorize = createBearerAuthorize(adminToken)
 */
export function createBearerAuthorize(token: string): StatsAuthorize {
  const expected = Buffer.from(token)
  return (req) => {
    const given = Buffer.from((req.headers.get('authorization') ?? '').replace(/^Bearer /, ''))
    if (expected.length > 0 && given.length === expected.length && timingSafeEqual(given, expected))
      return Promise.resolve(null)
    return Promise.resolve(
      reject(
        new AppError(
          'UNAUTHORIZED',
          'the stats API needs the admin token the server wrote in server.json (Authorization: Bearer …)',
        ),
        { 'WWW-Authenticate': 'Bearer realm="temoin"' },
      ),
    )
  }
}
