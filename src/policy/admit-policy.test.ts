import { describe, expect, it } from 'vitest'
import { loadTestConfig } from '../../test/helpers/collector-harness.js'
import { AppError } from '../lib/app-error.js'
import { admitPolicy, type RunVersion } from './admit-policy.js'
import type { Policy } from './policy-schema.js'

const day = (d: string) => Date.parse(`${d}T12:00:00Z`)

async function versions() {
  const v1 = (await loadTestConfig()).policy
  // Events kept longer: a change that lowers confidentiality, for every purpose.
  const longer = { ...v1.retention, eventsMonths: v1.retention.eventsMonths + 1 }
  const lowered: Policy = { ...v1, version: '2027-01', effective: '2027-01-31', retention: longer }
  const announced = (published: string, effective: string): Policy => ({
    ...lowered,
    effective,
    history: [
      ...v1.history,
      {
        version: '2027-01',
        published,
        effective,
        summary: { fr: 'Conservation plus longue.', en: 'Kept longer.' },
        reconsent: ['statistics'], // the purpose whose events are kept longer
      },
    ],
  })
  const ran: RunVersion = { version: v1.version, firstRun: '2026-11-26', policy: v1 }
  return { v1, lowered, announced, ran }
}

const refusal = (f: () => unknown): AppError => {
  try {
    f()
  } catch (e) {
    if (e instanceof AppError) return e
    throw e
  }
  throw new Error('not refused')
}

describe('admitPolicy: the server remembers the versions it ran', () => {
  it('records the first version, nothing for the same one, and a change that lowers nothing', async () => {
    const { v1, ran } = await versions()
    expect(admitPolicy(v1, undefined, day('2026-11-26'))).toEqual(ran)
    expect(admitPolicy(v1, ran, day('2026-12-01'))).toBeUndefined()
    const minor = { ...v1, version: '2026-12', notice: { days: v1.notice.days + 1 } }
    expect(admitPolicy(minor, ran, day('2026-12-01'))).toMatchObject({
      version: '2026-12',
      firstRun: '2026-12-01',
    })
  })

  it('refuses a minor version that rewrites whom an earlier version asked again (POLICY_INVALID)', async () => {
    const { announced, ran } = await versions()
    const lowering = announced('2026-11-26', '2027-01-31')
    const first = admitPolicy(lowering, ran, day('2026-11-26'))!
    const entry = lowering.history.at(-1)!
    // A later minor version drops statistics from 2027-01's reconsent: old consents would count again.
    const rewritten: Policy = {
      ...lowering,
      version: '2027-02',
      effective: '2027-02-01',
      history: [...lowering.history.slice(0, -1), { ...entry, reconsent: [] }],
    }
    const e = refusal(() => admitPolicy(rewritten, first, day('2027-02-01')))
    expect(e.code).toBe('POLICY_INVALID')
    expect(e.message).toContain(
      'version 2027-02 changes what visitors were told under version 2027-01, which this data folder has run since 2026-11-26',
    )
    expect(e.details.join('\n')).toContain('[history-rewritten]')
  })

  it('refuses a lowering version deployed without its notice, naming the change and the rule', async () => {
    const { lowered, ran } = await versions()
    const e = refusal(() => admitPolicy(lowered, ran, day('2027-02-15')))
    expect(e.code).toBe('POLICY_NOT_ANNOUNCED')
    expect(e.message).toContain('version 2027-01 lowers confidentiality (retention.eventsMonths)')
    expect(e.message).toContain(
      `compared with version ${ran.version}, which this data folder has run since 2026-11-26`,
    )
    expect(e.details.join('\n')).toContain('[notice-period]')
  })

  it('refuses a notice shorter than promised', async () => {
    const { announced, ran, v1 } = await versions()
    const short = announced('2027-01-20', '2027-01-31') // 11 days
    expect(v1.notice.days).toBeGreaterThan(11)
    expect(refusal(() => admitPolicy(short, ran, day('2027-02-15'))).details.join('\n')).toContain(
      'must be announced',
    )
  })

  // Announced properly, it starts during its notice (the banner announces it, and asks again
  // from its effective date), and the record keeps the day it was announced.
  it('starts an announced lowering version during its notice, and records the day it was announced', async () => {
    const { announced, ran } = await versions()
    expect(
      admitPolicy(announced('2026-12-01', '2027-01-31'), ran, day('2026-11-30')),
    ).toMatchObject({
      version: '2027-01',
      firstRun: '2026-11-30',
      announced: '2026-12-01',
    })
  })

  // The file alone cannot prove when visitors were told: a publication date written in the past
  // buys no notice. Deployed on 20 January, it is told from 20 January, so effective 19 February.
  it('counts the notice from today when the publication date is in the past', async () => {
    const { announced, ran } = await versions()
    const backdated = announced('2026-12-01', '2027-01-31')
    const e = refusal(() => admitPolicy(backdated, ran, day('2027-01-20')))
    expect(e.code).toBe('POLICY_NOT_ANNOUNCED')
    expect(e.message).toContain(
      'published on 2026-12-01, but visitors are told from today (2027-01-20) at the earliest, so it may take effect from 2027-02-19, not 2027-01-31',
    )
    // The same change with that effective date starts, announced today.
    expect(
      admitPolicy(announced('2026-12-01', '2027-02-19'), ran, day('2027-01-20')),
    ).toMatchObject({
      announced: '2027-01-20',
    })
  })
})
