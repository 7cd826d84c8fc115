import { AppError } from '../lib/app-error.js'

/** The policy file, the data folder and the store, as every command that reads them receives them. */
export interface CommonOptions {
  readonly config: string
  readonly data: string
  /** `--store` (or TEMOIN_STORE): the store instead of the policy file's (store-option.ts). */
  readonly store?: string
}

/**
 * Parses a whole number option; `undefined` when absent.
 *
 * @example parseIntegerOption('--port', '8080', 0, 65535) // 8080
 */
export function parseIntegerOption(
  name: string,
  raw: unknown,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined
  const n = typeof raw === 'string' && /^[0-9.e+]+$/i.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new AppError(
      'USAGE',
      `${name} must be a whole number from ${min} to ${max}, got "${typeof raw === 'string' ? raw : typeof raw}"`,
    )
  }
  return n
}
