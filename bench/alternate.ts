/**
 * Measures two subjects `runs` times each, in rounds whose order alternates (a b, b a, a b…),
 * so that a drift of the machine (a merge, the other cores' load) weighs on both alike: paired
 * rounds, as pairedRatio reads them. Warm-up runs are the caller's, before.
 *
 * @example const times = await alternate(['duckdb', 'clickhouse'], 5, (engine) => timeOne(engine))
 */
export async function alternate<K extends string, S>(
  pair: readonly [K, K],
  runs: number,
  measure: (subject: K) => Promise<S>,
  afterRound?: (round: number, got: Readonly<Record<K, readonly S[]>>) => void,
): Promise<Record<K, S[]>> {
  const [a, b] = pair
  const got = { [a]: [], [b]: [] } as unknown as Record<K, S[]>
  for (let round = 0; round < runs; round++) {
    for (const subject of round % 2 === 0 ? [a, b] : [b, a])
      got[subject].push(await measure(subject))
    afterRound?.(round, got)
  }
  return got
}
