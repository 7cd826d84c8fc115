/**
 * The message of anything thrown, for logs and wrapped errors.
 *
 * @example errorMessage(new Error('disk full')) // 'disk full'
 */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
