/** Who a figure covers: every visit, or only visitors who consented (docs/api.md). */
export type Coverage = 'all' | 'consenting'

/** A column of a stats table. */
export interface StatsColumn {
  readonly key: string
  readonly label: string
  readonly coverage?: Coverage | null
}

/** A cell of a stats table. */
export type StatsCell = string | number | boolean | null

/** `GET /api/stats/<table>`: one panel's rows. */
export interface TableAnswer {
  readonly panel: string
  readonly filter: string | null
  readonly columns: readonly StatsColumn[]
  readonly rows: readonly Readonly<Record<string, StatsCell>>[]
}

/** `GET /api/stats/summary`. */
export interface SummaryAnswer {
  readonly site: string
  readonly from: string
  readonly to: string
  readonly previous: { readonly from: string; readonly to: string }
  readonly metrics: readonly {
    readonly key: string
    readonly label: string
    readonly coverage: Coverage
    readonly value: number | null
    readonly previous: number | null
  }[]
}

/** `GET /api/stats/series`. */
export interface SeriesAnswer {
  readonly interval: string
  readonly columns?: readonly StatsColumn[]
  readonly rows: readonly { readonly time: string; readonly [key: string]: StatsCell }[]
}

/** `GET /api/stats/realtime`. */
export interface RealtimeAnswer {
  readonly minutes: number
  readonly visits: number
  readonly pageviews: number
  readonly since: string
}

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
