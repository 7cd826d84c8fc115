import type { Cell, Column } from '../stats/stats-types.js'

export type {
  Coverage,
  RealtimeAnswer,
  SeriesAnswer,
  SummaryAnswer,
  TableAnswer,
} from '../stats/stats-types.js'

/** A column of a stats table (the stats API's contract, src/stats/stats-types.ts). */
export type StatsColumn = Column

/** A cell as the page reads it: the API's, or nothing when a row lacks the column. */
export type StatsCell = Cell | null | boolean

/** An error answer of the API: `{ error: { code, message, where?, fix } }`. */
export interface ErrorAnswer {
  readonly code: string
  readonly message: string
  readonly where?: string
  readonly fix: string
}

/** What the page got for one call: the answer, or the API's error. */
export type Answer<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorAnswer }

/**
 * Reads a stats API answer: its JSON body when 2xx, else its `error` object (or a generic one
 * when the body is not the API's error shape).
 *
 * @example const summary = await readAnswer<SummaryAnswer>(await stats(req))
 */
export async function readAnswer<T>(res: Response): Promise<Answer<T>> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
  if (res.ok && typeof body === 'object' && body !== null) return { ok: true, value: body as T }
  const error = (body as { error?: Partial<ErrorAnswer> } | undefined)?.error
  return {
    ok: false,
    error: {
      code: typeof error?.code === 'string' ? error.code : `HTTP_${res.status}`,
      message:
        typeof error?.message === 'string'
          ? error.message
          : `The stats API answered ${res.status}.`,
      ...(typeof error?.where === 'string' ? { where: error.where } : {}),
      fix: typeof error?.fix === 'string' ? error.fix : 'Check the server log.',
    },
  }
}
