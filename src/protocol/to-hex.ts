/**
 * Lower-case hex of some bytes, for ids (visitor ids, events, receipts).
 *
 * @example toHex(new Uint8Array([1, 171])) // '01ab'
 */
export function toHex(bytes: Uint8Array): string {
  let hex = ''
  for (const b of bytes) hex += b.toString(16).padStart(2, '0')
  return hex
}
