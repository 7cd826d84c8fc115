import type { EarlierRows } from './sql-dialect.js'

/**
 * A window expression: the largest non-null `expr` of the rows before this one in the same
 * `partition`, in `order` (NULL when there is none) — with `expr` the ordering column, the
 * previous row's; with `CASE WHEN cond THEN t END`, the previous row's where `cond` held.
 * Standard SQL, as DuckDB and SQLite write it.
 *
 * @example maxOfEarlierRows('bucket', 'visitor', 'bucket') // 'max(bucket) OVER (PARTITION BY visitor …)'
 */
export function maxOfEarlierRows(expr: string, partition: string, order: string): string {
  return `max(${expr}) OVER (PARTITION BY ${partition} ORDER BY ${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`
}

/**
 * SqlDialect.earlierRows with a window per added column, for the engines that have them.
 *
 * @example windowEarlierRows('(SELECT …)', { partition: 'visitor', order: 'bucket', columns: ['visitor', 'bucket'], earlier: { seen_before: null } })
 */
export function windowEarlierRows(rows: string, shape: EarlierRows): string {
  const { partition, order } = shape
  const added = Object.entries(shape.earlier).map(([name, condition]) => {
    const expr = condition === null ? order : `CASE WHEN ${condition} THEN ${order} END`
    return `CASE WHEN ${partition} = '' THEN NULL ELSE ${maxOfEarlierRows(expr, partition, order)} END AS ${name}`
  })
  return `SELECT ${[...shape.columns, ...added].join(', ')} FROM ${rows} AS r`
}
