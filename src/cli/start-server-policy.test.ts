import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadTestConfig } from '../../test/helpers/collector-harness.js'
import { createFakeClock } from '../lib/clock.js'
import type { Config } from '../policy/policy-schema.js'
import { startServer } from './start-server.js'

const folders: string[] = []
afterEach(async () => {
  for (const f of folders.splice(0)) await rm(f, { recursive: true, force: true })
})

/**
 * The server remembers every version of the policy it ran (issue 19): a version that lowers
 * confidentiality, deployed without the notice the policy promises (or announced with a date in
 * the past), does not start; announced as promised, it starts, and the data folder keeps the day
 * it was announced. On a moved clock.
 */
describe('temoin serve and the versions of the policy it ran', () => {
  it('refuses an unannounced or backdated lowering version, and starts one announced as promised', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'temoin-versions-'))
    folders.push(dataDir)
    const base = await loadTestConfig()
    const clock = createFakeClock('2026-11-26T10:00:00Z')
    const logged: string[] = []
    const start = async (config: Config) => {
      const server = await startServer({
        config: { ...config, server: { ...config.server, host: '127.0.0.1', port: 0 } },
        dataDir,
        clock,
        log: (line) => logged.push(line),
        adminSecret: 'a secret for these tests, long enough',
      })
      await server.close()
    }
    const file = join(dataDir, 'policy-versions.json')
    const recorded = async () =>
      (
        JSON.parse(await readFile(file, 'utf8')) as {
          version: string
          firstRun: string
          announced?: string
        }[]
      ).map((v) => [v.version, v.firstRun, v.announced])

    await start(base)
    expect(await recorded()).toEqual([[base.policy.version, '2026-11-26', undefined]])

    const v1 = base.policy
    const longer = { ...v1.retention, eventsMonths: v1.retention.eventsMonths + 1 }
    const lowered = { ...v1, version: '2027-01', effective: '2027-01-31', retention: longer }
    await expect(start({ ...base, policy: lowered })).rejects.toMatchObject({
      code: 'POLICY_NOT_ANNOUNCED',
    })
    // Refused: nothing recorded, and the data folder is free again (the next start opens it).
    expect(await recorded()).toHaveLength(1)

    // Announced on 1 December, effective after the 30 days' notice: it starts during its notice
    // (the banner announces it), and the record keeps the day it was announced.
    const entry = {
      version: '2027-01',
      published: '2026-12-01',
      effective: '2027-01-31',
      summary: { fr: 'Conservation plus longue.', en: 'Kept longer.' },
      reconsent: ['statistics'],
    }
    const announced = { ...lowered, history: [...v1.history, entry] }
    // Deployed only on 20 January with the same dates: the notice counts from then.
    clock.set(Date.parse('2027-01-20T08:00:00Z'))
    await expect(start({ ...base, policy: announced })).rejects.toThrow(
      /may take effect from 2027-02-19, not 2027-01-31/,
    )
    expect(await recorded()).toHaveLength(1)
    clock.set(Date.parse('2026-12-01T08:00:00Z'))
    await start({ ...base, policy: announced })
    expect(await recorded()).toEqual([
      [v1.version, '2026-11-26', undefined],
      ['2027-01', '2026-12-01', '2026-12-01'],
    ])
    expect(logged.join('\n')).toContain('policy: version 2027-01 recorded')
    // Started again on it later: nothing new to record.
    clock.set(Date.parse('2027-02-15T08:00:00Z'))
    await start({ ...base, policy: announced })
    expect(await recorded()).toHaveLength(2)
  })
})
