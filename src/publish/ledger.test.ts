import { readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NEXT, outputOf, useLedgerWorld, YEAR } from '../../test/helpers/ledger-fixtures.js'
import { openLedger } from './ledger.js'
import type { Rational } from './rational.js'

const world = useLedgerWorld()

/** A rational's value, compared exactly: a/b = c/d when a·d = c·b. */
const same = (r: Rational | undefined, num: bigint, den: bigint) =>
  r !== undefined && r.num * den === num * r.den
const file = () => join(world().dir, 'example.org.jsonl')
const lines = async () => (await readFile(file(), 'utf8')).trim().split('\n')

describe('ledger.spent: the sum per window', () => {
  // kills: ledger.ts:101 ConditionalExpression / BooleanLiteral (an entry of another window
  // counted, or none), :102-103 and :164 ArithmeticOperator (the sum).
  it('sums exactly what the releases charging a window spent, and nothing from other windows', async () => {
    await world().spend([YEAR], 0.1, 1e-7)
    await world().spend([YEAR, NEXT], 0.2, 2e-7)
    await world().spend([NEXT], 0.5, 4e-7)
    const year = world().ledger().spent(YEAR)
    expect(same(year.epsilon, 3n, 10n)).toBe(true)
    expect(same(year.delta, 3n, 10_000_000n)).toBe(true)
    const next = world().ledger().spent(NEXT)
    expect(same(next.epsilon, 7n, 10n)).toBe(true)
    expect(same(next.delta, 6n, 10_000_000n)).toBe(true)
  })

  it('is zero for a window nothing was charged to', async () => {
    await world().spend([YEAR], 0.4, 1e-7)
    const spent = world().ledger().spent('2025-01/2025-12')
    expect(same(spent.epsilon, 0n, 1n)).toBe(true)
    expect(same(spent.delta, 0n, 1n)).toBe(true)
  })

  // A restart must not free budget: what was spent is read back from the file.
  it('reads back after a restart the entries, their sums and their stored outputs', async () => {
    const first = await world().spend([YEAR], 0.1, 1e-7)
    await world().spend([YEAR], 0.2)
    const reopened = await world().reopen()
    expect(reopened.entries.map((e) => [e.seq, e.id, e.epsilon, e.windows])).toEqual([
      [1, 'r1', 0.1, [YEAR]],
      [2, 'r2', 0.2, [YEAR]],
    ])
    expect(same(reopened.spent(YEAR).epsilon, 3n, 10n)).toBe(true)
    expect(reopened.find('r1')).toEqual(first)
    expect(reopened.find('r3')).toBeUndefined()
    expect(await reopened.readOutput(first)).toEqual(outputOf('r1'))
    // And it appends after them, chained to the last line.
    expect((await world().spend([YEAR], 0.1)).seq).toBe(3)
    expect((await world().reopen()).entries).toHaveLength(3)
  })
})

describe('ledger: the file', () => {
  it('numbers lines from 1 and chains each to the hash of the one before', async () => {
    const a = await world().spend([YEAR], 0.1)
    const b = await world().spend([YEAR], 0.1)
    expect([a.seq, b.seq]).toEqual([1, 2])
    expect(a.previous).toBe('')
    expect(b.previous).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.parse((await lines())[1] as string)).toEqual(b)
  })

  // The ledger and the outputs hold what was published and what it cost: the operator's alone.
  it('keeps its folder, its lines and its outputs private to the owner', async () => {
    await world().spend([YEAR], 0.1)
    expect((await stat(join(world().dir, 'example.org'))).mode & 0o777).toBe(0o700)
    expect((await stat(file())).mode & 0o777).toBe(0o600)
    expect((await stat(join(world().dir, 'example.org', 'r1.json'))).mode & 0o777).toBe(0o600)
  })

  it('refuses a second opener while the lock is held, and lets the next one in once closed', async () => {
    const second = openLedger(world().dir, 'example.org')
    await expect(second).rejects.toMatchObject({
      code: 'LEDGER_BUSY',
      where: join(world().dir, 'ledger.lock'),
      message: expect.stringContaining('another temoin publish is running') as string,
    })
    expect(await readFile(join(world().dir, 'ledger.lock'), 'utf8')).toBe(`${process.pid}\n`)
    await world().reopen()
  })

  // kills: ledger.ts:74 ConditionalExpression code === 'EEXIST' → true (every failure to take
  // the lock told as "another publish is running"). A root test process cannot be refused a file
  // by its mode, so the failure is a folder where no file can be made: /proc exists (the site's
  // folder /proc/self too), but creating /proc/ledger.lock fails with ENOENT.
  it('reports a lock it cannot create as that failure, not as another publish running', async () => {
    const failure = openLedger('/proc', 'self')
    await expect(failure).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(failure).rejects.not.toMatchObject({ code: 'LEDGER_BUSY' })
  })

  // kills: ledger.ts:134 ObjectLiteral / BooleanLiteral (force: true): an operator who removed
  // the lock by hand (thinking it stale) does not make the running publish fail at its end.
  it('closes cleanly when the lock was already removed', async () => {
    await rm(join(world().dir, 'ledger.lock'))
    await expect(world().ledger().close()).resolves.toBeUndefined()
  })

  it('refuses a line that is not JSON, naming the file and the line', async () => {
    await world().spend([YEAR], 0.1)
    await world().ledger().close()
    await writeFile(file(), `${(await lines())[0] as string}\n{oops\n`)
    await expect(openLedger(world().dir, 'example.org')).rejects.toMatchObject({
      code: 'LEDGER_INVALID',
      message: `${file()}:2: not a JSON line.`,
      where: file(),
    })
  })

  // kills: :151 LogicalOperator (|| → &&) and ConditionalExpression → false on the chain.
  it('refuses a ledger whose line was edited (the next line no longer chains to it)', async () => {
    await world().spend([YEAR], 0.4)
    await world().spend([YEAR], 0.4)
    await world().ledger().close()
    const [first, second] = await lines()
    await writeFile(
      file(),
      `${(first as string).replace('"epsilon":0.4', '"epsilon":0.1')}\n${second as string}\n`,
    )
    const opened = openLedger(world().dir, 'example.org')
    await expect(opened).rejects.toMatchObject({
      code: 'LEDGER_INVALID',
      message: expect.stringMatching(/:2: the chain is broken/) as string,
    })
    // kills: :87 BlockStatement / removed rm — the lock was let go: fixing the file is enough,
    // no stale lock to remove by hand.
    await writeFile(file(), `${first as string}\n${second as string}\n`)
    const fixed = await openLedger(world().dir, 'example.org')
    expect(fixed.entries).toHaveLength(2)
    await fixed.close()
  })

  // kills: :151 the seq half of the condition: a first line (previous '') numbered 2, as when
  // the line before it was removed together with the chain's hash.
  it('refuses a ledger whose lines are not numbered from 1 in order', async () => {
    await world().spend([YEAR], 0.4)
    await world().ledger().close()
    await writeFile(file(), `${((await lines())[0] as string).replace('"seq":1', '"seq":2')}\n`)
    // kills: ledger.ts:155 ObjectLiteral (where): the error names the ledger file.
    await expect(openLedger(world().dir, 'example.org')).rejects.toMatchObject({
      code: 'LEDGER_INVALID',
      where: file(),
      message: expect.stringMatching(/:1: the chain is broken/) as string,
    })
  })

  it('refuses a stored output that was changed or removed', async () => {
    const entry = await world().spend([YEAR], 0.1)
    const path = join(world().dir, 'example.org', 'r1.json')
    await writeFile(path, JSON.stringify({ ...outputOf('r1'), name: 'edited' }) + '\n')
    await expect(world().ledger().readOutput(entry)).rejects.toMatchObject({
      code: 'LEDGER_INVALID',
      where: path,
      message: `${path}: the stored output of release r1 (ledger line 1) is missing or was changed.`,
    })
    await writeFile(path, '')
    await expect(
      world()
        .ledger()
        .readOutput({ ...entry, id: 'gone' }),
    ).rejects.toMatchObject({
      code: 'LEDGER_INVALID',
    })
  })
})
