import { LIST, VARCHAR } from '@duckdb/node-api'
import type { DuckDBAppender, JS } from '@duckdb/node-api'
import type { ConsentReceipt } from '../store.js'
import {
  readBoolean,
  readNullableString,
  readNumber,
  readString,
  readStringList,
  toTimestamp,
} from './sql-values.js'

/** The SELECT list that `toConsentReceipt` reads, in its order. */
export const RECEIPT_COLUMNS =
  'id, epoch_ms(time) AS time, site, policy_version, granted, refused, epoch_ms(deposit) AS deposit, epoch_ms(expires) AS expires, visitor, gpc'

const PURPOSE_LIST = LIST(VARCHAR)

/**
 * Appends one receipt to an appender on `receipts`, in the table's column order (migration 1).
 *
 * @example
 * const appender = await connection.createAppender('receipts')
 * appendReceiptRow(appender, receipt)
 * appender.closeSync()
 */
export function appendReceiptRow(appender: DuckDBAppender, receipt: ConsentReceipt): void {
  appender.appendVarchar(receipt.id)
  appender.appendTimestamp(toTimestamp(receipt.time))
  appender.appendVarchar(receipt.site)
  appender.appendVarchar(receipt.policyVersion)
  appender.appendList(receipt.granted, PURPOSE_LIST)
  appender.appendList(receipt.refused, PURPOSE_LIST)
  appender.appendTimestamp(toTimestamp(receipt.deposit))
  appender.appendTimestamp(toTimestamp(receipt.expires))
  if (receipt.visitor === null) appender.appendNull()
  else appender.appendVarchar(receipt.visitor)
  appender.appendBoolean(receipt.gpc)
  appender.endRow()
}

/**
 * One row selected with `RECEIPT_COLUMNS` (read with `getRowsJS`) → a ConsentReceipt.
 *
 * @example (await connection.runAndReadAll(`SELECT ${RECEIPT_COLUMNS} FROM receipts`)).getRowsJS().map(toConsentReceipt)
 */
export function toConsentReceipt(row: readonly JS[]): ConsentReceipt {
  return {
    id: readString(row[0], 'id'),
    time: readNumber(row[1], 'time'),
    site: readString(row[2], 'site'),
    policyVersion: readString(row[3], 'policy_version'),
    granted: readStringList(row[4], 'granted'),
    refused: readStringList(row[5], 'refused'),
    deposit: readNumber(row[6], 'deposit'),
    expires: readNumber(row[7], 'expires'),
    visitor: readNullableString(row[8], 'visitor'),
    gpc: readBoolean(row[9], 'gpc'),
  }
}
