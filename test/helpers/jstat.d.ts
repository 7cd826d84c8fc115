// jstat ships no types; only what the statistical tests use.
declare module 'jstat' {
  export const jStat: {
    chisquare: { cdf(x: number, df: number): number }
  }
}
