import { timingSafeEqual } from 'node:crypto'
import { AppError } from '../lib/app-error.js'
import type { StatsAuthorize } from './create-stats-api.js'
import { reject } from './reject.js'

/**
 * An `authorize` for the stats API that accepts only `Authorization: Bearer <token>` with the
 * given secret (compared in constant time), and refuses everything else with 401 UNAUTHORIZED:
 * what `temoin serve` uses until the dashboard's own authentication is plugged in, so that the
 * statistics are never readable by default.
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
