import { describe, expect, it } from 'vitest'
import { createFakeClock } from '../lib/clock.js'
import { createSessionStore } from './session-store.js'

/**
 * Dashboard sessions end at their fixed lifetime, whatever their use: a stolen cookie is worth
 * at most `lifetimeMs` from the login. The clock is fake, so every boundary is checked to the
 * millisecond, with no sleep.
 */
const HOUR = 3_600_000
const LIFETIME = 12 * HOUR

/** Random bytes that differ at each call (so that every session gets a new id), and are repeatable. */
function countingBytes() {
  let n = 0
  return (size: number) => {
    n++
    const bytes = new Uint8Array(size)
    for (let i = 0; i < size; i++) bytes[i] = (i * 37) & 255
    new DataView(bytes.buffer).setUint32(0, n)
    return bytes
  }
}

function store(max?: number) {
  const clock = createFakeClock('2026-11-26T10:00:00Z')
  const sessions = createSessionStore({
    clock,
    randomBytes: countingBytes(),
    lifetimeMs: LIFETIME,
    ...(max === undefined ? {} : { max }),
  })
  return { clock, sessions }
}

describe('a session', () => {
  // kills: session-store.ts:45 ArithmeticOperator (now - lifetimeMs)
  it('gets a 43-character id and ends exactly lifetimeMs after its creation', () => {
    const { clock, sessions } = store()
    const { id, expires } = sessions.create()
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(expires).toBe(clock.now() + LIFETIME)
  })

  // kills: session-store.ts:53 EqualityOperator (expires >= now) and ConditionalExpression → true
  it('is valid until the millisecond before `expires`, and not at `expires` nor after', () => {
    const { clock, sessions } = store()
    const { id, expires } = sessions.create()
    clock.set(expires - 1)
    expect(sessions.isValid(id)).toBe(true)
    clock.set(expires)
    expect(sessions.isValid(id)).toBe(false)
    clock.set(expires + HOUR)
    expect(sessions.isValid(id)).toBe(false)
  })

  // The example: a session extended at each use would still be valid at `expires`.
  it('is never extended by use: checked every hour of its life, it still ends at its fixed end', () => {
    const { clock, sessions } = store()
    const { id, expires } = sessions.create()
    for (let h = 0; h < 12; h++) {
      expect(sessions.isValid(id), `hour ${h}`).toBe(true)
      clock.advance(HOUR - 1)
      expect(sessions.isValid(id), `hour ${h}, a millisecond before the next`).toBe(true)
      clock.advance(1)
    }
    expect(clock.now()).toBe(expires)
    expect(sessions.isValid(id)).toBe(false)
  })

  it('once expired, stays expired even if the clock steps back (it is forgotten)', () => {
    const { clock, sessions } = store()
    const { id, expires } = sessions.create()
    clock.set(expires)
    expect(sessions.isValid(id)).toBe(false)
    clock.set(expires - HOUR)
    expect(sessions.isValid(id)).toBe(false)
  })

  // kills: session-store.ts:52 ConditionalExpression → true (every id refused)
  it('ids that were never created, or of the wrong shape, are refused; base64url ids with - and _ are not', () => {
    const clock = createFakeClock('2026-11-26T10:00:00Z')
    // 0xFB 0xFF 0xBF is "-_-_" in base64url: the id holds both characters outside [A-Za-z0-9].
    const sessions = createSessionStore({
      clock,
      randomBytes: (n) => new Uint8Array(n).map((_, i) => [0xfb, 0xff, 0xbf][i % 3]!),
      lifetimeMs: LIFETIME,
    })
    const { id } = sessions.create()
    expect(id).toContain('-')
    expect(id).toContain('_')
    expect(sessions.isValid(id)).toBe(true)
    for (const wrong of ['', 'A'.repeat(43), id.slice(1), `${id}A`, `${id.slice(0, 42)}=`]) {
      expect(sessions.isValid(wrong), JSON.stringify(wrong)).toBe(false)
    }
  })

  // kills: session-store.ts:57 BlockStatement (remove does nothing)
  it('remove ends it at once, and only it; an unknown id is ignored', () => {
    const { sessions } = store()
    const a = sessions.create()
    const b = sessions.create()
    expect(a.id).not.toBe(b.id)
    sessions.remove('not a session')
    sessions.remove(a.id)
    expect(sessions.isValid(a.id)).toBe(false)
    expect(sessions.isValid(b.id)).toBe(true)
  })
})

describe('at most `max` live sessions', () => {
  // kills: session-store.ts:43 EqualityOperator (live.size > max) and ConditionalExpression → false
  it('past `max`, the oldest session ends and the others live on', () => {
    const { sessions } = store(3)
    const ids = Array.from({ length: 4 }, () => sessions.create().id)
    expect(ids.map((id) => sessions.isValid(id))).toEqual([false, true, true, true])
    const fifth = sessions.create().id
    expect([...ids, fifth].map((id) => sessions.isValid(id))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ])
  })

  // kills: session-store.ts:32 LogicalOperator (options.max && 1000)
  it('is 1000 by default', () => {
    const { sessions } = store()
    const ids = Array.from({ length: 1001 }, () => sessions.create().id)
    expect(sessions.isValid(ids[0]!)).toBe(false)
    expect(sessions.isValid(ids[1]!)).toBe(true)
    expect(sessions.isValid(ids[1000]!)).toBe(true)
  })

  // A login frees the places of the sessions that ended, before a live one is evicted. With a
  // monotonic clock the ended ones are always the oldest, so eviction alone would pick them; a
  // system clock stepped back (NTP) makes a younger session end first, which tells them apart.
  // kills: session-store.ts:37 EqualityOperator (expires < now), ConditionalExpression → false,
  // and the sweep's call or loop body removed
  it('sessions that ended are dropped before a live one is evicted, even after the clock stepped back', () => {
    const { clock, sessions } = store(2)
    const start = clock.now()
    const older = sessions.create() // ends at start + 12 h
    clock.set(start - 6 * HOUR)
    const younger = sessions.create() // ends at start + 6 h: it ends first
    clock.set(younger.expires)
    const third = sessions.create()
    expect(sessions.isValid(older.id)).toBe(true)
    expect(sessions.isValid(third.id)).toBe(true)
    expect(sessions.isValid(younger.id)).toBe(false)
  })
})
